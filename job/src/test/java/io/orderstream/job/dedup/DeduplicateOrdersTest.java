package io.orderstream.job.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderstream.job.TestOrders;
import io.orderstream.job.dlq.DlqOutput;
import io.orderstream.job.model.DlqRecord;
import io.orderstream.job.model.ErrorType;
import io.orderstream.job.model.OrderEvent;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeduplicateOrdersTest {
    private static final Duration TTL = Duration.ofHours(24);
    private static final KeySelector<OrderEvent, String> BY_ORDER_ID = e -> e.order.orderId;

    private KeyedOneInputStreamOperatorTestHarness<String, OrderEvent, OrderEvent> harness;

    private static KeyedOneInputStreamOperatorTestHarness<String, OrderEvent, OrderEvent> newHarness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DeduplicateOrders(TTL)), BY_ORDER_ID, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private static List<String> passedIds(KeyedOneInputStreamOperatorTestHarness<String, OrderEvent, OrderEvent> h) {
        return h.extractOutputValues().stream().map(e -> e.order.orderId).toList();
    }

    private static List<DlqRecord> dlq(KeyedOneInputStreamOperatorTestHarness<String, OrderEvent, OrderEvent> h) {
        var side = h.getSideOutput(DlqOutput.TAG);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void firstPassesRepeatGoesToDlqAsDuplicate() throws Exception {
        harness = newHarness();
        harness.open();
        OrderEvent first = TestOrders.event("ORD-1");
        OrderEvent repeat = TestOrders.event("ORD-1");
        harness.processElement(first, 1L);
        harness.processElement(TestOrders.event("ORD-2"), 2L);
        harness.processElement(repeat, 3L);

        assertThat(passedIds(harness)).containsExactly("ORD-1", "ORD-2");
        assertThat(harness.extractOutputValues().get(0).source.payload).isEqualTo(first.source.payload);
        List<DlqRecord> dlq = dlq(harness);
        assertThat(dlq).singleElement().satisfies(r -> {
            assertThat(r.errorType).isEqualTo(ErrorType.DUPLICATE);
            assertThat(r.orderId).isEqualTo("ORD-1");
            assertThat(r.source.payload).isEqualTo(repeat.source.payload);
            assertThat(r.source.position()).isEqualTo("orders.raw-3@1234");
            assertThat(r.errorRule).isNull();
            assertThat(r.errorDetail).contains("PT24H");
        });
    }

    /** A replay of a parked order passes once per original record, even though its order_id was seen. */
    @Test
    void replayOfAParkedRecordPassesOnceThenIsADuplicate() throws Exception {
        harness = newHarness();
        harness.open();
        harness.processElement(TestOrders.event("ORD-1"), 1L);
        OrderEvent replay = TestOrders.event("ORD-1");
        replay.source.replayOf = "orders.raw-0@17";
        OrderEvent sameReplayAgain = TestOrders.event("ORD-1");
        sameReplayAgain.source.replayOf = "orders.raw-0@17";
        OrderEvent otherReplay = TestOrders.event("ORD-1");
        otherReplay.source.replayOf = "orders.raw-2@99";

        harness.processElement(replay, 2L);
        harness.processElement(sameReplayAgain, 3L);
        harness.processElement(otherReplay, 4L);

        assertThat(harness.extractOutputValues()).extracting(e -> e.source.replayOf)
                .containsExactly(null, "orders.raw-0@17", "orders.raw-2@99");
        assertThat(dlq(harness)).singleElement().satisfies(r -> {
            assertThat(r.errorType).isEqualTo(ErrorType.DUPLICATE);
            assertThat(r.errorDetail).contains("orders.raw-0@17 already replayed");
        });
    }

    /**
     * State TTL reads the harness's separate TTL clock ({@code setStateTtlProcessingTime}, a
     * MockTtlTimeProvider), not the processing time of timers ({@code setProcessingTime}).
     */
    @Test
    void idPassesAgainAfterTtlExpiry() throws Exception {
        harness = newHarness();
        harness.setStateTtlProcessingTime(0L);
        harness.open();
        harness.processElement(TestOrders.event("ORD-1"), 1L);

        harness.setStateTtlProcessingTime(TTL.toMillis() - 1);
        harness.processElement(TestOrders.event("ORD-1"), 2L);
        assertThat(dlq(harness)).hasSize(1);

        // a duplicate does not extend the TTL (OnCreateAndWrite: only the first record writes)
        harness.setStateTtlProcessingTime(TTL.toMillis());
        harness.processElement(TestOrders.event("ORD-1"), 3L);
        assertThat(passedIds(harness)).containsExactly("ORD-1", "ORD-1");
        assertThat(dlq(harness)).hasSize(1);

        // ... and is remembered again from then on
        harness.setStateTtlProcessingTime(TTL.toMillis() + 10);
        harness.processElement(TestOrders.event("ORD-1"), 4L);
        assertThat(passedIds(harness)).hasSize(2);
        assertThat(dlq(harness)).hasSize(2);
    }

    @Test
    void stateSurvivesSnapshotAndRestore() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, OrderEvent, OrderEvent> before = newHarness();
        before.setStateTtlProcessingTime(1000L);
        before.open();
        before.processElement(TestOrders.event("ORD-1"), 1L);
        before.processElement(TestOrders.event("ORD-2"), 2L);
        OperatorSubtaskState snapshot = before.snapshot(1L, 3L);
        before.close();

        harness = newHarness();
        harness.setStateTtlProcessingTime(2000L);
        harness.initializeState(snapshot);
        harness.open();
        harness.processElement(TestOrders.event("ORD-1"), 4L);
        harness.processElement(TestOrders.event("ORD-3"), 5L);
        harness.processElement(TestOrders.event("ORD-2"), 6L);

        assertThat(passedIds(harness)).containsExactly("ORD-3");
        assertThat(dlq(harness)).extracting(r -> r.orderId).containsExactly("ORD-1", "ORD-2");
        assertThat(dlq(harness)).allSatisfy(r -> assertThat(r.errorType).isEqualTo(ErrorType.DUPLICATE));
    }
}
