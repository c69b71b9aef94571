package io.orderstream.job.model;

import java.math.BigDecimal;

/**
 * An order as the producer wrote it, after JSON parsing and before validation.
 *
 * <p>Fields are nullable because parsing only checks JSON types; which fields are required and
 * what values they may take is {@link io.orderstream.job.validate.OrderValidator}'s job. Money is
 * {@link BigDecimal}, never a binary float.
 */
public class Order {
    public String orderId;
    /** The {@code customer_id} field. */
    public String customerId;
    /** The legacy {@code cust_id} field, accepted as the same thing. */
    public String legacyCustomerId;
    /** {@code event_time} when sent as a string (ISO-8601 with offset). */
    public String eventTimeText;
    /** {@code event_time} when sent as a number (epoch millis). */
    public BigDecimal eventTimeNumber;
    /**
     * Epoch millis of {@code event_time}, resolved by the parser ({@code EventTimes.of});
     * {@code EventTimes.INVALID} when it is missing or unreadable, which validation rejects.
     */
    public long eventTimeMillis;
    public String currency;
    public BigDecimal total;
    public OrderItem[] items;
    public String channel;
    public String region;
    public String promoCode;

    public Order() {}

    /** The customer, whichever of the two accepted field names carried it. */
    public String effectiveCustomerId() {
        return customerId != null ? customerId : legacyCustomerId;
    }
}
