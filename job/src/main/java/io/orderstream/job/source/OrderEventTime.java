package io.orderstream.job.source;

import io.orderstream.job.config.JobConfig;
import io.orderstream.job.model.OrderEvent;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time is the order's {@code event_time}, resolved by validation. Watermarks allow a bounded
 * out-of-orderness, and a subtask that sees no orders for the idleness timeout stops holding the
 * watermark back, so one idle partition never freezes every window.
 */
public final class OrderEventTime implements SerializableTimestampAssigner<OrderEvent> {

    public static WatermarkStrategy<OrderEvent> watermarks(JobConfig.EventTime settings) {
        return WatermarkStrategy.<OrderEvent>forBoundedOutOfOrderness(settings.maxOutOfOrderness())
                .withTimestampAssigner(new OrderEventTime())
                .withIdleness(settings.idleness());
    }

    @Override
    public long extractTimestamp(OrderEvent event, long kafkaTimestamp) {
        return event.order.eventTimeMillis;
    }
}
