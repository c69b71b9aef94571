package io.orderstream.job.aggregate;

import static io.orderstream.job.TestOrders.millis;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderstream.job.TestOrders;
import io.orderstream.job.model.WindowedOrder;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The in-memory sums flush before every watermark, idle status, checkpoint barrier and end of input. */
class SumPerBucketInMemoryTest {
    private static final long SIZE = Duration.ofMinutes(5).toMillis();
    private static final long W1 = millis("2026-11-23T10:15:00Z");
    private static final long W2 = W1 + SIZE;

    private OneInputStreamOperatorTestHarness<WindowedOrder, BucketSum> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new OneInputStreamOperatorTestHarness<>(new SumPerBucketInMemory(SIZE),
                TypeInformation.of(WindowedOrder.class).createSerializer(new SerializerConfigImpl()));
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(String customer, long eventTime, String currency, String total, boolean first, boolean late)
            throws Exception {
        WindowedOrder o = WindowedOrder.of(TestOrders.enriched("O-" + eventTime, customer, eventTime, currency, total));
        o.windowStart = eventTime - Math.floorMod(eventTime, SIZE);
        o.firstOrderOfCustomerInWindow = first;
        o.lateAccepted = late;
        harness.processElement(o, eventTime);
    }

    private List<Object> drain() {
        List<Object> out = new java.util.ArrayList<>(harness.getOutput());
        harness.getOutput().clear();
        return out;
    }

    private static BucketSum sumOf(Object element) {
        return (BucketSum) ((StreamRecord<?>) element).getValue();
    }

    @Test
    void ordersOfABucketAndWindowBecomeOneSumBeforeTheWatermarkThatEndsTheWindow() throws Exception {
        send("C1", W1 + 1_000, "USD", "1.10", true, false);
        send("C1", W1 + 2_000, "EUR", "2.00", false, false);
        send("C1", W1 + 3_000, "USD", "0.90", false, false);
        send("C1", W2 + 1_000, "USD", "5.00", true, false);
        assertThat(harness.getOutput()).isEmpty();

        harness.processWatermark(W1 + 3_000);
        assertThat(drain()).as("a watermark within the window passes alone").containsExactly(new Watermark(W1 + 3_000));

        harness.processWatermark(W1 + SIZE - 1);
        List<Object> out = drain();
        assertThat(out).hasSize(2).last().isEqualTo(new Watermark(W1 + SIZE - 1));
        BucketSum w1 = sumOf(out.get(0));
        assertThat(w1.windowStart).isEqualTo(W1);
        assertThat(((StreamRecord<?>) out.get(0)).getTimestamp())
                .as("stamped with its window's start, so it lands in that window").isEqualTo(W1);
        assertThat(w1.bucket).isEqualTo(WindowAggregation.bucketOf("C1"));
        assertThat(w1.totals.orderCount).isEqualTo(3);
        assertThat(w1.totals.distinctCustomers).isEqualTo(1);
        assertThat(w1.totals.revenueByCurrency).containsEntry("USD", new BigDecimal("2.00"))
                .containsEntry("EUR", new BigDecimal("2.00"));

        harness.prepareSnapshotPreBarrier(1);
        assertThat(harness.extractOutputValues()).as("the next window's sum, at the barrier").singleElement()
                .satisfies(s -> {
                    assertThat(s.windowStart).isEqualTo(W2);
                    assertThat(s.totals.orderCount).isEqualTo(1);
                });
    }

    @Test
    void bucketsStaySeparate() throws Exception {
        String other = "C2";
        assertThat(WindowAggregation.bucketOf(other)).isNotEqualTo(WindowAggregation.bucketOf("C1"));
        send("C1", W1, "USD", "1.00", true, false);
        send(other, W1, "USD", "2.00", true, false);
        harness.prepareSnapshotPreBarrier(1);
        assertThat(harness.extractOutputValues()).extracting(s -> s.bucket).containsExactlyInAnyOrder(
                WindowAggregation.bucketOf("C1"), WindowAggregation.bucketOf(other));
    }

    @Test
    void aCheckpointBarrierFlushesTheSums() throws Exception {
        send("C1", W1, "USD", "1.00", true, false);
        harness.prepareSnapshotPreBarrier(7);
        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(s -> assertThat(s.totals.orderCount).isEqualTo(1));
    }

    @Test
    void anIdleStatusFlushesTheSumsBeforeItIsForwarded() throws Exception {
        send("C1", W1, "USD", "1.00", true, false);
        harness.processWatermarkStatus(WatermarkStatus.IDLE);
        List<Object> out = drain();
        assertThat(out).hasSize(2);
        assertThat(sumOf(out.get(0)).totals.orderCount).isEqualTo(1);
        assertThat(out.get(1)).isEqualTo(WatermarkStatus.IDLE);
    }

    @Test
    void finishingFlushesTheSums() throws Exception {
        send("C1", W1, "USD", "1.00", true, false);
        harness.getOperator().finish(); // what the task calls at the end of a bounded input
        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(s -> assertThat(s.totals.orderCount).isEqualTo(1));
    }

    @Test
    void ordersOfAFiredWindowPassAloneAtOnce() throws Exception {
        harness.processWatermark(W1 + SIZE - 1);
        drain();
        send("C1", W1 + 1, "USD", "1.00", false, true); // accepted late upstream
        send("C1", W1 + 2, "USD", "2.00", false, false); // behind this operator's watermark
        assertThat(harness.extractOutputValues()).hasSize(2).allSatisfy(s -> {
            assertThat(s.windowStart).isEqualTo(W1);
            assertThat(s.totals.orderCount).isEqualTo(1);
        });
        assertThat(harness.extractOutputValues().get(0).totals.lateRecords).isEqualTo(1);
    }
}
