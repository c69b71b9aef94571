package io.orderstream.job.aggregate;

import io.orderstream.job.Operators;
import io.orderstream.job.model.WindowAggregate;
import io.orderstream.job.model.WindowedOrder;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * The 5-minute window aggregation in two stages, so that the per-order work runs in parallel:
 *
 * <ol>
 *   <li>{@code sum-per-bucket} ({@link SumPerBucketInMemory}): each subtask sums its orders per bucket of
 *   customers ({@link #BUCKETS} buckets, hash of the customer) and window in memory, between watermarks
 *   and checkpoints;</li>
 *   <li>{@code pre-aggregate}: keyed windows per bucket, at the job's parallelism, that add up those
 *   sums; each firing emits the bucket's totals so far;</li>
 *   <li>{@code aggregate}: one window for all (parallelism 1) that keeps the newest totals of each
 *   bucket and adds them up; it handles at most {@link #BUCKETS} records per window and firing.</li>
 * </ol>
 *
 * <p>The result is the same as one window over all orders: revenue is summed exactly (BigDecimal),
 * distinct customers are the flags of {@link MarkFirstCustomerOrders} (a customer is in one bucket),
 * and revisions match. A bucket fires when its watermark passes the window end and emits its totals
 * before it forwards that watermark, so the combiner, whose watermark is the minimum of all buckets',
 * has every bucket's totals when it fires revision 0. A late order fires its bucket again and the
 * newer totals (same window, within the same allowed lateness) fire the combiner again: one revision
 * per late order, as before.
 *
 * <p>The combiner does not judge lateness: the pre-aggregation already did, and only emits totals of
 * windows it still holds. When every input of an operator turns idle, Flink advances that operator to
 * the highest watermark of its inputs, so after an idle spell of the sources the combiner's watermark
 * can run ahead of a pre-aggregate subtask that has not fired yet. Its totals then reach the combiner
 * after the window fired and must still count: the combiner keeps a window {@link #COMBINER_GRACE}
 * past the allowed lateness (at most {@link #BUCKETS} small records per window), and such totals fire
 * a new revision. (DependencyFaultsIT lost half of a window's buckets this way before.)
 */
public final class WindowAggregation {
    /** Enough buckets to spread over any parallelism up to Flink's default of 128 key groups. */
    public static final int BUCKETS = 128;
    /** How long past the allowed lateness the combiner still takes a bucket's totals (see above). */
    public static final Duration COMBINER_GRACE = Duration.ofHours(1);

    private WindowAggregation() {}

    public static SingleOutputStreamOperator<BucketSum> sumPerBucket(DataStream<WindowedOrder> orders, Duration size) {
        return orders.transform(Operators.SUM_PER_BUCKET.operatorName(), TypeInformation.of(BucketSum.class),
                new SumPerBucketInMemory(size.toMillis()));
    }

    public static SingleOutputStreamOperator<PartialTotals> preAggregate(
            DataStream<BucketSum> sums, Duration size, Duration allowedLateness) {
        return sums.keyBy(new BucketKey())
                .window(TumblingEventTimeWindows.of(size))
                .allowedLateness(allowedLateness)
                .aggregate(new SumBuckets(), new EmitPartialTotals(), TypeInformation.of(WindowTotals.class),
                        TypeInformation.of(WindowTotals.class), TypeInformation.of(PartialTotals.class));
    }

    public static SingleOutputStreamOperator<WindowAggregate> combine(
            DataStream<PartialTotals> partials, Duration size, Duration allowedLateness) {
        return partials.windowAll(TumblingEventTimeWindows.of(size))
                .allowedLateness(allowedLateness.plus(COMBINER_GRACE))
                .aggregate(new MergePartials(), new EmitWindowAggregate(), TypeInformation.of(LatestPartials.class),
                        TypeInformation.of(WindowTotals.class), TypeInformation.of(WindowAggregate.class));
    }

    /** Bucket of a customer: all orders of a customer land in one bucket. */
    public static int bucketOf(String customerId) {
        return Math.floorMod(customerId.hashCode(), BUCKETS);
    }

    /** Pre-aggregation key. */
    public static final class BucketKey implements KeySelector<BucketSum, Integer> {
        @Override
        public Integer getKey(BucketSum sum) {
            return sum.bucket;
        }
    }
}
