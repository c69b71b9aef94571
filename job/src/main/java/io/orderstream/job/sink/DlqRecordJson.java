package io.orderstream.job.sink;

import static io.orderstream.job.sink.JsonLines.instantField;
import static io.orderstream.job.sink.JsonLines.stringField;

import io.orderstream.job.model.DlqRecord;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * A DLQ record as a JSON line: error type, rule and detail, the Kafka coordinates, and the payload
 * exactly as read (as text when it is valid UTF-8, else base64, said by {@code payload_encoding}),
 * so that it can be replayed byte for byte.
 */
public class DlqRecordJson implements SerializationSchema<DlqRecord> {
    @Override
    public byte[] serialize(DlqRecord r) {
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
