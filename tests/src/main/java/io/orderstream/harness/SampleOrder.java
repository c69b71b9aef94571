package io.orderstream.harness;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A valid order as a producer would write it to {@code orders.raw}, with its exact total. Tests and
 * the local run's generator build orders with it and compute expected results from its fields.
 */
public final class SampleOrder {
    /** One item line. */
    public record Item(String sku, int quantity, BigDecimal unitPrice) {}

    public final String orderId;
    public final String customerId;
    public final long eventTime;
    public final String currency;
    public final List<Item> items;

    public SampleOrder(String orderId, String customerId, long eventTime, String currency, List<Item> items) {
        this.orderId = orderId;
        this.customerId = customerId;
        this.eventTime = eventTime;
        this.currency = currency;
        this.items = List.copyOf(items);
    }

    /** A valid order with 1 to 3 random items priced in cents. */
    public static SampleOrder random(Random random, String orderId, String customerId, long eventTime, String currency) {
        List<Item> items = new ArrayList<>();
        int lines = 1 + random.nextInt(3);
        for (int i = 0; i < lines; i++) {
            BigDecimal price = BigDecimal.valueOf(50 + random.nextInt(20_000), 2);
            items.add(new Item("SKU-" + random.nextInt(500), 1 + random.nextInt(4), price));
        }
        return new SampleOrder(orderId, customerId, eventTime, currency, items);
    }

    public BigDecimal total() {
        return items.stream()
                .map(i -> i.unitPrice().multiply(BigDecimal.valueOf(i.quantity())))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public String toJson() {
        return toJson("customer_id");
    }

    /** The same order with the customer under another field name ({@code cust_id}, the legacy one). */
    public String toJson(String customerField) {
        StringBuilder json = new StringBuilder()
                .append("{\"order_id\":\"").append(orderId)
                .append("\",\"").append(customerField).append("\":\"").append(customerId)
                .append("\",\"event_time\":\"").append(Instant.ofEpochMilli(eventTime))
                .append("\",\"currency\":\"").append(currency)
                .append("\",\"total\":").append(total().toPlainString())
                .append(",\"items\":[");
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            json.append(i == 0 ? "" : ",")
                    .append("{\"sku\":\"").append(item.sku())
                    .append("\",\"quantity\":").append(item.quantity())
                    .append(",\"unit_price\":").append(item.unitPrice().toPlainString()).append('}');
        }
        return json.append("],\"channel\":\"web\"}").toString();
    }
}
