package io.orderstream.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
 * <p>A record whose line would exceed Firehose's record limit is written as several lines, its parts
 * ({@code payloadPart} set): each carries the base64 of one consecutive slice of the payload, the
 * same error type, rule, source, {@code replay_of} and processing time, and possibly shortened
 * {@code error_detail} and {@code order_id}. {@link DlqParts} joins them into one record.
 *
 * @param payloadPart which part of a split record this line is; null for a whole record
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
        PayloadPart payloadPart,
        String objectKey,
        ObjectNode json) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * {@code payload_part}: this line holds slice {@code index} of {@code count} of a payload of
     * {@code payloadBytes} bytes (slices in index order concatenate to the whole payload).
     */
    public record PayloadPart(int index, int count, int payloadBytes) {}

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
        PayloadPart part = optionalPayloadPart(obj);
        if (part != null && !encoding.equals("base64")) {
            throw new MalformedLineException("payload_encoding of a payload_part is '" + encoding + "', expected base64");
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
                part,
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

    /** The payload's exact bytes as the job read them from Kafka (a part's: its slice). */
    public byte[] payloadBytes() {
        return encoding64() ? Base64.getDecoder().decode(payload) : payload.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The whole record this part belongs to, carrying {@code wholePayload}: encoded as the job encodes
     * a whole record (text when valid UTF-8, else base64), without {@code payload_part}, every other
     * field (and the object key) as in this part.
     */
    DlqRecord withWholePayload(byte[] wholePayload) {
        String text = utf8OrNull(wholePayload);
        String encoding = text != null ? "utf8" : "base64";
        String encoded = text != null ? text : Base64.getEncoder().encodeToString(wholePayload);
        ObjectNode whole = json.deepCopy();
        whole.remove("payload_part");
        whole.put("payload_encoding", encoding);
        whole.put("payload", encoded);
        return new DlqRecord(errorType, errorRule, errorDetail, orderId, topic, partition, offset, kafkaTimestamp,
                processingTime, encoding, encoded, replayOf, null, objectKey, whole);
    }

    /** The job's rule (its {@code DlqRecordJson}): strict UTF-8, no replacement characters. */
    private static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private boolean encoding64() {
        return "base64".equals(payloadEncoding);
    }

    private static PayloadPart optionalPayloadPart(JsonNode obj) throws MalformedLineException {
        JsonNode p = obj.get("payload_part");
        if (p == null || p.isNull()) {
            return null;
        }
        if (!p.isObject()) {
            throw new MalformedLineException("field 'payload_part' is not an object");
        }
        int count = partField(p, "count", 2, Integer.MAX_VALUE);
        int index = partField(p, "index", 0, count - 1);
        // A payload is joined into one Java array: at most Integer.MAX_VALUE bytes.
        // 0 too: a tombstone whose replay_of header alone makes the line too large is split as well.
        int payloadBytes = partField(p, "payload_bytes", 0, Integer.MAX_VALUE);
        return new PayloadPart(index, count, payloadBytes);
    }

    private static int partField(JsonNode part, String field, int min, int max) throws MalformedLineException {
        JsonNode v = part.get(field);
        if (v == null || !v.isIntegralNumber()) {
            throw new MalformedLineException("missing integer field 'payload_part." + field + "'");
        }
        if (!v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            throw new MalformedLineException("payload_part." + field + " is " + v.asText() + ", expected "
                    + min + " to " + max);
        }
        return v.intValue();
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
