package io.orderstream.job.dedup;

import io.orderstream.job.dlq.DlqOutput;
import io.orderstream.job.model.DlqRecord;
import io.orderstream.job.model.ErrorType;
import io.orderstream.job.model.OrderEvent;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
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
 */
public class DeduplicateOrders extends KeyedProcessFunction<String, OrderEvent, OrderEvent> {
    private final Duration ttl;
    private transient ValueState<Boolean> seen;

    public DeduplicateOrders(Duration ttl) {
        this.ttl = ttl;
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
    }

    @Override
    public void processElement(OrderEvent event, Context ctx, Collector<OrderEvent> out) throws Exception {
        if (seen.value() != null) {
            ctx.output(DlqOutput.TAG, DlqRecord.of(ErrorType.DUPLICATE, null,
                    "order_id already processed within the last " + ttl, event.order.orderId, event.source));
            return;
        }
        seen.update(Boolean.TRUE);
        out.collect(event);
    }
}
