package io.orderstream.dlq;

/**
 * What the replay tool and the job agree on. The job recognises a replayed record by
 * {@link #REPLAY_OF_HEADER}, counts it as a replay, lets it through de-duplication once per original
 * position, and writes the header's value as {@link #REPLAY_OF_FIELD} into any DLQ record the
 * replay ends in.
 */
public final class ReplayContract {
    /**
     * Kafka header on every replayed record; value (UTF-8): the original record's position
     * {@code <topic>-<partition>@<offset>}, the same text as the job's {@code RawRecord.position()}.
     */
    public static final String REPLAY_OF_HEADER = "orderstream-replay-of";

    /** DLQ line field the job writes for a record that came from a replay: the header's value. */
    public static final String REPLAY_OF_FIELD = "replay_of";

    private ReplayContract() {}
}
