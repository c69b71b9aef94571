package io.orderstream.job.aggregate;

import static io.orderstream.job.TestOrders.millis;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderstream.job.TestOrders;
import io.orderstream.job.model.WindowedOrder;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MarkFirstCustomerOrdersTest {
    private static final Duration SIZE = Duration.ofMinutes(5);
    private static final Duration LATENESS = Duration.ofMinutes(5);
    private static final long W1 = millis("2026-11-23T10:15:00Z");
    private static final long W2 = millis("2026-11-23T10:20:00Z");
    /** When W1 can no longer change: window max timestamp + allowed lateness. */
    private static final long W1_CLEANUP = W1 + SIZE.toMillis() - 1 + LATENESS.toMillis();

    private KeyedOneInputStreamOperatorTestHarness<String, WindowedOrder, WindowedOrder> harness;

    private static KeyedOneInputStreamOperatorTestHarness<String, WindowedOrder, WindowedOrder> newHarness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new MarkFirstCustomerOrders(SIZE, LATENESS)),
                o -> o.customerId, Types.STRING);
    }

    @BeforeEach
    void open() throws Exception {
        harness = newHarness();
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private WindowedOrder send(String id, String customer, long windowStart) throws Exception {
        WindowedOrder o = WindowedOrder.of(TestOrders.enriched(id, customer, windowStart + 1000, "USD", "1.00"));
        o.windowStart = windowStart;
        harness.processElement(o, windowStart + 1000);
        return o;
    }

    @Test
    void firstOrderOfACustomerInAWindowIsFlagged() throws Exception {
        send("A1", "C1", W1);
        send("A2", "C1", W1);
        send("B1", "C2", W1);
        send("A3", "C1", W2);
        send("A4", "C1", W1);
        assertThat(harness.extractOutputValues())
                .extracting(o -> o.orderId + "=" + o.firstOrderOfCustomerInWindow)
                .containsExactly("A1=true", "A2=false", "B1=true", "A3=true", "A4=false");
        assertThat(harness.numEventTimeTimers()).isEqualTo(3); // (C1,W1) (C2,W1) (C1,W2)
    }

    @Test
    void stateIsCleanedOnceTheWindowCanNoLongerChange() throws Exception {
        send("A1", "C1", W1);
        send("B1", "C2", W2);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);

        harness.processWatermark(W1_CLEANUP - 1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        send("A2", "C1", W1);
        assertThat(harness.extractOutputValues().get(2).firstOrderOfCustomerInWindow).isFalse();

        harness.processWatermark(W1_CLEANUP);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1); // C1's only window is gone, C2's W2 remains
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        // a new order for that window start is flagged again (route-late would never send one; this proves cleanup)
        send("A3", "C1", W1);
        assertThat(harness.extractOutputValues().get(3).firstOrderOfCustomerInWindow).isTrue();
    }

    @Test
    void cleanupOfOneWindowKeepsTheCustomersOtherWindows() throws Exception {
        send("A1", "C1", W1);
        send("A2", "C1", W2);
        harness.processWatermark(W1_CLEANUP);
        send("A3", "C1", W2);
        assertThat(harness.extractOutputValues().get(2).firstOrderOfCustomerInWindow).isFalse();
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        harness.processWatermark(W1_CLEANUP + SIZE.toMillis());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    /**
     * The operator remembers the customers it marked in memory, up to a bound; past it the state
     * answers. With room for one pair, every other customer's repeat must still be found in state.
     */
    @Test
    void customersBeyondWhatTheOperatorRemembersAreFlaggedFromState() throws Exception {
        harness.close();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new MarkFirstCustomerOrders(SIZE, LATENESS, null, 1)),
                o -> o.customerId, Types.STRING);
        harness.open();
        send("A1", "C1", W1);
        send("B1", "C2", W1);
        send("C1", "C3", W2);
        send("B2", "C2", W1);
        send("C2", "C3", W2);
        send("A2", "C1", W1);
        harness.processWatermark(W1_CLEANUP);
        send("A3", "C1", W2);
        send("A4", "C1", W2);
        assertThat(harness.extractOutputValues())
                .extracting(o -> o.orderId + "=" + o.firstOrderOfCustomerInWindow)
                .containsExactly("A1=true", "B1=true", "C1=true", "B2=false", "C2=false", "A2=false", "A3=true", "A4=false");
    }

    @Test
    void flagsAndTimersSurviveSnapshotAndRestore() throws Exception {
        send("A1", "C1", W1);
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        send("A2", "C1", W1);
        assertThat(harness.extractOutputValues().get(0).firstOrderOfCustomerInWindow).isFalse();
        harness.processWatermark(W1_CLEANUP);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }
}
