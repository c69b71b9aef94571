package io.orderstream.job.validate;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * How {@code event_time} becomes epoch milliseconds: an ISO-8601 instant with offset, or whole
 * epoch milliseconds; either way not before 1970. The parser resolves an order's event time with it
 * once, and both the source's timestamp and validation read that, so the time a record is windowed
 * by is the time validation accepted; the source's scan of a payload that is not an order uses it too.
 *
 * <p>Every record's event time is read on the source thread's hot path, so the common shape
 * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)} is read by hand, with the same range checks as
 * {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} (strict: no February 30, no hour 24, offsets within
 * ±18:00); anything else goes through the formatter, which therefore decides every unusual case.
 */
public final class EventTimes {
    /** Returned when the value is not a valid event time. */
    public static final long INVALID = Long.MIN_VALUE;

    /** How far ahead of processing time an event time may be (the contract's rule). */
    public static final long MAX_AHEAD_OF_PROCESSING_MILLIS = 5 * 60 * 1000L;

    /** True when {@code eventTime} is further ahead of {@code nowMillis} than the contract allows. */
    public static boolean tooFarAhead(long eventTime, long nowMillis) {
        return eventTime > nowMillis + MAX_AHEAD_OF_PROCESSING_MILLIS;
    }

    private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    private static final int NOT_FAST = Integer.MIN_VALUE;

    private EventTimes() {}

    /**
     * The event time of an order's {@code event_time}, given as text or as a number (at most one is
     * set); {@link #INVALID} when neither is set or the value is not a valid event time.
     */
    public static long of(String text, BigDecimal number) {
        if (text != null) {
            return fromText(text);
        }
        return number != null ? fromNumber(number) : INVALID;
    }

    public static long fromText(String text) {
        long fast = fastIso(text);
        long millis = fast != INVALID ? fast : formatted(text);
        // Before 1970 is not an order's time, and as epoch millis it could not be written at all.
        return millis < 0 ? INVALID : millis;
    }

    private static long formatted(String text) {
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

    /** Epoch millis of the common shape, or INVALID to let the formatter decide (also for invalid values). */
    static long fastIso(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return INVALID;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year == NOT_FAST || month < 1 || month > 12 || day < 1 || hour == NOT_FAST || hour > 23
                || minute == NOT_FAST || minute > 59 || second == NOT_FAST || second > 59) {
            return INVALID;
        }
        int maxDay = month == 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1];
        if (day > maxDay) {
            return INVALID;
        }
        int i = 19;
        int millis = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                if (i - start < 3) {
                    millis = millis * 10 + (s.charAt(i) - '0');
                }
                i++;
            }
            int fractionDigits = i - start;
            if (fractionDigits < 1 || fractionDigits > 9) {
                return INVALID;
            }
            for (int d = fractionDigits; d < 3; d++) {
                millis *= 10;
            }
        }
        if (i >= n) {
            return INVALID;
        }
        int offsetSeconds;
        char sign = s.charAt(i);
        if (sign == 'Z' && i + 1 == n) {
            offsetSeconds = 0;
        } else if ((sign == '+' || sign == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if (oh == NOT_FAST || oh > 18 || om == NOT_FAST || om > 59 || (oh == 18 && om > 0)) {
                return INVALID;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (sign == '-' ? -1 : 1);
        } else {
            return INVALID;
        }
        long epochDay = epochDay(year, month, day);
        long seconds = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
        return seconds * 1000 + millis;
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return NOT_FAST;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isLeap(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    /** As {@link java.time.LocalDate#toEpochDay()}, for years 0000-9999. */
    private static long epochDay(int year, int month, int day) {
        long y = year;
        long m = month;
        long total = 365 * y;
        if (y >= 0) {
            total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
        } else {
            total -= y / -4 - y / -100 + y / -400;
        }
        total += (367 * m - 362) / 12;
        total += day - 1;
        if (m > 2) {
            total--;
            if (!isLeap(year)) {
                total--;
            }
        }
        return total - 719_528; // days from 0000-01-01 to 1970-01-01
    }
}
