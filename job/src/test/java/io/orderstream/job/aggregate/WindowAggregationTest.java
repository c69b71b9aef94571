package io.orderstream.job.aggregate;

import static io.orderstream.job.TestOrders.millis;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderstream.job.TestOrders;
import io.orderstream.job.model.WindowedOrder;
import io.orderstream.job.model.WindowAggregate;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The aggregate stage exactly as OrderPipeline builds it, run through a harness of its WindowOperator. */
class WindowAggregationTest {
    private static final Duration SIZE = Duration.ofMinutes(5);
    private static final Duration LATENESS = Duration.ofMinutes(5);
    private static final long W1 = millis("2026-11-23T10:15:00Z");
    private static final long W1_MAX = W1 + SIZE.toMillis() - 1;
    private static final long W2 = millis("2026-11-23T10:20:00Z");

    private KeyedOneInputStreamOperatorTestHarness<Byte, WindowedOrder, WindowAggregate> harness;

    @SuppressWarnings("unchecked")
    @BeforeEach
    void open() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SingleOutputStreamOperator<WindowAggregate> aggregates = env
                .fromData(TypeInformation.of(WindowedOrder.class), new WindowedOrder())
                .windowAll(TumblingEventTimeWindows.of(SIZE))
                .allowedLateness(LATENESS)
                .aggregate(new SumOrders(), new EmitWindowAggregate(),
                        TypeInformation.of(WindowTotals.class), TypeInformation.of(WindowTotals.class),
                        TypeInformation.of(WindowAggregate.class));
        OneInputTransformation<WindowedOrder, WindowAggregate> transformation =
                (OneInputTransformation<WindowedOrder, WindowAggregate>) aggregates.getTransformation();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(transformation.getOperatorFactory(),
                (KeySelector<WindowedOrder, Byte>) transformation.getStateKeySelector(),
                (TypeInformation<Byte>) transformation.getStateKeyType());
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(String id, String customer, long eventTime, String currency, String total,
                      boolean firstOfCustomer, boolean late) throws Exception {
        WindowedOrder o = WindowedOrder.of(TestOrders.enriched(id, customer, eventTime, currency, total));
        o.windowStart = WindowIds.windowStart(eventTime, SIZE.toMillis());
        o.firstOrderOfCustomerInWindow = firstOfCustomer;
        o.lateAccepted = late;
        harness.processElement(o, eventTime);
    }

    private List<WindowAggregate> output() {
        return harness.extractOutputValues();
    }

    @Test
    void exactRevenueCountsAndRevisions() throws Exception {
        send("O1", "C1", W1 + 1_000, "USD", "0.10", true, false);
        send("O2", "C1", W1 + 2_000, "USD", "0.20", false, false);
        send("O3", "C2", W1 + 3_000, "EUR", "19.99", true, false);
        send("O4", "C3", W1_MAX, "USD", "999999.99", true, false);
        send("N1", "C1", W2 + 1_000, "USD", "5.00", true, false);
        assertThat(output()).isEmpty();

        harness.processWatermark(W1_MAX - 1);
        assertThat(output()).isEmpty();
        harness.processWatermark(W1_MAX);
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

        harness.processWatermark(W1_MAX + LATENESS.toMillis() - 1);
        send("L2", "C1", W1 + 5_000, "USD", "0.20", false, true);
        assertThat(output()).hasSize(3);
        WindowAggregate third = output().get(2);
        assertThat(third.windowId).isEqualTo("window-2026-11-23-10-15");
        assertThat(third.revision).isEqualTo(2);
        assertThat(third.orderCount).isEqualTo(6);
        assertThat(third.lateRecords).isEqualTo(2);
        assertThat(third.revenueByCurrency.get("USD")).isEqualTo(new BigDecimal("1000000.50"));

        harness.processWatermark(W2 + SIZE.toMillis() - 1);
        assertThat(output()).hasSize(4);
        WindowAggregate w2 = output().get(3);
        assertThat(w2.windowId).isEqualTo("window-2026-11-23-10-20");
        assertThat(w2.revision).isZero();
        assertThat(w2.orderCount).isEqualTo(1);
        assertThat(w2.distinctCustomers).isEqualTo(1);
        assertThat(w2.revenueByCurrency).containsExactly(java.util.Map.entry("USD", new BigDecimal("5.00")));
    }

    @Test
    void pointOnePlusPointTwoIsExactlyPointThree() throws Exception {
        send("O1", "C1", W1, "USD", "0.10", true, false);
        send("O2", "C2", W1 + 1, "USD", "0.20", true, false);
        harness.processWatermark(W1_MAX);
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
        harness.processWatermark(W1_MAX);
        harness.processWatermark(W1_MAX + LATENESS.toMillis());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
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
