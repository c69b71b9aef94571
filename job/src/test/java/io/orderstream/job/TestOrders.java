package io.orderstream.job;

import io.orderstream.job.model.Customer;
import io.orderstream.job.model.EnrichedOrder;
import io.orderstream.job.model.Order;
import io.orderstream.job.model.OrderEvent;
import io.orderstream.job.model.OrderItem;
import io.orderstream.job.model.RawRecord;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

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

    /** A valid order (before validation resolved its event time). */
    public static Order order(String orderId, String customerId, String currency, String total) {
        Order o = new Order();
        o.orderId = orderId;
        o.customerId = customerId;
        o.eventTimeText = "2026-11-23T10:15:30.123Z";
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
