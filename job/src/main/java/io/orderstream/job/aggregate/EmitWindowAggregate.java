package io.orderstream.job.aggregate;

import io.orderstream.job.model.WindowAggregate;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.windowing.ProcessAllWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Turns a window's totals into the {@link WindowAggregate} that is delivered, numbering each firing:
 * revision 0 when the watermark passes the window end, one more for every late firing.
 */
public class EmitWindowAggregate extends ProcessAllWindowFunction<WindowTotals, WindowAggregate, TimeWindow> {
    private static final ValueStateDescriptor<Integer> FIRINGS =
            new ValueStateDescriptor<>("window-firings", Types.INT);

    @Override
    public void process(Context ctx, Iterable<WindowTotals> totalsOfWindow, Collector<WindowAggregate> out)
            throws Exception {
        WindowTotals totals = totalsOfWindow.iterator().next();
        ValueState<Integer> firings = ctx.windowState().getState(FIRINGS);
        int revision = firings.value() == null ? 0 : firings.value();
        firings.update(revision + 1);

        TimeWindow window = ctx.window();
        WindowAggregate aggregate = new WindowAggregate();
        aggregate.windowId = WindowIds.of(window.getStart());
        aggregate.windowStart = window.getStart();
        aggregate.windowEnd = window.getEnd();
        aggregate.revision = revision;
        aggregate.orderCount = totals.orderCount;
        aggregate.revenueByCurrency = new TreeMap<>(totals.revenueByCurrency);
        aggregate.distinctCustomers = totals.distinctCustomers;
        aggregate.lateRecords = totals.lateRecords;
        aggregate.emittedAt = System.currentTimeMillis();
        out.collect(aggregate);
    }

    @Override
    public void clear(Context ctx) throws Exception {
        ctx.windowState().getState(FIRINGS).clear();
    }
}
