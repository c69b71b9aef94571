package io.orderstream.job.aggregate;

import java.util.HashMap;
import java.util.Map;

/** The combiner's accumulator: the newest totals of every bucket that has orders in the window. */
public class LatestPartials {
    public Map<Integer, PartialTotals> byBucket = new HashMap<>();

    public LatestPartials() {}
}
