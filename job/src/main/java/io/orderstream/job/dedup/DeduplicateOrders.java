package io.orderstream.job.dedup;

import io.orderstream.job.config.JobConfig;
import io.orderstream.job.dlq.DlqOutput;
import io.orderstream.job.metrics.Metric;
import io.orderstream.job.metrics.OperatorMetrics;
import io.orderstream.job.model.DlqRecord;
import io.orderstream.job.model.ErrorType;
import io.orderstream.job.model.OrderEvent;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
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
 */
public class DeduplicateOrders extends KeyedProcessFunction<String, OrderEvent, OrderEvent> {
    private final Duration ttl;
    private final JobConfig.Metrics metricsSettings;
    private transient ValueState<Boolean> seen;
    private transient MapState<String, Boolean> replaysSeen;
    private transient OperatorMetrics metrics;

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
    }

    @Override
    public void processElement(OrderEvent event, Context ctx, Collector<OrderEvent> out) throws Exception {
        long start = System.nanoTime();
        String replayOf = event.source.replayOf;
        boolean repeat = replayOf == null ? seen.value() != null : replaysSeen.contains(replayOf);
        if (!repeat) {
            seen.update(Boolean.TRUE);
            if (replayOf != null) {
                replaysSeen.put(replayOf, Boolean.TRUE);
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
}
