package io.orderstream.job.aggregate;

import io.orderstream.job.config.JobConfig;
import io.orderstream.job.metrics.Metric;
import io.orderstream.job.metrics.OperatorMetrics;
import io.orderstream.job.model.WindowedOrder;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Operator {@code mark-first-customer-order}, keyed by customer: flags the first order of each
 * customer in each window. The window totals then count distinct customers exactly by adding up
 * flags, without keeping a set of customers in one accumulator (which RocksDB would re-serialize
 * on every order). Per customer, state holds the starts of its open windows, cleared by an
 * event-time timer once a window can no longer change.
 */
public class MarkFirstCustomerOrders extends KeyedProcessFunction<String, WindowedOrder, WindowedOrder> {
    private final long windowSizeMillis;
    private final long allowedLatenessMillis;
    private final JobConfig.Metrics metricsSettings;
    private transient MapState<Long, Boolean> windowsSeen;
    private transient OperatorMetrics metrics;

    public MarkFirstCustomerOrders(Duration windowSize, Duration allowedLateness) {
        this(windowSize, allowedLateness, null);
    }

    public MarkFirstCustomerOrders(Duration windowSize, Duration allowedLateness, JobConfig.Metrics metricsSettings) {
        this.windowSizeMillis = windowSize.toMillis();
        this.allowedLatenessMillis = allowedLateness.toMillis();
        this.metricsSettings = metricsSettings;
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
    }

    @Override
    public void open(OpenContext openContext) {
        windowsSeen = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("customer-windows-seen", Types.LONG, Types.BOOLEAN));
        metrics = OperatorMetrics.open(getRuntimeContext().getMetricGroup(), metricsSettings);
    }

    @Override
    public void processElement(WindowedOrder order, Context ctx, Collector<WindowedOrder> out) throws Exception {
        // The keyed half of the aggregation (distinct customers); its time per order is the "aggregation" latency.
        long start = System.nanoTime();
        order.firstOrderOfCustomerInWindow = !windowsSeen.contains(order.windowStart);
        metrics.count(Metric.STATE_READS, 1);
        if (order.firstOrderOfCustomerInWindow) {
            windowsSeen.put(order.windowStart, Boolean.TRUE);
            ctx.timerService().registerEventTimeTimer(cleanupTime(order.windowStart));
        }
        metrics.operatorLatency(Metric.OperatorName.AGGREGATION, OperatorMetrics.millisSince(start), order.orderId);
        out.collect(order);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WindowedOrder> out) throws Exception {
        windowsSeen.remove(timestamp - (windowSizeMillis - 1 + allowedLatenessMillis));
    }

    private long cleanupTime(long windowStart) {
        return windowStart + windowSizeMillis - 1 + allowedLatenessMillis;
    }
}
