package io.orderstream.job.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderstream.job.model.WindowedOrder;
import java.math.BigDecimal;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.api.Test;

/** Flink's serializer contract tests on window inputs, every flag combination included. */
class WindowedOrderSerializerTest extends SerializerTestBase<WindowedOrder> {
    WindowedOrderSerializerTest() {
        super(FieldByFieldEquality.checker(WindowedOrder.class));
    }

    @Override
    protected TypeSerializer<WindowedOrder> createSerializer() {
        return new WindowedOrderSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<WindowedOrder> getTypeClass() {
        return WindowedOrder.class;
    }

    @Override
    protected void deepEquals(String message, WindowedOrder should, WindowedOrder is) {
        FieldByFieldEquality.assertEqual(message, should, is);
    }

    @Override
    protected WindowedOrder[] getTestData() {
        return new WindowedOrder[] {
            order("ORD-1", "CUST-1", "USD", new BigDecimal("59.90"), 1_795_429_500_000L, false, false),
            order("ORD-2", "CUST-ü", "EUR", new BigDecimal("0.00"), 0L, true, false),
            order("ORD-3", "CUST-3", "JPY", new BigDecimal("12345678901234567890.5"), -300_000L, false, true),
            order(null, null, null, null, Long.MAX_VALUE, true, true),
        };
    }

    private static WindowedOrder order(String id, String customer, String currency, BigDecimal total,
                                       long windowStart, boolean late, boolean first) {
        WindowedOrder w = new WindowedOrder();
        w.orderId = id;
        w.customerId = customer;
        w.currency = currency;
        w.total = total;
        w.windowStart = windowStart;
        w.lateAccepted = late;
        w.firstOrderOfCustomerInWindow = first;
        return w;
    }

    @Test
    void isWhatFlinkUsesForTheType() {
        TypeInformation<WindowedOrder> type = TypeInformation.of(WindowedOrder.class);
        assertThat(type).isInstanceOf(HandWrittenTypeInfo.class);
        assertThat(type.createSerializer(new SerializerConfigImpl())).isInstanceOf(WindowedOrderSerializer.class);
    }

    /** Fails when a field is added to {@link WindowedOrder}: add it to the serializer, then here. */
    @Test
    void writesEveryField() {
        assertThat(OrderEventSerializerTest.fields(WindowedOrder.class)).containsExactly("orderId", "customerId",
                "currency", "total", "windowStart", "lateAccepted", "firstOrderOfCustomerInWindow");
    }
}
