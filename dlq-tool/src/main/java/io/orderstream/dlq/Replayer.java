package io.orderstream.dlq;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Replays DLQ records into a topic: each one with its original bytes, keyed by order id when known,
 * with the {@link ReplayContract#REPLAY_OF_HEADER} header naming its original position, at most
 * {@code rate} records per second. {@link #plan} decides what may be replayed; {@link #send} sends it.
 */
public final class Replayer {

    /** Why a selected DLQ record is not replayed. */
    public enum SkipReason {
        /** It is itself the DLQ record of a replay (has replay_of) and --include-replays was not given. */
        REPLAY_OF_REPLAY("is a replay (replay_of set); use --include-replays"),
        /** duplicate or late_arrival without --allow-type. */
        REFUSED_TYPE("error type not replayable by default; use --allow-type"),
        /** Another selected record has the same original position (Firehose redelivery, or a replay's DLQ record). */
        SAME_ORIGINAL("same original position as another selected record");

        public final String text;

        SkipReason(String text) {
            this.text = text;
        }
    }

    public record Skipped(DlqRecord record, SkipReason reason) {}

    /** What a replay would send and what it leaves out. */
    public record Plan(List<DlqRecord> toSend, List<Skipped> skipped) {}

    public enum Status { WOULD_SEND, SENT, FAILED, NOT_SENT }

    /** One replayed record's outcome; {@code produced} is the new position when sent. */
    public record Outcome(DlqRecord record, Status status, String produced, String error) {}

    /**
     * Filters {@code selected} by the replay rules: replays of replays only with {@code includeReplays},
     * {@link ErrorTypes#REFUSED_BY_DEFAULT} types only when named in {@code allowedTypes}, and one
     * record per original position.
     */
    public static Plan plan(List<DlqRecord> selected, boolean includeReplays, Set<String> allowedTypes) {
        List<DlqRecord> send = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        Set<String> originals = new HashSet<>();
        for (DlqRecord r : selected) {
            if (r.isReplay() && !includeReplays) {
                skipped.add(new Skipped(r, SkipReason.REPLAY_OF_REPLAY));
            } else if (ErrorTypes.REFUSED_BY_DEFAULT.contains(r.errorType()) && !allowedTypes.contains(r.errorType())) {
                skipped.add(new Skipped(r, SkipReason.REFUSED_TYPE));
            } else if (!originals.add(r.originalPosition())) {
                skipped.add(new Skipped(r, SkipReason.SAME_ORIGINAL));
            } else {
                send.add(r);
            }
        }
        return new Plan(List.copyOf(send), List.copyOf(skipped));
    }

    /** The record a replay produces for {@code r}. */
    public static ProducerRecord<byte[], byte[]> toProducerRecord(String topic, DlqRecord r) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader(ReplayContract.REPLAY_OF_HEADER,
                r.originalPosition().getBytes(StandardCharsets.UTF_8)));
        byte[] key = r.orderId() == null ? null : r.orderId().getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, null, key, r.payloadBytes(), headers);
    }

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final RateLimiter limiter;

    public Replayer(Producer<byte[], byte[]> producer, String topic, RateLimiter limiter) {
        this.producer = producer;
        this.topic = topic;
        this.limiter = limiter;
    }

    /** What a dry run reports: every record as {@link Status#WOULD_SEND}; touches nothing. */
    public static List<Outcome> dryRun(Plan plan) {
        return plan.toSend().stream().map(r -> new Outcome(r, Status.WOULD_SEND, null, null)).toList();
    }

    /**
     * Sends every record of the plan, rate limited, then waits for every acknowledgement. If the
     * producer cannot take a record at all (e.g. the cluster went away), the rest is not attempted.
     */
    public List<Outcome> send(Plan plan, ProgressListener progress) throws InterruptedException {
        // Identity maps: the plan holds each record once, and hashing a record hashes its JSON tree.
        Map<DlqRecord, Future<RecordMetadata>> pending = new IdentityHashMap<>();
        Map<DlqRecord, Outcome> done = new IdentityHashMap<>();
        String abort = null;
        for (DlqRecord r : plan.toSend()) {
            if (abort != null) {
                done.put(r, new Outcome(r, Status.NOT_SENT, null, "not attempted after: " + abort));
                continue;
            }
            limiter.acquire();
            try {
                pending.put(r, producer.send(toProducerRecord(topic, r)));
                progress.sent(pending.size() + done.size(), plan.toSend().size());
            } catch (RuntimeException e) {
                abort = e.getClass().getSimpleName() + ": " + e.getMessage();
                done.put(r, new Outcome(r, Status.FAILED, null, abort));
            }
        }
        producer.flush();
        List<Outcome> outcomes = new ArrayList<>();
        for (DlqRecord r : plan.toSend()) {
            Future<RecordMetadata> f = pending.get(r);
            if (f == null) {
                outcomes.add(done.get(r));
                continue;
            }
            try {
                RecordMetadata m = f.get();
                outcomes.add(new Outcome(r, Status.SENT, m.topic() + "-" + m.partition() + "@" + m.offset(), null));
            } catch (ExecutionException e) {
                Throwable c = e.getCause() == null ? e : e.getCause();
                outcomes.add(new Outcome(r, Status.FAILED, null, c.getClass().getSimpleName() + ": " + c.getMessage()));
            }
        }
        return outcomes;
    }

    /** Told after each record handed to the producer (for progress output on long replays). */
    @FunctionalInterface
    public interface ProgressListener {
        void sent(int handedOver, int total);

        ProgressListener NONE = (a, b) -> {};
    }
}
