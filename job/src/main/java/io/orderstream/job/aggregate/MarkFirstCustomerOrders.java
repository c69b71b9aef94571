package io.orderstream.job.aggregate;

import io.orderstream.job.config.JobConfig;
import io.orderstream.job.metrics.Metric;
import io.orderstream.job.metrics.OperatorMetrics;
import io.orderstream.job.model.WindowedOrder;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
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
 *
 * <p>Most orders are not their customer's first in the window, and asking RocksDB so was over half of
 * this operator's CPU (BENCHMARKS, round 10). So the operator also remembers, in memory, which
 * customers it has marked in each open window: a repeat is answered from there. The memory only
 * ever holds pairs that are in state, so it can only skip a read whose answer is known; it starts
 * empty after a restore (the state answers), holds at most {@code maxRemembered} pairs (past that,
 * the state answers), and forgets a window when its cleanup timer fires: by then the watermark has
 * passed the window's end plus the allowed lateness, so no order of it can come any more.
 */
public class MarkFirstCustomerOrders extends KeyedProcessFunction<String, WindowedOrder, WindowedOrder> {
    /** Pairs remembered per subtask: ~100 bytes each, so ~10 MB at most. */
    static final int MAX_REMEMBERED = 100_000;

    private final int maxRemembered;
    private final long windowSizeMillis;
    private final long allowedLatenessMillis;
    private final JobConfig.Metrics metricsSettings;
    private transient MapState<Long, Boolean> windowsSeen;
    private transient OperatorMetrics metrics;
    /** Window start → customers marked in it (a subset of the state); see the class comment. */
    private transient Map<Long, Set<String>> markedByWindow;
    private transient int remembered;

    public MarkFirstCustomerOrders(Duration windowSize, Duration allowedLateness) {
        this(windowSize, allowedLateness, null);
    }

    public MarkFirstCustomerOrders(Duration windowSize, Duration allowedLateness, JobConfig.Metrics metricsSettings) {
        this(windowSize, allowedLateness, metricsSettings, MAX_REMEMBERED);
    }

    MarkFirstCustomerOrders(Duration windowSize, Duration allowedLateness, JobConfig.Metrics metricsSettings,
                            int maxRemembered) {
        this.maxRemembered = maxRemembered;
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
        markedByWindow = new HashMap<>();
        remembered = 0;
    }

    @Override
    public void processElement(WindowedOrder order, Context ctx, Collector<WindowedOrder> out) throws Exception {
        // The keyed half of the aggregation (distinct customers); its time per order is the "aggregation" latency.
        long start = System.nanoTime();
        Set<String> marked = markedByWindow.computeIfAbsent(order.windowStart, w -> new HashSet<>());
        String customer = ctx.getCurrentKey();
        if (marked.contains(customer)) {
            order.firstOrderOfCustomerInWindow = false;
        } else {
            order.firstOrderOfCustomerInWindow = !windowsSeen.contains(order.windowStart);
            metrics.count(Metric.STATE_READS, 1);
            if (order.firstOrderOfCustomerInWindow) {
                windowsSeen.put(order.windowStart, Boolean.TRUE);
                ctx.timerService().registerEventTimeTimer(cleanupTime(order.windowStart));
            }
            if (remembered < maxRemembered) {
                marked.add(customer);
                remembered++;
            }
        }
        metrics.operatorLatency(Metric.OperatorName.AGGREGATION, OperatorMetrics.millisSince(start), order.orderId);
        out.collect(order);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WindowedOrder> out) throws Exception {
        long windowStart = timestamp - (windowSizeMillis - 1 + allowedLatenessMillis);
        windowsSeen.remove(windowStart);
        Set<String> forgotten = markedByWindow.remove(windowStart);
        if (forgotten != null) {
            remembered -= forgotten.size();
        }
    }

    private long cleanupTime(long windowStart) {
        return windowStart + windowSizeMillis - 1 + allowedLatenessMillis;
    }
}
