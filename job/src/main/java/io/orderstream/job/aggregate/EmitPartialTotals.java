package io.orderstream.job.aggregate;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Emits a bucket's totals of a window at each firing, numbered, as a copy the accumulator will not change. */
public class EmitPartialTotals extends ProcessWindowFunction<WindowTotals, PartialTotals, Integer, TimeWindow> {
    private static final ValueStateDescriptor<Integer> FIRINGS =
            new ValueStateDescriptor<>("bucket-window-firings", Types.INT);

    @Override
    public void process(Integer bucket, Context ctx, Iterable<WindowTotals> totalsOfWindow, Collector<PartialTotals> out)
            throws Exception {
        ValueState<Integer> firings = ctx.windowState().getState(FIRINGS);
        int revision = firings.value() == null ? 0 : firings.value();
        firings.update(revision + 1);
        out.collect(new PartialTotals(bucket, revision, totalsOfWindow.iterator().next().copy()));
    }

    @Override
    public void clear(Context ctx) throws Exception {
        ctx.windowState().getState(FIRINGS).clear();
    }
}
