package io.orderstream.job.aggregate;

import io.orderstream.job.config.JobConfig;
import io.orderstream.job.dlq.DlqOutput;
import io.orderstream.job.metrics.Metric;
import io.orderstream.job.metrics.OperatorMetrics;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.OutputTag;
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
    /**
     * The window start of every order dropped as late_arrival, for {@link TrackWindowCompleteness}, which
     * needs them to compute a window's completeness exactly.
     */
    public static final OutputTag<Long> LATE_DROPPED_WINDOWS = new OutputTag<>("late-dropped-windows", Types.LONG);

    private final long allowedLatenessMillis;
    private final JobConfig.Metrics metricsSettings;
    private transient OperatorMetrics metrics;
    /** The watermark this subtask saw with its last order, for the watermark lag gauge. */
    private transient volatile long lastWatermark;
    /** When this subtask last saw an order (processing time): the lag is only reported while orders flow. */
    private transient volatile long lastOrderAtMillis;

    /** Flink metric groups only (tests). */
    public RouteLateOrders(Duration windowSize, Duration allowedLateness) {
        this(windowSize, allowedLateness, JobConfig.Metrics.disabled());
    }

    public RouteLateOrders(Duration windowSize, Duration allowedLateness, JobConfig.Metrics metricsSettings) {
        this.windowSizeMillis = windowSize.toMillis();
        this.allowedLatenessMillis = allowedLateness.toMillis();
        this.metricsSettings = metricsSettings;
    }

    @Override
    public void open(OpenContext openContext) {
        lastWatermark = Long.MIN_VALUE;
        metrics = OperatorMetrics.open(getRuntimeContext().getMetricGroup(), metricsSettings);
        long freshFor = metricsSettings.publishInterval().toMillis();
        metrics.gauge(Metric.WATERMARK_LAG, () -> watermarkLag(System.currentTimeMillis(), freshFor));
    }

    /**
     * Processing time minus the event-time watermark the last order saw, while orders flow: NaN (not
     * sent) when no order came within the last publish interval, so a quiet period without orders is
     * no data rather than a lag that grows by itself and pages watermark-stuck; NaN too before the
     * first watermark, and after idleness let it jump to +inf.
     */
    double watermarkLag(long now, long freshForMillis) {
        long w = lastWatermark;
        if (w == Long.MIN_VALUE || w == Long.MAX_VALUE || now - lastOrderAtMillis > freshForMillis) {
            return Double.NaN;
        }
        return Math.max(0, now - w);
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
    }

    @Override
    public void processElement(EnrichedOrder order, Context ctx, Collector<EnrichedOrder> out) {
        long watermark = ctx.timerService().currentWatermark();
        lastWatermark = watermark;
        lastOrderAtMillis = System.currentTimeMillis();
        long windowStart = WindowIds.windowStart(order.order.eventTimeMillis, windowSizeMillis);
        long windowMaxTimestamp = windowStart + windowSizeMillis - 1;
        if (windowMaxTimestamp + allowedLatenessMillis <= watermark && order.source.isReplay()) {
            // Replays from the DLQ whose window closed long ago (the usual case after an incident): the
            // order is delivered, since replaying exists to deliver it, but no closed window is reopened for it.
            order.windowStart = windowStart;
            order.lateAccepted = true;
            order.outsideWindows = true;
            out.collect(order);
            return;
        }
        if (windowMaxTimestamp + allowedLatenessMillis <= watermark) {
            ctx.output(DlqOutput.TAG, DlqRecord.of(ErrorType.LATE_ARRIVAL, null,
                    "event_time " + Instant.ofEpochMilli(order.order.eventTimeMillis) + " belongs to "
                            + WindowIds.of(windowStart) + ", closed for good at watermark " + Instant.ofEpochMilli(watermark)
                            + " (window.allowed-lateness " + Duration.ofMillis(allowedLatenessMillis) + ")",
                    order.order.orderId, order.source));
            ctx.output(LATE_DROPPED_WINDOWS, windowStart);
            metrics.count(Metric.RECORDS_LATE_DROPPED, 1);
            return;
        }
        order.windowStart = windowStart;
        order.lateAccepted = windowMaxTimestamp <= watermark;
        if (order.lateAccepted) {
            metrics.count(Metric.RECORDS_LATE_ACCEPTED, 1);
        }
        out.collect(order);
    }
}
