package io.orderstream.job.model;

/**
 * One Kafka record exactly as it was read: the bytes and where they came from.
 *
 * <p>Nothing about the payload can throw inside the source; every later stage keeps a reference to
 * this record so that a failure anywhere can be written to the DLQ with enough context to replay it.
 */
public class RawRecord {
    public String topic;
    public int partition;
    public long offset;
    /** Kafka record timestamp (producer or log-append time), epoch millis. */
    public long kafkaTimestamp;
    /** The record value; empty for a null (tombstone) value. */
    public byte[] payload;
    /**
     * For a record replayed from the DLQ: the position ({@link #position()}) of the original record,
     * from the {@value #REPLAY_OF_HEADER} header the DLQ tool sets; null for a producer's record.
     */
    public String replayOf;
    /**
     * The source's parse of the payload, taken by {@code deserialize}. Transient: it only passes
     * between the source and {@code deserialize}, chained with object reuse; where the record was
     * copied instead, it is null and {@code deserialize} parses the payload itself.
     */
    public transient ParseOutcome parsed;

    /** Kafka header that marks a replay; the DLQ tool (io.orderstream.dlq.ReplayContract) writes it. */
    public static final String REPLAY_OF_HEADER = "orderstream-replay-of";
    /**
     * Longest {@link #replayOf} kept: a position is at most ~290 characters (a topic name has at most
     * 249), and every output repeats it, so a producer's header cannot make an output line too large.
     */
    public static final int MAX_REPLAY_OF_CHARS = 512;

    public RawRecord() {}

    public RawRecord(String topic, int partition, long offset, long kafkaTimestamp, byte[] payload) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.kafkaTimestamp = kafkaTimestamp;
        this.payload = payload;
    }

    public boolean isReplay() {
        return replayOf != null;
    }

    /** Stable position of this record in Kafka, used in logs and DLQ records. */
    public String position() {
        return topic + "-" + partition + "@" + offset;
    }
}
