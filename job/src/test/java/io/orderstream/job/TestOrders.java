package io.orderstream.job;

import io.orderstream.job.model.Customer;
import io.orderstream.job.model.EnrichedOrder;
import io.orderstream.job.model.Order;
import io.orderstream.job.model.OrderEvent;
import io.orderstream.job.model.OrderItem;
import io.orderstream.job.model.RawRecord;
import io.orderstream.job.source.RawRecordDeserializer;
import io.orderstream.job.validate.EventTimes;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Small builders shared by the job's tests. */
public final class TestOrders {
    private TestOrders() {}

    public static final String SPEC_EXAMPLE = "{\"order_id\":\"ORD-20261123-000042\",\"customer_id\":\"CUST-123\","
            + "\"event_time\":\"2026-11-23T10:15:30.123Z\",\"currency\":\"USD\",\"total\":59.97,"
            + "\"items\":[{\"sku\":\"SKU-1\",\"quantity\":3,\"unit_price\":19.99}],\"channel\":\"web\"}";

    public static RawRecord raw(String payload) {
        return raw(payload.getBytes(StandardCharsets.UTF_8));
    }

    public static RawRecord raw(byte[] payload) {
        return new RawRecord("orders.raw", 3, 1234L, Instant.parse("2026-11-23T10:15:31Z").toEpochMilli(), payload);
    }

    /**
     * The record as the Kafka source hands it on: read by the job's deserializer at partition 3, offset
     * 1234, with the outcome of its one parse.
     */
    public static RawRecord readBySource(byte[] payload, int maxRecordBytes) {
        RawRecordDeserializer deserializer = new RawRecordDeserializer(maxRecordBytes);
        deserializer.open(null); // the context is for metrics and user code class loading; unused here
        List<RawRecord> read = new ArrayList<>();
        deserializer.deserialize(new ConsumerRecord<>("orders.raw", 3, 1234L, null, payload), new ListCollector<>(read));
        if (read.size() != 1) {
            throw new AssertionError("the deserializer handed on " + read.size() + " records for one");
        }
        return read.get(0);
    }

    /** A valid order as the parser leaves it (event time resolved). */
    public static Order order(String orderId, String customerId, String currency, String total) {
        Order o = new Order();
        o.orderId = orderId;
        o.customerId = customerId;
        o.eventTimeText = "2026-11-23T10:15:30.123Z";
        o.eventTimeMillis = EventTimes.fromText(o.eventTimeText);
        o.currency = currency;
        o.total = new BigDecimal(total);
        o.items = new OrderItem[] {new OrderItem("SKU-1", BigDecimal.ONE, new BigDecimal(total))};
        return o;
    }

    public static OrderEvent event(String orderId) {
        Order o = order(orderId, "CUST-1", "USD", "10.00");
        return new OrderEvent(o, raw("{\"order_id\":\"" + orderId + "\"}"));
    }

    /** An enriched order with its event time resolved. */
    public static EnrichedOrder enriched(String orderId, String customerId, long eventTimeMillis,
                                         String currency, String total) {
        Order o = order(orderId, customerId, currency, total);
        o.eventTimeMillis = eventTimeMillis;
        return new EnrichedOrder(o, new Customer(customerId, "gold", "DE", "2020-01-01"), raw("{}"));
    }

    public static long millis(String isoInstant) {
        return Instant.parse(isoInstant).toEpochMilli();
    }
}
