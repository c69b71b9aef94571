package io.orderstream.job.aggregate;

import io.orderstream.job.dlq.DlqOutput;
import io.orderstream.job.model.DlqRecord;
import io.orderstream.job.model.EnrichedOrder;
import io.orderstream.job.model.ErrorType;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Operator {@code route-late}: decides, before an order is delivered anywhere, whether its window
 * can still count it, so that every order ends in exactly one place.
 *
 * <p>An order whose window closed for good (window end + allowed lateness at or before the
 * watermark) goes to the DLQ as late_arrival. The window operator downstream sees a watermark no
 * newer than this operator's, so an order accepted here is never dropped there. An order whose
 * window already fired but is still within the allowed lateness is marked {@code lateAccepted}.
 */
public class RouteLateOrders extends ProcessFunction<EnrichedOrder, EnrichedOrder> {
    private final long windowSizeMillis;
    private final long allowedLatenessMillis;

    public RouteLateOrders(Duration windowSize, Duration allowedLateness) {
        this.windowSizeMillis = windowSize.toMillis();
        this.allowedLatenessMillis = allowedLateness.toMillis();
    }

    @Override
    public void processElement(EnrichedOrder order, Context ctx, Collector<EnrichedOrder> out) {
        long watermark = ctx.timerService().currentWatermark();
        long windowStart = WindowIds.windowStart(order.order.eventTimeMillis, windowSizeMillis);
        long windowMaxTimestamp = windowStart + windowSizeMillis - 1;
        if (windowMaxTimestamp + allowedLatenessMillis <= watermark) {
            ctx.output(DlqOutput.TAG, DlqRecord.of(ErrorType.LATE_ARRIVAL, null,
                    "event_time " + Instant.ofEpochMilli(order.order.eventTimeMillis) + " belongs to "
                            + WindowIds.of(windowStart) + ", closed for good at watermark " + Instant.ofEpochMilli(watermark)
                            + " (window.allowed-lateness " + Duration.ofMillis(allowedLatenessMillis) + ")",
                    order.order.orderId, order.source));
            return;
        }
        order.windowStart = windowStart;
        order.lateAccepted = windowMaxTimestamp <= watermark;
        out.collect(order);
    }
}
