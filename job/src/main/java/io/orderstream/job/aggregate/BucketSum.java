package io.orderstream.job.aggregate;

/**
 * Orders of one bucket of customers in one window, summed in memory by {@link SumPerBucketInMemory}
 * since its last flush. Few of them travel (at most one per bucket, open window and flush), so Flink's
 * POJO serializer is enough.
 */
public class BucketSum {
    public int bucket;
    /** Start (epoch millis) of the window; also the record's timestamp, so that it lands in that window. */
    public long windowStart;
    public WindowTotals totals;

    public BucketSum() {}

    public BucketSum(int bucket, long windowStart, WindowTotals totals) {
        this.bucket = bucket;
        this.windowStart = windowStart;
        this.totals = totals;
    }
}
