package io.orderstream.job.aggregate;

import static io.orderstream.job.TestOrders.millis;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderstream.job.TestOrders;
import io.orderstream.job.model.WindowAggregate;
import io.orderstream.job.model.WindowedOrder;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The aggregation exactly as OrderPipeline builds it ({@link WindowAggregation}), through harnesses of
 * its operators wired as the job wires them: two subtasks (each with the buckets of its parity) of the
 * in-memory sums and the pre-aggregate windows behind them, and the parallelism-1 combiner, which gets
 * every partial in order and the minimum of the two subtasks' watermarks.
 */
class WindowAggregationTest {
    private static final Duration SIZE = Duration.ofMinutes(5);
    private static final Duration LATENESS = Duration.ofMinutes(5);
    private static final long W1 = millis("2026-11-23T10:15:00Z");
    private static final long W1_MAX = W1 + SIZE.toMillis() - 1;
    private static final long W2 = millis("2026-11-23T10:20:00Z");

    private final List<OneInputStreamOperatorTestHarness<WindowedOrder, BucketSum>> sums = new java.util.ArrayList<>();
    private final List<KeyedOneInputStreamOperatorTestHarness<Integer, BucketSum, PartialTotals>> subtasks =
            new java.util.ArrayList<>();
    private final long[] subtaskWatermarks = {Long.MIN_VALUE, Long.MIN_VALUE};
    private long combinerWatermark = Long.MIN_VALUE;
    private KeyedOneInputStreamOperatorTestHarness<Byte, PartialTotals, WindowAggregate> combiner;

    @SuppressWarnings("unchecked")
    private static <I, O, K> KeyedOneInputStreamOperatorTestHarness<K, I, O> harnessOf(
            SingleOutputStreamOperator<O> stage) throws Exception {
        OneInputTransformation<I, O> t = (OneInputTransformation<I, O>) stage.getTransformation();
        KeyedOneInputStreamOperatorTestHarness<K, I, O> h = new KeyedOneInputStreamOperatorTestHarness<>(
                t.getOperatorFactory(), (KeySelector<I, K>) t.getStateKeySelector(), (TypeInformation<K>) t.getStateKeyType());
        h.open();
        return h;
    }

