package io.orderstream.job.model;

import io.orderstream.job.serialization.OrderEventSerializer;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/** A parsed order travelling with the Kafka record it came from (kept for DLQ and replay). */
@TypeInfo(OrderEventSerializer.TypeFactory.class)
public class OrderEvent {
    public Order order;
    public RawRecord source;

    public OrderEvent() {}

    public OrderEvent(Order order, RawRecord source) {
        this.order = order;
        this.source = source;
    }
}
