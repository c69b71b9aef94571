package io.orderstream.job.sink;

import static io.orderstream.job.sink.JsonLines.instantField;
import static io.orderstream.job.sink.JsonLines.stringField;

import io.orderstream.job.model.DlqRecord;
import io.orderstream.job.model.DlqRecordPart;
import io.orderstream.job.text.BoundedText;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * A DLQ record as a JSON line: error type, rule and detail, the Kafka coordinates, and the payload
 * exactly as read (as text when it is valid UTF-8, else base64, said by {@code payload_encoding}),
 * so that it can be replayed byte for byte.
 *
 * <p>A part of a split record ({@link DlqRecord#part}) carries {@code payload_part} (index, count and
 * the whole payload's length) and its slice of the payload in base64, since a slice may end inside
 * a UTF-8 character. Its free-text fields are shortened to {@link #PART_TEXT_CHARS} characters, which
 * keeps every part within a Firehose record; the payload holds their full values.
 */
public class DlqRecordJson implements SerializationSchema<DlqRecord> {
    static final int PART_TEXT_CHARS = 1_000;

    @Override
    public byte[] serialize(DlqRecord r) {
        return r.part == null ? whole(r) : part(r);
    }

    private static byte[] part(DlqRecord r) {
        DlqRecordPart part = r.part;
        return JsonLines.line(json -> {
            json.writeStringField("error_type", r.errorType.wireName());
            stringField(json, "error_rule", shortened(r.errorRule));
            stringField(json, "error_detail", shortened(r.errorDetail));
            stringField(json, "order_id", shortened(r.orderId));
            JsonLines.sourceFields(json, r.source, shortened(r.source.replayOf));
            instantField(json, "processing_time", r.processingTime);
            json.writeObjectFieldStart("payload_part");
            json.writeNumberField("index", part.index);
            json.writeNumberField("count", part.count);
            json.writeNumberField("payload_bytes", r.source.payload.length);
            json.writeEndObject();
            json.writeStringField("payload_encoding", "base64");
            json.writeStringField("payload", Base64.getEncoder().encodeToString(
                    Arrays.copyOfRange(r.source.payload, part.from, part.to)));
        });
    }

    private static String shortened(String text) {
        return BoundedText.shortened(text, PART_TEXT_CHARS);
    }

    private static byte[] whole(DlqRecord r) {
        return JsonLines.line(json -> {
            json.writeStringField("error_type", r.errorType.wireName());
            stringField(json, "error_rule", r.errorRule);
            stringField(json, "error_detail", r.errorDetail);
            stringField(json, "order_id", r.orderId);
            JsonLines.sourceFields(json, r.source);
            instantField(json, "processing_time", r.processingTime);
            String text = utf8OrNull(r.source.payload);
            json.writeStringField("payload_encoding", text != null ? "utf8" : "base64");
            json.writeStringField("payload", text != null ? text : Base64.getEncoder().encodeToString(r.source.payload));
        });
    }

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
}
