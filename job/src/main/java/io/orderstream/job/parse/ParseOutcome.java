package io.orderstream.job.parse;

import io.orderstream.job.model.Order;
import io.orderstream.job.validate.EventTimes;

/**
 * What parsing one payload gave: the order, or why it is not one, and how long it took.
 *
 * <p>The source parses each payload once ({@code RawRecordDeserializer}) and keeps the outcome with
 * the record, so that the timestamp assigner reads the event time from the parsed order and
 * {@link ParseOrders} routes it, instead of each running its own JSON parser over the same bytes.
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

    public static ParseOutcome of(OrderJsonParser parser, byte[] payload) {
        long start = System.nanoTime();
        try {
            Order order = parser.parse(payload);
            return new ParseOutcome(order, null, System.nanoTime() - start);
        } catch (MalformedOrderException e) {
            return new ParseOutcome(null, e.getMessage(), System.nanoTime() - start);
        }
    }

    public boolean isOrder() {
        return order != null;
    }

    /** The parsed order's event time in epoch millis; {@link EventTimes#INVALID} when it has no valid one. */
    public long eventTime() {
        return EventTimes.of(order.eventTimeText, order.eventTimeNumber);
    }
}
