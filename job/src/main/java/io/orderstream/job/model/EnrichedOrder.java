package io.orderstream.job.model;

/**
 * A valid, first-seen order with its customer: what the enriched-orders stream delivers and what
 * the window aggregation counts.
 */
public class EnrichedOrder {
    public Order order;
    public Customer customer;
    public RawRecord source;
    /** Start (epoch millis) of the tumbling window this order belongs to; set by the late router. */
    public long windowStart;
    /** The window had already fired when this order arrived; it is still counted (allowed lateness). */
    public boolean lateAccepted;
    /**
     * A replay from the DLQ whose window had closed for good: delivered, but counted in no window. On
     * the main stream with the others (not a side output) so that route-late stays chained to the sink.
     */
    public boolean outsideWindows;

    public EnrichedOrder() {}

    public EnrichedOrder(Order order, Customer customer, RawRecord source) {
        this.order = order;
        this.customer = customer;
        this.source = source;
    }
}
