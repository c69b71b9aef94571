package io.orderstream.dlq;

import static io.orderstream.dlq.DlqRecordTest.line;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class ReplayerTest {

    static DlqRecord rec(String type, String orderId, long offset, String replayOf) throws Exception {
        return DlqRecord.parse(line(type, null, orderId, 0, offset, "2026-11-23T15:00:00Z", "utf8",
                "{\"order_id\":\"" + orderId + "\"}", replayOf), "k");
    }

    @Test
    void planRefusesReplaysAndUnfixableTypesByDefault() throws Exception {
        DlqRecord parse = rec("parse_error", null, 1, null);
        DlqRecord dup = rec("duplicate", "o-2", 2, null);
        DlqRecord late = rec("late_arrival", "o-3", 3, null);
        DlqRecord replay = rec("validation_error", "o-4", 4, "orders.raw-0@1");
        Replayer.Plan plan = Replayer.plan(List.of(parse, dup, late, replay), false, Set.of());
        assertThat(plan.toSend()).containsExactly(parse);
        assertThat(plan.skipped()).extracting(Replayer.Skipped::reason).containsExactly(
                Replayer.SkipReason.REFUSED_TYPE, Replayer.SkipReason.REFUSED_TYPE, Replayer.SkipReason.REPLAY_OF_REPLAY);

        Replayer.Plan allowed = Replayer.plan(List.of(parse, dup, late), false, Set.of("duplicate"));
        assertThat(allowed.toSend()).containsExactly(parse, dup);
    }

    @Test
    void oneRecordPerOriginalPosition() throws Exception {
        DlqRecord original = rec("validation_error", "o-4", 1, null);
        DlqRecord itsReplay = rec("validation_error", "o-4", 77, "orders.raw-0@1");
        Replayer.Plan plan = Replayer.plan(List.of(original, itsReplay), true, Set.of());
        assertThat(plan.toSend()).containsExactly(original);
        assertThat(plan.skipped()).extracting(Replayer.Skipped::reason).containsExactly(Replayer.SkipReason.SAME_ORIGINAL);
    }

    @Test
    void aReplayOfAReplayNamesTheFirstOriginal() throws Exception {
        ProducerRecord<byte[], byte[]> pr = Replayer.toProducerRecord("orders.raw", rec("timeout", "o-5", 77, "orders.raw-2@9"));
        assertThat(new String(pr.headers().lastHeader(ReplayContract.REPLAY_OF_HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo("orders.raw-2@9");
        assertThat(new String(pr.key(), StandardCharsets.UTF_8)).isEqualTo("o-5");
        assertThat(pr.partition()).isNull();
    }

    @Test
    void sendsThroughTheRateLimiterAndReportsPositions() throws Exception {
        MockProducer<byte[], byte[]> producer =
                new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        RateLimiterTest.FakeClock clock = new RateLimiterTest.FakeClock();
        long start = clock.now;
        Replayer replayer = new Replayer(producer, "orders.raw", new RateLimiter(4, clock));
        Replayer.Plan plan = Replayer.plan(List.of(rec("timeout", "a", 1, null), rec("timeout", "b", 2, null),
                rec("parse_error", null, 3, null)), false, Set.of());
        List<Replayer.Outcome> outcomes = replayer.send(plan, Replayer.ProgressListener.NONE);
        assertThat(outcomes).extracting(Replayer.Outcome::status).containsOnly(Replayer.Status.SENT);
        assertThat(producer.history()).hasSize(3);
        assertThat(producer.history().get(2).key()).isNull();
        assertThat(clock.now - start).isEqualTo(2 * 250_000_000L);
    }

    @Test
    void failedSendsAreReportedAndASynchronousFailureStopsTheRun() throws Exception {
        MockProducer<byte[], byte[]> producer =
                new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
                    @Override
                    public synchronized java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(
                            ProducerRecord<byte[], byte[]> record) {
                        String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
                        if (key.equals("b")) {
                            return java.util.concurrent.CompletableFuture.failedFuture(
                                    new org.apache.kafka.common.errors.RecordTooLargeException("broker says no"));
                        }
                        if (key.equals("c")) {
                            throw new org.apache.kafka.common.errors.TimeoutException("metadata not available");
                        }
                        return super.send(record);
                    }
                };
        Replayer replayer = new Replayer(producer, "orders.raw", new RateLimiter(1000, new RateLimiterTest.FakeClock()));
        Replayer.Plan plan = Replayer.plan(List.of(rec("timeout", "a", 1, null), rec("timeout", "b", 2, null),
                rec("timeout", "c", 3, null), rec("timeout", "d", 4, null)), false, Set.of());
        List<Replayer.Outcome> outcomes = replayer.send(plan, Replayer.ProgressListener.NONE);
        assertThat(outcomes).extracting(Replayer.Outcome::status).containsExactly(
                Replayer.Status.SENT, Replayer.Status.FAILED, Replayer.Status.FAILED, Replayer.Status.NOT_SENT);
        assertThat(outcomes.get(0).produced()).isEqualTo("orders.raw-0@0");
        assertThat(outcomes.get(1).error()).contains("broker says no");
        assertThat(outcomes.get(2).error()).contains("metadata not available");
        assertThat(producer.history()).hasSize(1);
    }
}