    @BeforeEach
    @SuppressWarnings("unchecked")
    void open() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<WindowedOrder> orders = env.fromData(TypeInformation.of(WindowedOrder.class), new WindowedOrder());
        SingleOutputStreamOperator<PartialTotals> partials = null;
        for (int i = 0; i < 2; i++) { // an operator instance per subtask, as on a cluster
            SingleOutputStreamOperator<BucketSum> bucketSums = WindowAggregation.sumPerBucket(orders, SIZE);
            OneInputStreamOperatorTestHarness<WindowedOrder, BucketSum> sum = new OneInputStreamOperatorTestHarness<>(
                    ((OneInputTransformation<WindowedOrder, BucketSum>) bucketSums.getTransformation()).getOperatorFactory(),
                    1, 1, 0);
            sum.open();
            sums.add(sum);
            partials = WindowAggregation.preAggregate(bucketSums, SIZE, LATENESS);
            subtasks.add(harnessOf(partials));
        }
        combiner = harnessOf(WindowAggregation.combine(partials, SIZE, LATENESS));
    }

    @AfterEach
    void close() throws Exception {
        for (var s : sums) {
            s.close();
        }
        for (var s : subtasks) {
            s.close();
        }
        combiner.close();
    }

    private static int subtaskOf(String customer) {
        return WindowAggregation.bucketOf(customer) % 2;
    }

    private void send(String id, String customer, long eventTime, String currency, String total,
                      boolean firstOfCustomer, boolean late) throws Exception {
        WindowedOrder o = WindowedOrder.of(TestOrders.enriched(id, customer, eventTime, currency, total));
        o.windowStart = WindowIds.windowStart(eventTime, SIZE.toMillis());
        o.firstOrderOfCustomerInWindow = firstOfCustomer;
        o.lateAccepted = late;
        int s = subtaskOf(customer);
        sums.get(s).processElement(o, eventTime);
        forward(s);
    }

    private void watermark(long watermark) throws Exception {
        watermark(0, watermark);
        watermark(1, watermark);
    }

    private void watermark(int subtask, long watermark) throws Exception {
        sums.get(subtask).processWatermark(watermark);
        forward(subtask);
    }

    /** What a subtask's stages emitted goes on in order: sums to its windows, partials to the combiner. */
    private void forward(int subtask) throws Exception {
        Object element;
        while ((element = sums.get(subtask).getOutput().poll()) != null) {
            if (element instanceof StreamRecord<?> record) {
                subtasks.get(subtask).processElement((BucketSum) record.getValue(), record.getTimestamp());
            } else if (element instanceof Watermark w) {
                subtasks.get(subtask).processWatermark(w);
            }
        }
        while ((element = subtasks.get(subtask).getOutput().poll()) != null) {
            if (element instanceof StreamRecord<?> record) {
                combiner.processElement((PartialTotals) record.getValue(), record.getTimestamp());
            } else if (element instanceof Watermark w) {
                subtaskWatermarks[subtask] = w.getTimestamp();
                long min = Math.min(subtaskWatermarks[0], subtaskWatermarks[1]);
                if (min > combinerWatermark) {
                    combinerWatermark = min;
                    combiner.processWatermark(min);
                }
            }
        }
    }

    private List<WindowAggregate> output() {
        return combiner.extractOutputValues();
    }

    @Test
    void customersOfTheExamplesAreSpreadOverBothSubtasks() {
        assertThat(subtaskOf("C1")).isNotEqualTo(subtaskOf("C2"));
        assertThat(subtaskOf("C3")).isNotEqualTo(subtaskOf("C4"));
    }

    @Test
    void exactRevenueCountsAndRevisions() throws Exception {
        send("O1", "C1", W1 + 1_000, "USD", "0.10", true, false);
        send("O2", "C1", W1 + 2_000, "USD", "0.20", false, false);
        send("O3", "C2", W1 + 3_000, "EUR", "19.99", true, false);
        send("O4", "C3", W1_MAX, "USD", "999999.99", true, false);
        send("N1", "C1", W2 + 1_000, "USD", "5.00", true, false);
        assertThat(output()).isEmpty();

        watermark(W1_MAX - 1);
        assertThat(output()).isEmpty();
        watermark(W1_MAX);
        assertThat(output()).hasSize(1);
        WindowAggregate first = output().get(0);
        assertThat(first.windowId).isEqualTo("window-2026-11-23-10-15");
        assertThat(first.windowStart).isEqualTo(W1);
        assertThat(first.windowEnd).isEqualTo(W1 + SIZE.toMillis());
        assertThat(first.revision).isZero();
        assertThat(first.orderCount).isEqualTo(4);
        assertThat(first.revenueByCurrency).containsOnlyKeys("EUR", "USD");
        assertThat(first.revenueByCurrency.get("USD")).isEqualTo(new BigDecimal("1000000.29")); // exact, scale 2
        assertThat(first.revenueByCurrency.get("EUR")).isEqualTo(new BigDecimal("19.99"));
        assertThat(first.distinctCustomers).isEqualTo(3);
        assertThat(first.lateRecords).isZero();
        assertThat(first.revenueByCurrency.keySet()).containsExactly("EUR", "USD"); // sorted for stable output

        // late but within allowed lateness: the window fires again with everything, revision 1
        send("L1", "C4", W1 + 4_000, "USD", "0.01", true, true);
        assertThat(output()).hasSize(2);
        WindowAggregate second = output().get(1);
        assertThat(second.windowId).isEqualTo("window-2026-11-23-10-15");
        assertThat(second.revision).isEqualTo(1);
        assertThat(second.orderCount).isEqualTo(5);
        assertThat(second.revenueByCurrency.get("USD")).isEqualTo(new BigDecimal("1000000.30"));
        assertThat(second.distinctCustomers).isEqualTo(4);
        assertThat(second.lateRecords).isEqualTo(1);
        // the first emitted aggregate was not changed afterwards
        assertThat(first.orderCount).isEqualTo(4);

        // a second late order in a bucket that already fired: its newer totals replace the older ones
        watermark(W1_MAX + LATENESS.toMillis() - 1);
        send("L2", "C1", W1 + 5_000, "USD", "0.20", false, true);
        assertThat(output()).hasSize(3);
        WindowAggregate third = output().get(2);
        assertThat(third.windowId).isEqualTo("window-2026-11-23-10-15");
        assertThat(third.revision).isEqualTo(2);
        assertThat(third.orderCount).isEqualTo(6);
        assertThat(third.lateRecords).isEqualTo(2);
        assertThat(third.distinctCustomers).isEqualTo(4);
        assertThat(third.revenueByCurrency.get("USD")).isEqualTo(new BigDecimal("1000000.50"));

        watermark(W2 + SIZE.toMillis() - 1);
        assertThat(output()).hasSize(4);
        WindowAggregate w2 = output().get(3);
        assertThat(w2.windowId).isEqualTo("window-2026-11-23-10-20");
        assertThat(w2.revision).isZero();
        assertThat(w2.orderCount).isEqualTo(1);
        assertThat(w2.distinctCustomers).isEqualTo(1);
        assertThat(w2.revenueByCurrency).containsExactly(java.util.Map.entry("USD", new BigDecimal("5.00")));
    }

    @Test
    void aLaggingSubtaskHoldsTheWindowBackUntilItHasEmittedItsTotals() throws Exception {
        send("O1", "C1", W1 + 1_000, "USD", "1.00", true, false);
        send("O2", "C2", W1 + 2_000, "USD", "2.00", true, false);
        watermark(subtaskOf("C1"), W1_MAX);
        assertThat(output()).isEmpty(); // C2's subtask has not passed the window end yet
        // C1's subtask already fired; an order it now receives is late there and fires its bucket again
        send("O3", "C1", W1 + 3_000, "USD", "4.00", false, true);
        assertThat(output()).isEmpty();
        watermark(subtaskOf("C2"), W1_MAX);
        assertThat(output()).singleElement().satisfies(a -> {
            assertThat(a.revision).isZero();
            assertThat(a.orderCount).isEqualTo(3);
            assertThat(a.revenueByCurrency.get("USD")).isEqualTo(new BigDecimal("7.00"));
            assertThat(a.distinctCustomers).isEqualTo(2);
            assertThat(a.lateRecords).isEqualTo(1);
        });
    }

    @Test
    void totalsArrivingAfterTheCombinersWatermarkStillCountAsANewRevision() throws Exception {
        send("O1", "C1", W1 + 1_000, "USD", "1.00", true, false);
        send("O2", "C2", W1 + 2_000, "USD", "2.00", true, false);
        watermark(subtaskOf("C1"), W2 + SIZE.toMillis());
        // Every input of the combiner turned idle: Flink advanced it to its highest input watermark, beyond
        // the window's allowed lateness, before C2's subtask fired.
        combinerWatermark = W2 + SIZE.toMillis();
        combiner.processWatermark(combinerWatermark);
        assertThat(output()).singleElement().satisfies(a -> assertThat(a.orderCount).isEqualTo(1));
        watermark(subtaskOf("C2"), W2 + SIZE.toMillis());
        assertThat(output()).hasSize(2).last().satisfies(a -> {
            assertThat(a.revision).isEqualTo(1);
            assertThat(a.orderCount).isEqualTo(2);
            assertThat(a.revenueByCurrency.get("USD")).isEqualTo(new BigDecimal("3.00"));
            assertThat(a.distinctCustomers).isEqualTo(2);
        });
    }

    @Test
    void manyCustomersAcrossBucketsAddUpExactly() throws Exception {
        Random random = new Random(42);
        String[] currencies = {"USD", "EUR", "GBP", "JPY"};
        Map<String, BigDecimal> revenue = new HashMap<>();
        Set<String> customers = new HashSet<>();
        for (int i = 0; i < 3_000; i++) {
            String customer = "CUST-" + random.nextInt(700);
            String currency = currencies[random.nextInt(4)];
            BigDecimal total = BigDecimal.valueOf(random.nextInt(10_000_000), 2);
            send("O" + i, customer, W1 + random.nextInt((int) SIZE.toMillis()), currency, total.toPlainString(),
                    customers.add(customer), false);
            revenue.merge(currency, total, BigDecimal::add);
        }
        watermark(W1_MAX);
        assertThat(output()).singleElement().satisfies(a -> {
            assertThat(a.orderCount).isEqualTo(3_000);
            assertThat(a.distinctCustomers).isEqualTo(customers.size());
            assertThat(a.revenueByCurrency).isEqualTo(revenue);
            assertThat(a.lateRecords).isZero();
        });
    }

    @Test
    void pointOnePlusPointTwoIsExactlyPointThree() throws Exception {
        send("O1", "C1", W1, "USD", "0.10", true, false);
        send("O2", "C2", W1 + 1, "USD", "0.20", true, false);
        watermark(W1_MAX);
        assertThat(output()).singleElement().satisfies(a -> {
            assertThat(a.revenueByCurrency.get("USD")).isEqualTo(new BigDecimal("0.30"));
            assertThat(a.revenueByCurrency.get("USD").toPlainString()).isEqualTo("0.30");
            assertThat(a.orderCount).isEqualTo(2);
            assertThat(a.distinctCustomers).isEqualTo(2);
        });
    }

    @Test
    void windowStateIsGoneAfterLateness() throws Exception {
        send("O1", "C1", W1, "USD", "1.00", true, false);
        send("O2", "C2", W1, "USD", "1.00", true, false);
        watermark(W1_MAX);
        watermark(W1_MAX + LATENESS.toMillis());
        for (var h : List.of(subtasks.get(0), subtasks.get(1))) {
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
        assertThat(combiner.numKeyedStateEntries()).as("kept for the grace").isPositive();
        watermark(W1_MAX + LATENESS.plus(WindowAggregation.COMBINER_GRACE).toMillis());
        for (var h : List.of(subtasks.get(0), subtasks.get(1), combiner)) {
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
        // an element the late router would have sent to the DLQ is dropped here, not counted
        send("TOO-LATE", "C2", W1 + 10, "USD", "1.00", true, true);
        assertThat(output()).hasSize(1);
    }

    @Test
    void windowIdFormat() {
        assertThat(WindowIds.of(millis("2026-01-02T03:05:00Z"))).isEqualTo("window-2026-01-02-03-05");
        assertThat(WindowIds.windowStart(millis("2026-11-23T10:19:59.999Z"), SIZE.toMillis())).isEqualTo(W1);
        assertThat(WindowIds.windowStart(millis("2026-11-23T10:20:00Z"), SIZE.toMillis())).isEqualTo(W2);
    }
}
