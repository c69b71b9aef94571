package io.orderstream.job.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderstream.job.model.Order;
import io.orderstream.job.model.OrderEvent;
import io.orderstream.job.model.OrderItem;
import io.orderstream.job.model.RawRecord;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.api.Test;

/** Flink's serializer contract tests (copy, reuse, sequences, snapshots, duplicates) on varied orders. */
class OrderEventSerializerTest extends SerializerTestBase<OrderEvent> {
    OrderEventSerializerTest() {
        super(FieldByFieldEquality.checker(OrderEvent.class));
    }

    @Override
    protected TypeSerializer<OrderEvent> createSerializer() {
        return new OrderEventSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<OrderEvent> getTypeClass() {
        return OrderEvent.class;
    }

    @Override
    protected void deepEquals(String message, OrderEvent should, OrderEvent is) {
        FieldByFieldEquality.assertEqual(message, should, is);
    }

    @Override
    protected OrderEvent[] getTestData() {
        Order full = new Order();
        full.orderId = "ORD-1";
        full.customerId = "CUST-1";
        full.legacyCustomerId = "C-legacy";
        full.eventTimeText = "2026-12-04T10:15:30.123+01:00";
        full.eventTimeNumber = new BigDecimal("1795429530123");
        full.eventTimeMillis = 1_795_429_530_123L;
        full.currency = "EUR";
        full.total = new BigDecimal("59.90"); // the scale is part of the value
        full.items = new OrderItem[] {
            new OrderItem("SKU-1", new BigDecimal("2"), new BigDecimal("19.95")),
            new OrderItem("SKU-ü€", new BigDecimal("1.0"), new BigDecimal("20.000")),
            null,
        };
        full.channel = "web";
        full.region = "eu-west";
        full.promoCode = "WINTER";
        RawRecord replayed = new RawRecord("orders.raw", 3, 123_456_789_012L, 1_795_429_530_999L,
                "{\"order_id\":\"ORD-1\"}".getBytes(StandardCharsets.UTF_8));
        replayed.replayOf = "orders.raw-1@7";

        Order sparse = new Order(); // what the parser leaves of a record with few known fields
        sparse.orderId = "";
        sparse.eventTimeMillis = -1;
        sparse.items = new OrderItem[0];

        Order huge = new Order(); // decimals beyond 18 digits take the long form
        huge.total = new BigDecimal("-123456789012345678901234567890.123456789");
        huge.eventTimeNumber = new BigDecimal("1E+400");
        huge.items = new OrderItem[] {new OrderItem(null, new BigDecimal("0E-7"), new BigDecimal("999999999999999999"))};

        return new OrderEvent[] {
            new OrderEvent(full, replayed),
            new OrderEvent(sparse, new RawRecord("t", 0, 0, 0, new byte[0])),
            new OrderEvent(huge, new RawRecord(null, -1, -1, Long.MIN_VALUE, null)),
            new OrderEvent(null, new RawRecord("t", 1, 2, 3, new byte[] {(byte) 0xFF, 0})),
            new OrderEvent(sparse, null),
        };
    }

    @Test
    void copiesAreDeep() {
        OrderEvent original = getTestData()[0];
        OrderEvent copy = createSerializer().copy(original);
        assertThat(copy.order).isNotSameAs(original.order);
        assertThat(copy.order.items).isNotSameAs(original.order.items);
        assertThat(copy.order.items[0]).isNotSameAs(original.order.items[0]);
        assertThat(copy.source).isNotSameAs(original.source);
        assertThat(copy.source.payload).isNotSameAs(original.source.payload).isEqualTo(original.source.payload);
    }

    @Test
    void isWhatFlinkUsesForTheType() {
        TypeInformation<OrderEvent> type = TypeInformation.of(OrderEvent.class);
        assertThat(type).isInstanceOf(HandWrittenTypeInfo.class);
        assertThat(type.createSerializer(new SerializerConfigImpl())).isInstanceOf(OrderEventSerializer.class);
    }

    /** Fails when a field is added to a class the serializer writes: add it there, then here. */
    @Test
    void writesEveryField() {
        assertThat(fields(OrderEvent.class)).containsExactly("order", "source");
        assertThat(fields(Order.class)).containsExactly("orderId", "customerId", "legacyCustomerId", "eventTimeText",
                "eventTimeNumber", "eventTimeMillis", "currency", "total", "items", "channel", "region", "promoCode");
        assertThat(fields(OrderItem.class)).containsExactly("sku", "quantity", "unitPrice");
        assertThat(fields(RawRecord.class)).containsExactly("topic", "partition", "offset", "kafkaTimestamp",
                "payload", "replayOf");
    }

    static String[] fields(Class<?> type) {
        return Arrays.stream(type.getDeclaredFields())
                // transient: by design never written (RawRecord.parsed only passes between chained operators)
                .filter(f -> !Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers()))
                .map(Field::getName)
                .toArray(String[]::new);
    }
}
