package io.orderstream.job.aggregate;

import io.orderstream.job.model.EnrichedOrder;
import io.orderstream.job.model.WindowedOrder;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Operator {@code window-input}: what the window aggregation reads of each accepted order (a few
 * fields, see {@link WindowedOrder}); replays delivered outside every window are not counted.
 */
public class ToWindowInput implements FlatMapFunction<EnrichedOrder, WindowedOrder> {
    @Override
    public void flatMap(EnrichedOrder order, Collector<WindowedOrder> out) {
        if (!order.outsideWindows) {
            out.collect(WindowedOrder.of(order));
        }
    }
}
