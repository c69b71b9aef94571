package io.orderstream.job.observe;

import io.orderstream.job.aggregate.WindowIds;
import io.orderstream.job.config.JobConfig;
import io.orderstream.job.metrics.LogEvents;
import io.orderstream.job.metrics.LogField;
import io.orderstream.job.metrics.Metric;
import io.orderstream.job.metrics.OperatorMetrics;
import io.orderstream.job.model.WindowAggregate;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Operator {@code window-completeness}, keyed by window start, between the window operator and the
 * aggregates sink. Input 1: every emission of a window (passed on unchanged). Input 2: the window
 * start of every order {@code route-late} dropped as late_arrival.
 *
 * <p>Why here and exact: the window operator knows what it counted but never sees the orders dropped
 * upstream, and the drops (spread over parallel route-late subtasks) happen after the window closed.
 * Keyed by window, this operator holds both numbers of a window in one place: {@code counted} (the
 * order_count of its latest emission, which includes every earlier one) and {@code dropped} (late
 * drops so far). Completeness = counted / (counted + dropped), in percent, is reported on every
 * emission and again on every later drop, so the last value of a window is exact and CloudWatch's
 * Minimum over a period is the least complete window. State lives {@link #STATE_RETENTION} after its
 * last update (processing time), long after any window's allowed lateness; a drop for a window
 * forgotten by then counts as a window with nothing counted.
 */
public class TrackWindowCompleteness extends KeyedCoProcessFunction<Long, WindowAggregate, Long, WindowAggregate> {
    public static final Duration STATE_RETENTION = Duration.ofHours(24);

    private final JobConfig.Metrics metricsSettings;
    private transient ValueState<Long> counted;
    private transient ValueState<Long> lateAccepted;
    private transient ValueState<Long> dropped;
    private transient OperatorMetrics metrics;

    public TrackWindowCompleteness(JobConfig.Metrics metricsSettings) {
        this.metricsSettings = metricsSettings;
    }

    @Override
    public void open(OpenContext openContext) {
        StateTtlConfig ttl = StateTtlConfig.newBuilder(STATE_RETENTION)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build();
        counted = getRuntimeContext().getState(descriptor("window-counted", ttl));
        lateAccepted = getRuntimeContext().getState(descriptor("window-late-accepted", ttl));
        dropped = getRuntimeContext().getState(descriptor("window-late-dropped", ttl));
        metrics = OperatorMetrics.open(getRuntimeContext().getMetricGroup(), metricsSettings);
        metrics.tickFromTaskThread(getRuntimeContext());
    }

    private static ValueStateDescriptor<Long> descriptor(String name, StateTtlConfig ttl) {
        ValueStateDescriptor<Long> d = new ValueStateDescriptor<>(name, Types.LONG);
        d.enableTimeToLive(ttl);
        return d;
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
    }

    @Override
    public void processElement1(WindowAggregate aggregate, Context ctx, Collector<WindowAggregate> out) throws Exception {
        counted.update(aggregate.orderCount);
        lateAccepted.update(aggregate.lateRecords);
        metrics.count(Metric.WINDOWS_EMITTED, 1);
        report(aggregate.windowStart, aggregate.revision);
        out.collect(aggregate);
    }

    @Override
    public void processElement2(Long windowStart, Context ctx, Collector<WindowAggregate> out) throws Exception {
        dropped.update(valueOf(dropped) + 1);
        report(windowStart, null);
    }

    private void report(long windowStart, Integer revision) throws Exception {
        long c = valueOf(counted);
        long d = valueOf(dropped);
        double completeness = completeness(c, d);
        metrics.observe(Metric.WINDOW_COMPLETENESS, completeness);
        LogEvents.event(LogEvents.Kind.WINDOW)
                .with(LogField.WINDOW_ID, WindowIds.of(windowStart))
                .with(LogField.REVISION, revision)
                .with(LogField.RECORDS_IN, c + d)
                .with(LogField.RECORDS_OUT, c)
                .with(LogField.RECORDS_LATE, d)
                .with(LogField.RECORDS_LATE_ACCEPTED, valueOf(lateAccepted))
                .with(LogField.WINDOW_COMPLETENESS, completeness)
                .log();
    }

    /** Percent of a window's orders that it counted; 100 when it has none at all. */
    public static double completeness(long counted, long dropped) {
        long total = counted + dropped;
        return total == 0 ? 100.0 : 100.0 * counted / total;
    }

    private static long valueOf(ValueState<Long> state) throws Exception {
        Long v = state.value();
        return v == null ? 0 : v;
    }
}
