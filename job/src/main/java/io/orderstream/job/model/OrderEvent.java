package io.orderstream.job.model;

/** A parsed order travelling with the Kafka record it came from (kept for DLQ and replay). */
public class OrderEvent {
    public Order order;
    public RawRecord source;

    public OrderEvent() {}

    public OrderEvent(Order order, RawRecord source) {
        this.order = order;
        this.source = source;
    }
}
