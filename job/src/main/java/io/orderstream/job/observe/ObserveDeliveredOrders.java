package io.orderstream.job.observe;

import io.orderstream.job.config.JobConfig;
import io.orderstream.job.metrics.LogEvents;
import io.orderstream.job.metrics.LogField;
import io.orderstream.job.metrics.Metric;
import io.orderstream.job.metrics.OperatorMetrics;
import io.orderstream.job.model.EnrichedOrder;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Operator {@code observe-orders}, just before the orders sink (the hand-off): counts RecordsOut and
 * samples ProcessingLatency (now minus the Kafka record timestamp) for every order.
 *
 * <p>It also reports checkpoints as the tasks see them: subtask 0 (one report per checkpoint, not one
 * per subtask) logs a {@code checkpoint} event per completed or aborted checkpoint, counts aborted ones
 * as {@link Metric#CHECKPOINT_FAILURES}, and keeps {@link Metric#CHECKPOINT_DURATION} as a gauge: the
 * duration of the last completed checkpoint (trigger timestamp to completion notification), sent every
 * publish interval until the next one completes, as MSF's {@code lastCheckpointDuration}. So a period
 * in which no checkpoint completes still carries the last duration: a checkpoint that took 40 s is
 * visible in every period until a faster one replaces it. It keeps no state.
 */
public class ObserveDeliveredOrders extends ProcessFunction<EnrichedOrder, EnrichedOrder>
        implements CheckpointedFunction, CheckpointListener {
    private static final int MAX_TRACKED_CHECKPOINTS = 100;

    private final JobConfig.Metrics metricsSettings;
    private transient OperatorMetrics metrics;
    private transient boolean reportsCheckpoints;
    /** Trigger timestamp per checkpoint id this subtask snapshotted and has not heard the end of. */
    private transient java.util.LinkedHashMap<Long, Long> triggered;
    /** Milliseconds the last completed checkpoint took; NaN until one completes. */
    private transient volatile double lastCheckpointMillis;

    public ObserveDeliveredOrders(JobConfig.Metrics metricsSettings) {
        this.metricsSettings = metricsSettings;
    }

    @Override
    public void open(OpenContext openContext) {
        metrics = OperatorMetrics.open(getRuntimeContext().getMetricGroup(), metricsSettings);
        metrics.tickFromTaskThread(getRuntimeContext());
        reportsCheckpoints = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
        lastCheckpointMillis = Double.NaN;
        if (reportsCheckpoints) {
            metrics.gauge(Metric.CHECKPOINT_DURATION, this::lastCheckpointMillis);
        }
        triggered = new java.util.LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(java.util.Map.Entry<Long, Long> eldest) {
                return size() > MAX_TRACKED_CHECKPOINTS;
            }
        };
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
    }

    @Override
    public void processElement(EnrichedOrder order, Context ctx, Collector<EnrichedOrder> out) {
        metrics.count(Metric.RECORDS_OUT, 1);
        if (order.source != null && order.source.kafkaTimestamp > 0) {
            metrics.sample(Metric.PROCESSING_LATENCY, Math.max(0, System.currentTimeMillis() - order.source.kafkaTimestamp));
        }
        out.collect(order);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        // stateless: implemented for the snapshot hook only
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        if (reportsCheckpoints) {
            synchronized (triggered) {
                triggered.put(context.getCheckpointId(), context.getCheckpointTimestamp());
            }
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        if (!reportsCheckpoints) {
            return;
        }
        Long triggeredAt;
        synchronized (triggered) {
            triggeredAt = triggered.remove(checkpointId);
        }
        if (triggeredAt == null) {
            return;
        }
        long duration = Math.max(0, System.currentTimeMillis() - triggeredAt);
        lastCheckpointMillis = duration;
        LogEvents.event(LogEvents.Kind.CHECKPOINT)
                .with(LogField.CHECKPOINT_ID, checkpointId)
                .with(LogField.CHECKPOINT_STATUS, "completed")
                .with(LogField.DURATION_MS, duration)
                .log();
    }

    /** The value of the {@link Metric#CHECKPOINT_DURATION} gauge. */
    double lastCheckpointMillis() {
        return lastCheckpointMillis;
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) {
        if (!reportsCheckpoints) {
            return;
        }
        Long triggeredAt;
        synchronized (triggered) {
            triggeredAt = triggered.remove(checkpointId);
        }
        metrics.count(Metric.CHECKPOINT_FAILURES, 1);
        LogEvents.event(LogEvents.Kind.CHECKPOINT)
                .with(LogField.CHECKPOINT_ID, checkpointId)
                .with(LogField.CHECKPOINT_STATUS, "aborted")
                .with(LogField.DURATION_MS, triggeredAt == null ? null : Math.max(0, System.currentTimeMillis() - triggeredAt))
                .log();
    }
}
