package io.orderstream.job.aggregate;

import io.orderstream.job.model.WindowedOrder;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Operator {@code sum-per-bucket}, chained behind {@code mark-first-customer-order}: sums the orders of
 * each bucket of customers and window in memory, and hands the sums to the pre-aggregation's windows
 * in a flush, so that their RocksDB state is read and written once per bucket and flush instead of once
 * per order (the idea of Flink SQL's local aggregation and mini-batch).
 *
 * <p>It flushes before anything that lets a window fire or a checkpoint complete, so the windows see
 * the same orders before the same watermarks as without it, and it needs no state of its own:
 * <ul>
 *   <li>a window's sums before it forwards a watermark that reaches the window's end, so every order
 *   reaches its window before the window fires (watermarks within a window pass without a flush);</li>
 *   <li>before it forwards a watermark status (idle), because an idle input no longer holds back the
 *   downstream watermark;</li>
 *   <li>before a checkpoint barrier, so that the sums are part of the checkpoint and nothing is lost or
 *   counted twice after a restore (the source rewinds to the barrier, when the memory was empty);</li>
 *   <li>at the end of a bounded input.</li>
 * </ul>
 * An order whose window has already fired (accepted late, or behind this operator's watermark) is
 * passed on at once, alone, so that each late order still fires its window once, as without it.
 * Memory: at most one sum per bucket and open window; in steady traffic the sums leave at each
 * checkpoint and at each window's end.
 */
public class SumPerBucketInMemory extends AbstractStreamOperator<BucketSum>
        implements OneInputStreamOperator<WindowedOrder, BucketSum> {
    private final long windowSizeMillis;
    private transient Map<Long, BucketSum[]> sumsByWindow;
    private transient long watermark;

    public SumPerBucketInMemory(long windowSizeMillis) {
        this.windowSizeMillis = windowSizeMillis;
    }

    @Override
    public void open() throws Exception {
        super.open();
        sumsByWindow = new HashMap<>();
        watermark = Long.MIN_VALUE;
    }

    @Override
    public void processElement(StreamRecord<WindowedOrder> element) {
        WindowedOrder order = element.getValue();
        int bucket = WindowAggregation.bucketOf(order.customerId);
        if (order.lateAccepted || order.windowStart + windowSizeMillis - 1 <= watermark) {
            BucketSum alone = new BucketSum(bucket, order.windowStart, new WindowTotals());
            alone.totals.add(order);
            emit(alone);
            return;
        }
        BucketSum[] sums = sumsByWindow.computeIfAbsent(order.windowStart, w -> new BucketSum[WindowAggregation.BUCKETS]);
        BucketSum sum = sums[bucket];
        if (sum == null) {
            sum = sums[bucket] = new BucketSum(bucket, order.windowStart, new WindowTotals());
        }
        sum.totals.add(order);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        watermark = mark.getTimestamp();
        flushWindowsEndingBy(watermark);
        super.processWatermark(mark);
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) throws Exception {
        flush();
        super.processWatermarkStatus(status);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    private void flush() {
        flushWindowsEndingBy(Long.MAX_VALUE);
    }

    private void flushWindowsEndingBy(long time) {
        if (sumsByWindow.isEmpty()) {
            return;
        }
        Iterator<Map.Entry<Long, BucketSum[]>> windows = sumsByWindow.entrySet().iterator();
        while (windows.hasNext()) {
            Map.Entry<Long, BucketSum[]> window = windows.next();
            if (window.getKey() + windowSizeMillis - 1 <= time) {
                for (BucketSum sum : window.getValue()) {
                    if (sum != null) {
                        emit(sum);
                    }
                }
                windows.remove();
            }
        }
    }

    private void emit(BucketSum sum) {
        output.collect(new StreamRecord<>(sum, sum.windowStart));
    }
}
