package io.orderstream.job.aggregate;

import static io.orderstream.job.TestOrders.millis;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderstream.job.TestOrders;
import io.orderstream.job.dlq.DlqOutput;
import io.orderstream.job.model.DlqRecord;
import io.orderstream.job.model.EnrichedOrder;
import io.orderstream.job.model.ErrorType;
import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RouteLateOrdersTest {
    private static final long WINDOW_START = millis("2026-11-23T10:15:00Z");
    private static final long WINDOW_MAX = millis("2026-11-23T10:19:59.999Z");
    private static final long LATENESS = Duration.ofMinutes(5).toMillis();
    private static final long EVENT_TIME = millis("2026-11-23T10:16:30Z");

    private OneInputStreamOperatorTestHarness<EnrichedOrder, EnrichedOrder> harness;
    private RouteLateOrders router;

    @BeforeEach
    void open() throws Exception {
        router = new RouteLateOrders(Duration.ofMinutes(5), Duration.ofMinutes(5));
        harness = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(router));
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private EnrichedOrder send(String id, long watermark) throws Exception {
        harness.processWatermark(watermark);
        EnrichedOrder order = TestOrders.enriched(id, "C1", EVENT_TIME, "USD", "10.00");
        harness.processElement(order, EVENT_TIME);
        return order;
    }

    private List<DlqRecord> dlq() {
        var side = harness.getSideOutput(DlqOutput.TAG);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void watermarkLagIsReportedOnlyWhileOrdersFlow() throws Exception {
        long fresh = Duration.ofSeconds(60).toMillis();
        assertThat(router.watermarkLag(System.currentTimeMillis(), fresh)).as("no order yet").isNaN();
        send("O1", EVENT_TIME);
        long now = System.currentTimeMillis();
        assertThat(router.watermarkLag(now, fresh)).isEqualTo((double) (now - EVENT_TIME));
        // A quiet period: the watermark has not moved because no order came, which is not a stuck watermark.
        assertThat(router.watermarkLag(now + fresh + 1_000, fresh)).isNaN();
        send("O2", EVENT_TIME + 1_000);
        assertThat(router.watermarkLag(System.currentTimeMillis(), fresh)).isPositive();
    }

    @Test
    void onTimeOrderPassesWithItsWindowStart() throws Exception {
        harness.processElement(TestOrders.enriched("BEFORE-FIRST-WATERMARK", "C1", EVENT_TIME, "USD", "1"), EVENT_TIME);
        send("ON-TIME", EVENT_TIME + 10_000);
        send("JUST-BEFORE-FIRING", WINDOW_MAX - 1);
        assertThat(harness.extractOutputValues()).hasSize(3).allSatisfy(o -> {
            assertThat(o.windowStart).isEqualTo(WINDOW_START);
            assertThat(o.lateAccepted).isFalse();
        });
        assertThat(dlq()).isEmpty();
    }

    @Test
    void orderOfAFiredWindowWithinLatenessIsLateAccepted() throws Exception {
        send("AT-FIRING", WINDOW_MAX);
        send("LAST-CHANCE", WINDOW_MAX + LATENESS - 1);
        assertThat(harness.extractOutputValues()).extracting(o -> o.order.orderId)
                .containsExactly("AT-FIRING", "LAST-CHANCE");
        assertThat(harness.extractOutputValues()).allSatisfy(o -> {
            assertThat(o.windowStart).isEqualTo(WINDOW_START);
            assertThat(o.lateAccepted).isTrue();
        });
        assertThat(dlq()).isEmpty();
    }

    @Test
    void orderBeyondLatenessGoesToDlq() throws Exception {
        EnrichedOrder late = send("TOO-LATE", WINDOW_MAX + LATENESS);
        send("WAY-TOO-LATE", WINDOW_MAX + LATENESS + Duration.ofHours(1).toMillis());
        assertThat(harness.extractOutputValues()).isEmpty();
        List<DlqRecord> dlq = dlq();
        assertThat(dlq).extracting(r -> r.orderId).containsExactly("TOO-LATE", "WAY-TOO-LATE");
        DlqRecord r = dlq.get(0);
        assertThat(r.errorType).isEqualTo(ErrorType.LATE_ARRIVAL);
        assertThat(r.source.offset).isEqualTo(late.source.offset);
        assertThat(r.source.payload).isEqualTo(late.source.payload);
        assertThat(r.errorDetail).contains("window-2026-11-23-10-15", "2026-11-23T10:16:30Z", "PT5M");
    }

    @Test
    void zeroLatenessDropsAsSoonAsTheWindowFired() throws Exception {
        harness.close();
        harness = new OneInputStreamOperatorTestHarness<>(
                new ProcessOperator<>(new RouteLateOrders(Duration.ofMinutes(5), Duration.ZERO)));
        harness.open();
        send("ON-TIME", WINDOW_MAX - 1);
        send("LATE", WINDOW_MAX);
        assertThat(harness.extractOutputValues()).extracting(o -> o.order.orderId).containsExactly("ON-TIME");
        assertThat(dlq()).extracting(r -> r.orderId).containsExactly("LATE");
    }

    /** A replay from the DLQ whose window closed is delivered, outside every window, never dropped again. */
    @Test
    void replayBeyondLatenessIsDeliveredOutsideWindows() throws Exception {
        harness.processWatermark(WINDOW_MAX + LATENESS + Duration.ofHours(1).toMillis());
        EnrichedOrder replay = TestOrders.enriched("REPLAYED", "C1", EVENT_TIME, "USD", "1");
        replay.source.replayOf = "orders.raw-1@5";
        harness.processElement(replay, EVENT_TIME);

        assertThat(dlq()).isEmpty();
        assertThat(harness.extractOutputValues()).singleElement().satisfies(o -> {
            assertThat(o.order.orderId).isEqualTo("REPLAYED");
            assertThat(o.outsideWindows).isTrue();
            assertThat(o.lateAccepted).isTrue();
        });
    }
}
