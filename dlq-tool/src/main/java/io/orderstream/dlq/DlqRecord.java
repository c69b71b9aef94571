package io.orderstream.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * One DLQ line as the job writes it (job's {@code DlqRecordJson}): error type, rule and detail, the
 * order id when known, the Kafka position it was read from, when it was routed to the DLQ, and the
 * payload exactly as read ({@code utf8} text or {@code base64}). {@code replay_of} is set when the
 * record was itself produced by a replay.
 *
 * @param objectKey the S3 object the line came from (for messages; not part of the line)
 */
public record DlqRecord(
        String errorType,
        String errorRule,
        String errorDetail,
        String orderId,
        String topic,
        int partition,
        long offset,
        Instant kafkaTimestamp,
        Instant processingTime,
        String payloadEncoding,
        String payload,
        String replayOf,
        String objectKey,
        ObjectNode json) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A line that is not a DLQ record (not JSON, or a required field missing or of the wrong type). */
    public static final class MalformedLineException extends Exception {
        public MalformedLineException(String message) {
            super(message);
        }
    }

    /** Parses one line; unknown fields are kept in {@link #json()} and otherwise ignored. */
    public static DlqRecord parse(String line, String objectKey) throws MalformedLineException {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (Exception e) {
            throw new MalformedLineException("not JSON: " + firstLine(e.getMessage()));
        }
        if (!(node instanceof ObjectNode obj)) {
            throw new MalformedLineException("not a JSON object");
        }
        JsonNode source = obj.get("source");
        if (source == null || !source.isObject()) {
            throw new MalformedLineException("missing object field 'source'");
        }
        String encoding = requiredText(obj, "payload_encoding");
        if (!encoding.equals("utf8") && !encoding.equals("base64")) {
            throw new MalformedLineException("payload_encoding is '" + encoding + "', expected utf8 or base64");
        }
        DlqRecord r = new DlqRecord(
                requiredText(obj, "error_type"),
                optionalText(obj, "error_rule"),
                optionalText(obj, "error_detail"),
                optionalText(obj, "order_id"),
                requiredText(source, "topic"),
                (int) requiredLong(source, "partition"),
                requiredLong(source, "offset"),
                optionalInstant(source, "kafka_timestamp"),
                requiredInstant(obj, "processing_time"),
                encoding,
                requiredText(obj, "payload"),
                optionalText(obj, "replay_of"),
                objectKey,
                obj);
        if (encoding.equals("base64")) {
            try {
                Base64.getDecoder().decode(r.payload);
            } catch (IllegalArgumentException e) {
                throw new MalformedLineException("payload is not valid base64");
            }
        }
        return r;
    }

    /** {@code <topic>-<partition>@<offset>}: where this record was read from Kafka. */
    public String position() {
        return topic + "-" + partition + "@" + offset;
    }

    /**
     * The first record of the chain this one belongs to: {@code replay_of} for a record that a replay
     * produced (the job writes the original position there), else this record's own position. A
     * replay always names this position, so a record replayed again is still recognised as the same.
     */
    public String originalPosition() {
        return replayOf != null ? replayOf : position();
    }

    public boolean isReplay() {
        return replayOf != null;
    }

    /** The payload's exact bytes as the job read them from Kafka. */
    public byte[] payloadBytes() {
        return encoding64() ? Base64.getDecoder().decode(payload) : payload.getBytes(StandardCharsets.UTF_8);
    }

    private boolean encoding64() {
        return "base64".equals(payloadEncoding);
    }

    private static String requiredText(JsonNode obj, String field) throws MalformedLineException {
        JsonNode v = obj.get(field);
        if (v == null || !v.isTextual()) {
            throw new MalformedLineException("missing string field '" + field + "'");
        }
        return v.textValue();
    }

    private static String optionalText(JsonNode obj, String field) throws MalformedLineException {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new MalformedLineException("field '" + field + "' is not a string");
        }
        return v.textValue();
    }

    private static long requiredLong(JsonNode obj, String field) throws MalformedLineException {
        JsonNode v = obj.get(field);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new MalformedLineException("missing integer field 'source." + field + "'");
        }
        return v.longValue();
    }

    private static Instant requiredInstant(JsonNode obj, String field) throws MalformedLineException {
        Instant t = optionalInstant(obj, field);
        if (t == null) {
            throw new MalformedLineException("missing timestamp field '" + field + "'");
        }
        return t;
    }

    private static Instant optionalInstant(JsonNode obj, String field) throws MalformedLineException {
        String text = optionalText(obj, field);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new MalformedLineException("field '" + field + "' is not an ISO-8601 instant: " + text);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
