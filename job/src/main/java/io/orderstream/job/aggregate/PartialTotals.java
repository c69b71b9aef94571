package io.orderstream.job.aggregate;

/**
 * The totals of one bucket of customers in one window, as the pre-aggregation emits them: everything
 * the bucket counted so far (a late firing repeats the earlier orders), numbered per firing so that
 * the combiner keeps only the newest.
 */
public class PartialTotals {
    public int bucket;
    /** 0 for the bucket's first firing of the window, one more for each late firing. */
    public int revision;
    public WindowTotals totals;

    public PartialTotals() {}

    public PartialTotals(int bucket, int revision, WindowTotals totals) {
        this.bucket = bucket;
        this.revision = revision;
        this.totals = totals;
    }
}
