package io.orderstream.job.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderstream.job.TestOrders;
import io.orderstream.job.dlq.DlqOutput;
import io.orderstream.job.model.DlqRecord;
import io.orderstream.job.model.ErrorType;
import io.orderstream.job.model.OrderEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
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

    // ------------------------------------------------------------------ state bytes (StateBackendUsedBytes)

    private static final int MAX_PARALLELISM = 128;
    private static final long BUCKET = TTL.toMillis() / StateBytesTally.MAX_BUCKETS;

    /** What one seen order id holds: the key as Flink's String serializer writes it (length + 1, one byte below 127; ASCII chars), a Boolean, the TTL timestamp. */
    private static long idBytes(String orderId) {
        return orderId.length() + 1 + 1 + 8;
    }

    private static long replayBytes(String orderId, String replayOf) {
        return orderId.length() + 1 + replayOf.length() + 1 + 1 + 8;
    }

    /** Both clocks: the TTL's (MockTtlTimeProvider) and the processing time the tally reads. */
    private static void at(KeyedOneInputStreamOperatorTestHarness<String, OrderEvent, OrderEvent> h, long time) throws Exception {
        h.setStateTtlProcessingTime(time);
        h.setProcessingTime(time);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, OrderEvent, OrderEvent> subtask(
            DeduplicateOrders dedup, int parallelism, int index) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(dedup), BY_ORDER_ID, Types.STRING,
                MAX_PARALLELISM, parallelism, index);
    }

    @Test
    void stateBytesGrowWithEachFirstWriteOnlyAndLeaveWithTheTtl() throws Exception {
        DeduplicateOrders dedup = new DeduplicateOrders(TTL);
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(dedup), BY_ORDER_ID, Types.STRING);
        at(harness, 0L);
        harness.open();
        assertThat(dedup.stateBytes()).isZero();

        harness.processElement(TestOrders.event("ORD-1"), 1L);
        harness.processElement(TestOrders.event("ORD-22"), 2L);
        assertThat(dedup.stateBytes()).isEqualTo(idBytes("ORD-1") + idBytes("ORD-22"));

        harness.processElement(TestOrders.event("ORD-1"), 3L); // a duplicate writes nothing
        assertThat(dedup.stateBytes()).isEqualTo(idBytes("ORD-1") + idBytes("ORD-22"));

        at(harness, 3 * BUCKET);
        OrderEvent replay = TestOrders.event("ORD-1");
        replay.source.replayOf = "orders.raw-0@17";
        harness.processElement(replay, 4L); // the order id is kept as it is; the replay is remembered
        long afterReplay = idBytes("ORD-1") + idBytes("ORD-22") + replayBytes("ORD-1", "orders.raw-0@17");
        assertThat(dedup.stateBytes()).isEqualTo(afterReplay);

        at(harness, TTL.toMillis() - 1);
        assertThat(dedup.stateBytes()).as("nothing expired yet").isEqualTo(afterReplay);
        harness.processElement(TestOrders.event("ORD-22"), 5L);
        assertThat(dlq(harness)).as("ORD-1 and ORD-22 still remembered").hasSize(2);

        at(harness, TTL.toMillis() + BUCKET);
        assertThat(dedup.stateBytes()).as("the first writes expired").isEqualTo(replayBytes("ORD-1", "orders.raw-0@17"));
        harness.processElement(TestOrders.event("ORD-22"), 6L);
        assertThat(passedIds(harness)).as("... as Flink's TTL says").endsWith("ORD-22");
        assertThat(dedup.stateBytes()).isEqualTo(replayBytes("ORD-1", "orders.raw-0@17") + idBytes("ORD-22"));

        at(harness, 3 * BUCKET + TTL.toMillis() + BUCKET);
        assertThat(dedup.stateBytes()).as("the replay expired").isEqualTo(idBytes("ORD-22"));
    }

    @Test
    void stateBytesSurviveSnapshotAndRestoreAndStillExpire() throws Exception {
        DeduplicateOrders first = new DeduplicateOrders(TTL);
        KeyedOneInputStreamOperatorTestHarness<String, OrderEvent, OrderEvent> before =
                new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(first), BY_ORDER_ID, Types.STRING);
        at(before, 1000L);
        before.open();
        before.processElement(TestOrders.event("ORD-1"), 1L);
        at(before, 1000L + 5 * BUCKET);
        before.processElement(TestOrders.event("ORD-2"), 2L);
        long bytes = first.stateBytes();
        OperatorSubtaskState snapshot = before.snapshot(1L, 3L);
        before.close();

        DeduplicateOrders restored = new DeduplicateOrders(TTL);
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(restored), BY_ORDER_ID, Types.STRING);
        at(harness, 2000L + 5 * BUCKET);
        harness.initializeState(snapshot);
        harness.open();
        assertThat(restored.stateBytes()).isEqualTo(bytes).isEqualTo(idBytes("ORD-1") + idBytes("ORD-2"));

        at(harness, 1000L + TTL.toMillis() + BUCKET);
        assertThat(restored.stateBytes()).as("ORD-1 expired, at its original time").isEqualTo(idBytes("ORD-2"));
        at(harness, 1000L + 5 * BUCKET + TTL.toMillis() + BUCKET);
        assertThat(restored.stateBytes()).isZero();
    }

    /** Rescaled from 2 to 3 subtasks: the per-subtask shares change, the job's total does not. */
    @Test
    void theJobsTotalSurvivesRescaling() throws Exception {
        List<OperatorSubtaskState> oldSnapshots = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        long total = 0;
        for (int index = 0; index < 2; index++) {
            DeduplicateOrders dedup = new DeduplicateOrders(TTL);
            KeyedOneInputStreamOperatorTestHarness<String, OrderEvent, OrderEvent> old = subtask(dedup, 2, index);
            at(old, 0L);
            old.open();
            for (int i = 0; i < 40; i++) {
                String id = "ORD-" + i;
                if (KeyGroupRangeAssignment.assignKeyToParallelOperator(id, MAX_PARALLELISM, 2) == index) {
                    at(old, i * BUCKET); // spread over many buckets
                    old.processElement(TestOrders.event(id), i);
                    ids.add(id);
                }
            }
            total += dedup.stateBytes();
            oldSnapshots.add(old.snapshot(1L, 100L));
            old.close();
        }
        assertThat(ids).hasSize(40);
        assertThat(total).isEqualTo(ids.stream().mapToLong(DeduplicateOrdersTest::idBytes).sum());

        OperatorSubtaskState merged = AbstractStreamOperatorTestHarness.repackageState(oldSnapshots.toArray(new OperatorSubtaskState[0]));
        List<DeduplicateOrders> rescaled = new ArrayList<>();
        List<KeyedOneInputStreamOperatorTestHarness<String, OrderEvent, OrderEvent>> harnesses = new ArrayList<>();
        try {
            for (int index = 0; index < 3; index++) {
                DeduplicateOrders dedup = new DeduplicateOrders(TTL);
                KeyedOneInputStreamOperatorTestHarness<String, OrderEvent, OrderEvent> h = subtask(dedup, 3, index);
                at(h, 40 * BUCKET);
                h.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(merged, MAX_PARALLELISM, 2, 3, index));
                h.open();
                rescaled.add(dedup);
                harnesses.add(h);
            }
            assertThat(rescaled).allSatisfy(d -> assertThat(d.stateBytes()).as("every subtask got buckets").isPositive());
            assertThat(rescaled.stream().mapToLong(DeduplicateOrders::stateBytes).sum()).isEqualTo(total);

            // the keyed state moved with its key groups: every id is still a duplicate
            for (String id : ids) {
                int index = KeyGroupRangeAssignment.assignKeyToParallelOperator(id, MAX_PARALLELISM, 3);
                harnesses.get(index).processElement(TestOrders.event(id), 200L);
            }
            assertThat(harnesses).allSatisfy(h -> assertThat(h.extractOutputValues()).isEmpty());

            // ... and the bytes of the first 10 writes expire when those keys do
            for (KeyedOneInputStreamOperatorTestHarness<String, OrderEvent, OrderEvent> h : harnesses) {
                at(h, 9 * BUCKET + TTL.toMillis() + BUCKET);
            }
            long expected = ids.stream().filter(id -> Integer.parseInt(id.substring(4)) >= 10)
                    .mapToLong(DeduplicateOrdersTest::idBytes).sum();
            assertThat(rescaled.stream().mapToLong(DeduplicateOrders::stateBytes).sum()).isEqualTo(expected);
        } finally {
            for (KeyedOneInputStreamOperatorTestHarness<String, OrderEvent, OrderEvent> h : harnesses) {
                h.close();
            }
        }
    }
}
