package io.orderstream.job.aggregate;

import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * The pre-aggregation's window function (per bucket of customers, see {@link WindowAggregation}): adds up
 * the bucket's sums that {@link SumPerBucketInMemory} flushes, so the window state is read and written
 * once per flush, not once per order.
 */
public class SumBuckets implements AggregateFunction<BucketSum, WindowTotals, WindowTotals> {
    @Override
    public WindowTotals createAccumulator() {
        return new WindowTotals();
    }

    @Override
    public WindowTotals add(BucketSum sum, WindowTotals totals) {
        totals.addAll(sum.totals);
        return totals;
    }

    @Override
    public WindowTotals getResult(WindowTotals totals) {
        return totals;
    }

    @Override
    public WindowTotals merge(WindowTotals a, WindowTotals b) {
        a.addAll(b);
        return a;
    }
}
