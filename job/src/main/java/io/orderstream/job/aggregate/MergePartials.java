package io.orderstream.job.aggregate;

import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * The combiner: a window's totals are the sum of the newest totals of each bucket. A bucket's later
 * firing replaces its earlier one (it already contains those orders), so late orders are counted once.
 */
public class MergePartials implements AggregateFunction<PartialTotals, LatestPartials, WindowTotals> {
    @Override
    public LatestPartials createAccumulator() {
        return new LatestPartials();
    }

    @Override
    public LatestPartials add(PartialTotals partial, LatestPartials latest) {
        latest.byBucket.merge(partial.bucket, partial, (old, now) -> now.revision >= old.revision ? now : old);
        return latest;
    }

    @Override
    public WindowTotals getResult(LatestPartials latest) {
        WindowTotals sum = new WindowTotals();
        for (PartialTotals p : latest.byBucket.values()) {
            sum.addAll(p.totals);
        }
        return sum;
    }

    @Override
    public LatestPartials merge(LatestPartials a, LatestPartials b) {
        for (PartialTotals p : b.byBucket.values()) {
            add(p, a);
        }
        return a;
    }
}
