package io.orderstream.job.validate;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * How {@code event_time} becomes epoch milliseconds: an ISO-8601 instant with offset, or whole
 * epoch milliseconds. Shared by validation and by the source's timestamp assigner, so the time a
 * record is windowed by is the time validation accepted.
 */
public final class EventTimes {
    /** Returned when the value is not a valid event time. */
    public static final long INVALID = Long.MIN_VALUE;

    private EventTimes() {}

    public static long fromText(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            return INVALID;
        }
    }

    public static long fromNumber(BigDecimal number) {
        try {
            long millis = number.longValueExact();
            return millis < 0 ? INVALID : millis;
        } catch (ArithmeticException e) {
            return INVALID;
        }
    }
}
