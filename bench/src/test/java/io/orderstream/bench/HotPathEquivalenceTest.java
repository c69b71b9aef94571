package io.orderstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderstream.job.validate.EventTimes;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written fast paths of the hot path agree with the library code they shortcut. */
class HotPathEquivalenceTest {
    /** The contract's reading of an ISO event time: the formatter's instant, not before 1970. */
    private static long reference(String text) {
        try {
            long millis = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
            return millis < 0 ? EventTimes.INVALID : millis;
        } catch (DateTimeParseException | ArithmeticException e) {
            return EventTimes.INVALID;
        }
    }

    @Test
    void instantTextAgreesWithInstantToString() {
        Random r = new Random(7);
        for (int i = 0; i < 300_000; i++) {
            long millis = i < 1000 ? i * 997L - 500_000 : r.nextLong(-70_000_000_000_000L, 260_000_000_000_000L);
            if (i % 3 == 0) millis -= Math.floorMod(millis, 1000); // whole seconds: no fraction
            assertThat(io.orderstream.job.sink.JsonLines.instantText(millis)).as("%d", millis)
                    .isEqualTo(Instant.ofEpochMilli(millis).toString());
        }
        for (long m : new long[] {0, -1, 1, -62_167_219_200_000L, -62_167_219_200_001L, 253_402_300_799_999L,
                253_402_300_800_000L, 951_782_400_000L, 4_107_542_400_000L, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertThat(io.orderstream.job.sink.JsonLines.instantText(m)).as("%d", m)
                    .isEqualTo(Instant.ofEpochMilli(m).toString());
        }
    }

    @Test
    void eventTimesAgreeWithTheIsoFormatter() {
        Random r = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            long millis = r.nextLong(-62_000_000_000_000L, 253_000_000_000_000L);
            String iso = Instant.ofEpochMilli(millis).toString();
            assertThat(EventTimes.fromText(iso)).as(iso).isEqualTo(reference(iso));
            String withOffset = OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis),
                    java.time.ZoneOffset.ofTotalSeconds((r.nextInt(37) - 18) * 1800)).toString();
            assertThat(EventTimes.fromText(withOffset)).as(withOffset).isEqualTo(reference(withOffset));
        }
        for (String s : List.of("2026-11-23T10:15:30Z", "2026-11-23T10:15:30.1Z", "2026-11-23T10:15:30.123456789Z",
                "2026-11-23T10:15:30.1234567891Z", "2026-11-23T10:15:30.Z", "2026-02-29T10:15:30Z", "2024-02-29T10:15:30Z",
                "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z", "2026-11-23T24:00:00Z",
                "2026-11-23T23:60:00Z", "2026-11-23T23:59:60Z", "2026-11-23T10:15:30+18:00", "2026-11-23T10:15:30+18:01",
                "2026-11-23T10:15:30-19:00", "2026-11-23T10:15:30+05:30", "2026-11-23T10:15:30-00:00",
                "2026-11-23t10:15:30z", "2026-11-23T10:15Z", "2026-11-23T10:15:30", "2026-11-23T10:15:30+0530",
                "2026-11-23T10:15:30+05:30:15", "+12026-11-23T10:15:30Z", "0000-01-01T00:00:00Z", "1900-02-29T00:00:00Z",
                "2000-02-29T00:00:00Z", "2026-11-23 10:15:30Z", "2026-11-23T10:15:30ZZ", "2026-1-23T10:15:30Z",
                "２026-11-23T10:15:30Z", "")) {
            assertThat(EventTimes.fromText(s)).as(s).isEqualTo(reference(s));
        }
    }
}
