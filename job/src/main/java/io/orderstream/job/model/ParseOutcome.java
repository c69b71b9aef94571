package io.orderstream.job.model;

/**
 * What parsing one payload gave: the order, or why it is not one, and how long it took.
 *
 * <p>The source parses each payload once ({@code RawRecordDeserializer}) and keeps the outcome with
 * the record ({@link RawRecord#parsed}), so that the timestamp assigner reads the event time from the
 * parsed order and {@code deserialize} routes it, instead of each running its own JSON parser over
 * the same bytes.
 */
public final class ParseOutcome {
    /** The parsed order; null when the payload is not one. */
    public final Order order;
    /** Why the payload is not an order (the parse_error detail); null when it is one. */
    public final String error;
    /** Time the parse took, in nanoseconds: the {@code deserialization} operator latency. */
    public final long parseNanos;

    private ParseOutcome(Order order, String error, long parseNanos) {
        this.order = order;
        this.error = error;
        this.parseNanos = parseNanos;
    }

    public static ParseOutcome order(Order order, long parseNanos) {
        return new ParseOutcome(order, null, parseNanos);
    }

    public static ParseOutcome error(String error, long parseNanos) {
        return new ParseOutcome(null, error, parseNanos);
    }

    public boolean isOrder() {
        return order != null;
    }
}
