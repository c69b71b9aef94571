package io.orderstream.job.dedup;

import io.orderstream.job.config.JobConfig;
import io.orderstream.job.dlq.DlqOutput;
import io.orderstream.job.metrics.LogEvents;
import io.orderstream.job.metrics.LogField;
import io.orderstream.job.metrics.Metric;
import io.orderstream.job.metrics.OperatorMetrics;
import io.orderstream.job.model.DlqRecord;
import io.orderstream.job.model.ErrorType;
import io.orderstream.job.model.OrderEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.StreamingRuntimeContext;
import org.apache.flink.util.Collector;

/**
 * Operator {@code dedup}, keyed by {@code order_id}: the first record of an order passes, every
 * repeat within the TTL goes to the DLQ as duplicate.
 *
 * <p>State per key is one byte plus the TTL timestamp: cheap enough for tens of millions of keys on
 * RocksDB. TTL is in processing time (Flink's only TTL time), so "within 24 h" means 24 h after the
 * first record was processed; expired state is cleaned during RocksDB compaction and on access.
 *
 * <p>A replay from the DLQ ({@link io.orderstream.job.model.RawRecord#replayOf}) passes once per
 * original record even though its order_id was seen: the original went to the DLQ, so the order was
 * never delivered. Replaying the same DLQ record again is a duplicate, so replays are idempotent.
 *
 * <p>Every entry is written once and never updated, so it expires exactly {@code ttl} after its write:
 * that is what lets {@link StateBytesTally} count the bytes this state holds ({@link Metric#STATE_SIZE},
 * and {@code checkpoint_size_bytes} in a {@code checkpoint} event per subtask and completed checkpoint).
 * A replay does not rewrite the order id it passes: dedup's promise is {@code ttl} from the first record.
 */
public class DeduplicateOrders extends KeyedProcessFunction<String, OrderEvent, OrderEvent>
        implements CheckpointedFunction, CheckpointListener {
    /** Serialized size of a Boolean value plus the TTL timestamp Flink stores with every entry. */
    static final int VALUE_AND_TTL_BYTES = 1 + Long.BYTES;
    private static final int MAX_TRACKED_CHECKPOINTS = 100;

    private final Duration ttl;
    private final JobConfig.Metrics metricsSettings;
    private transient ValueState<Boolean> seen;
    private transient MapState<String, Boolean> replaysSeen;
    private transient OperatorMetrics metrics;
    private transient StateBytesTally stateBytes;
    private transient ListState<Tuple2<Long, Long>> stateBytesBuckets;
    private transient LongSupplier clock;
    private transient DataOutputSerializer sizing;
    /** Keyed-state bytes per checkpoint this subtask snapshotted and has not heard the end of. */
    private transient Map<Long, Long> snapshotted;

    public DeduplicateOrders(Duration ttl) {
        this(ttl, null);
    }

    public DeduplicateOrders(Duration ttl, JobConfig.Metrics metricsSettings) {
        this.ttl = ttl;
        this.metricsSettings = metricsSettings;
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        stateBytes = new StateBytesTally(ttl);
        // Even-split redistribution: on rescale every bucket goes to exactly one subtask, so the job's
        // total is kept.
        stateBytesBuckets = context.getOperatorStateStore().getListState(new ListStateDescriptor<>(
                "dedup-state-bytes", Types.TUPLE(Types.LONG, Types.LONG)));
        if (context.isRestored()) {
            stateBytes.restore(stateBytesBuckets.get());
        }
    }

    /** The bytes of dedup state this subtask accounts for now: its share of {@link Metric#STATE_SIZE}. */
    long stateBytes() {
        return stateBytes.bytesAt(clock.getAsLong());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        long bytes = stateBytes();
        stateBytesBuckets.update(stateBytes.buckets());
        synchronized (snapshotted) {
            snapshotted.put(context.getCheckpointId(), bytes);
        }
    }

    /** One {@code checkpoint} event per subtask: the bytes of dedup state it held in the checkpoint. */
    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        Long bytes;
        synchronized (snapshotted) {
            bytes = snapshotted.remove(checkpointId);
        }
        if (bytes == null) {
            return;
        }
        LogEvents.event(LogEvents.Kind.CHECKPOINT)
                .with(LogField.CHECKPOINT_ID, checkpointId)
                .with(LogField.CHECKPOINT_STATUS, "completed")
                .with(LogField.OPERATOR, Metric.OperatorName.DEDUP.dimensionValue())
                .with(LogField.SUBTASK, getRuntimeContext().getTaskInfo().getIndexOfThisSubtask())
                .with(LogField.CHECKPOINT_SIZE_BYTES, bytes)
                .log();
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) {
        synchronized (snapshotted) {
            snapshotted.remove(checkpointId);
        }
    }

    @Override
    public void open(OpenContext openContext) {
        StateTtlConfig ttlConfig = StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .cleanupInRocksdbCompactFilter(1000)
                .build();
        ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("order-id-seen", Types.BOOLEAN);
        descriptor.enableTimeToLive(ttlConfig);
        seen = getRuntimeContext().getState(descriptor);
        MapStateDescriptor<String, Boolean> replays =
                new MapStateDescriptor<>("replays-seen", Types.STRING, Types.BOOLEAN);
        replays.enableTimeToLive(ttlConfig);
        replaysSeen = getRuntimeContext().getMapState(replays);
        metrics = OperatorMetrics.open(getRuntimeContext().getMetricGroup(), metricsSettings);
        // The processing time of the task (the TTL's clock in production; the harness sets both); safe
        // to read from the metrics publisher's thread.
        clock = ((StreamingRuntimeContext) getRuntimeContext()).getProcessingTimeService()::getCurrentProcessingTime;
        sizing = new DataOutputSerializer(64);
        snapshotted = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
                return size() > MAX_TRACKED_CHECKPOINTS;
            }
        };
        metrics.share(Metric.STATE_SIZE, this::stateBytes);
    }

    @Override
    public void processElement(OrderEvent event, Context ctx, Collector<OrderEvent> out) throws Exception {
        long start = System.nanoTime();
        String orderId = ctx.getCurrentKey();
        String replayOf = event.source.replayOf;
        boolean known = seen.value() != null;
        boolean repeat = replayOf == null ? known : replaysSeen.contains(replayOf);
        metrics.count(Metric.STATE_READS, replayOf == null ? 1 : 2);
        if (!repeat) {
            long now = clock.getAsLong();
            if (!known) {
                seen.update(Boolean.TRUE);
                stateBytes.add(now, serializedBytes(orderId) + VALUE_AND_TTL_BYTES);
            }
            if (replayOf != null) {
                replaysSeen.put(replayOf, Boolean.TRUE);
                stateBytes.add(now, serializedBytes(orderId) + serializedBytes(replayOf) + VALUE_AND_TTL_BYTES);
            }
        }
        metrics.operatorLatency(Metric.OperatorName.DEDUP, OperatorMetrics.millisSince(start), event.order.orderId);
        if (repeat) {
            String detail = replayOf == null
                    ? "order_id already processed within the last " + ttl
                    : "DLQ record " + replayOf + " already replayed within the last " + ttl;
            ctx.output(DlqOutput.TAG, DlqRecord.of(ErrorType.DUPLICATE, null, detail, event.order.orderId, event.source));
            return;
        }
        out.collect(event);
    }

    /** Bytes of a key or map key as the state serializes it (Flink's String serializer). */
    private long serializedBytes(String s) {
        sizing.clear();
        try {
            StringSerializer.INSTANCE.serialize(s, sizing);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory: cannot happen
        }
        return sizing.length();
    }
}
