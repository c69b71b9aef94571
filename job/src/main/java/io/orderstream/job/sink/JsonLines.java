package io.orderstream.job.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
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

    public static byte[] line(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
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

    public static void instantField(JsonGenerator json, String name, long epochMillis) throws IOException {
        json.writeStringField(name, Instant.ofEpochMilli(epochMillis).toString());
    }
}
