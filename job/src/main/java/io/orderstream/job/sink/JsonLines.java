package io.orderstream.job.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.orderstream.job.model.RawRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Writes one JSON object per line (what Firehose concatenates into S3 objects), streaming with
 * Jackson's generator: no object tree, money written as exact decimals.
 */
public final class JsonLines {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** Fills a generator with one object's fields. */
    @FunctionalInterface
    public interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private JsonLines() {}

    /** One growing buffer per thread: a line is written into it, then copied out once. */
    private static final ThreadLocal<ByteArrayOutputStream> BUFFER =
            ThreadLocal.withInitial(() -> new ByteArrayOutputStream(1024));

    public static byte[] line(Body body) {
        ByteArrayOutputStream bytes = BUFFER.get();
        bytes.reset();
        try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
            json.writeStartObject();
            body.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }

    public static void stringField(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }

    public static void decimalField(JsonGenerator json, String name, BigDecimal value) throws IOException {
        json.writeFieldName(name);
        json.writeNumber(value.toPlainString());
    }

    /**
     * The Kafka record an output came from: {@code source} (topic, partition, offset, timestamp), the
     * identity consumers deduplicate on, and {@code replay_of} when it was replayed from the DLQ.
     */
    public static void sourceFields(JsonGenerator json, RawRecord source) throws IOException {
        sourceFields(json, source, source.replayOf);
    }

    /** As {@link #sourceFields(JsonGenerator, RawRecord)}, with {@code replay_of} as given. */
    public static void sourceFields(JsonGenerator json, RawRecord source, String replayOf) throws IOException {
        json.writeObjectFieldStart("source");
        json.writeStringField("topic", source.topic);
        json.writeNumberField("partition", source.partition);
        json.writeNumberField("offset", source.offset);
        instantField(json, "kafka_timestamp", source.kafkaTimestamp);
        json.writeEndObject();
        stringField(json, "replay_of", replayOf);
    }

    public static void instantField(JsonGenerator json, String name, long epochMillis) throws IOException {
        json.writeStringField(name, instantText(epochMillis));
    }

    /** Earliest and latest epoch millis of years 0000 to 9999, which {@link #instantText} formats by hand. */
    private static final long MIN_FAST = -62_167_219_200_000L, MAX_FAST = 253_402_300_799_999L;

    /**
     * Exactly {@code Instant.ofEpochMilli(epochMillis).toString()} (ISO-8601 UTC, milliseconds only
     * when not zero), without the formatter for years 0000-9999: three of these are written per order.
     */
    public static String instantText(long epochMillis) {
        if (epochMillis < MIN_FAST || epochMillis > MAX_FAST) {
            return Instant.ofEpochMilli(epochMillis).toString();
        }
        long seconds = Math.floorDiv(epochMillis, 1000);
        int millis = (int) Math.floorMod(epochMillis, 1000);
        long epochDay = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        // Civil date from days since 1970-01-01 (H. Hinnant's algorithm, as in java.time).
        long z = epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
        char[] c = new char[millis == 0 ? 20 : 24];
        put(c, 0, year, 4);
        c[4] = '-';
        put(c, 5, month, 2);
        c[7] = '-';
        put(c, 8, day, 2);
        c[10] = 'T';
        put(c, 11, secondOfDay / 3600, 2);
        c[13] = ':';
        put(c, 14, secondOfDay / 60 % 60, 2);
        c[16] = ':';
        put(c, 17, secondOfDay % 60, 2);
        if (millis != 0) {
            c[19] = '.';
            put(c, 20, millis, 3);
        }
        c[c.length - 1] = 'Z';
        return new String(c);
    }

    private static void put(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
