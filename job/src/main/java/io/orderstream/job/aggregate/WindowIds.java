package io.orderstream.job.aggregate;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Names of windows: {@code window-YYYY-MM-DD-HH-mm} of the window start in UTC, as runbooks query them. */
public final class WindowIds {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("'window-'yyyy-MM-dd-HH-mm").withZone(ZoneOffset.UTC);

    private WindowIds() {}

    public static String of(long windowStartMillis) {
        return FORMAT.format(Instant.ofEpochMilli(windowStartMillis));
    }

    /** Start of the tumbling window of {@code sizeMillis} that holds {@code eventTime} (same as Flink's). */
    public static long windowStart(long eventTime, long sizeMillis) {
        return eventTime - Math.floorMod(eventTime, sizeMillis);
    }
}
