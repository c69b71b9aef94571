package io.orderstream.job.sink;

import static io.orderstream.job.TestOrders.millis;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderstream.job.TestOrders;
import io.orderstream.job.model.DlqRecord;
import io.orderstream.job.model.ErrorType;
import io.orderstream.job.model.RawRecord;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DlqRecordJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final DlqRecordJson json = new DlqRecordJson();

    private JsonNode line(DlqRecord r) throws Exception {
        byte[] bytes = json.serialize(r);
        assertThat(bytes[bytes.length - 1]).isEqualTo((byte) '\n');
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text.indexOf('\n')).isEqualTo(text.length() - 1); // one line
        return MAPPER.readTree(bytes);
    }

    private static byte[] payloadOf(JsonNode node) {
        String encoding = node.get("payload_encoding").asText();
        String payload = node.get("payload").asText();
        return encoding.equals("base64") ? Base64.getDecoder().decode(payload) : payload.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void validationErrorWithTextPayload() throws Exception {
        String payload = "{\"order_id\":\"A\",\"note\":\"quote \\\" tab\\t ümlaut € 😀\",\"nl\":\"a\nb\"}";
        DlqRecord r = DlqRecord.of(ErrorType.VALIDATION_ERROR, "currency_unknown",
                "currency must be an ISO-4217 code: 'XYZ' is not an ISO-4217 code", "A", TestOrders.raw(payload));
        r.processingTime = millis("2026-11-23T10:16:00.5Z");
        JsonNode n = line(r);
        assertThat(n.get("error_type").asText()).isEqualTo("validation_error");
        assertThat(n.get("error_rule").asText()).isEqualTo("currency_unknown");
        assertThat(n.get("error_detail").asText()).contains("'XYZ'");
        assertThat(n.get("order_id").asText()).isEqualTo("A");
        assertThat(n.get("source").get("topic").asText()).isEqualTo("orders.raw");
        assertThat(n.get("source").get("partition").asInt()).isEqualTo(3);
        assertThat(n.get("source").get("offset").asLong()).isEqualTo(1234L);
        assertThat(n.get("source").get("kafka_timestamp").asText()).isEqualTo("2026-11-23T10:15:31Z");
        assertThat(n.get("processing_time").asText()).isEqualTo("2026-11-23T10:16:00.500Z");
        assertThat(n.get("payload_encoding").asText()).isEqualTo("utf8");
        assertThat(n.get("payload").asText()).isEqualTo(payload);
        assertThat(payloadOf(n)).isEqualTo(payload.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parseErrorWithoutRuleOrOrderIdOmitsThem() throws Exception {
        DlqRecord r = DlqRecord.of(ErrorType.PARSE_ERROR, null, "not a JSON object", null, TestOrders.raw("[1]"));
        JsonNode n = line(r);
        assertThat(n.get("error_type").asText()).isEqualTo("parse_error");
        assertThat(n.has("error_rule")).isFalse();
        assertThat(n.has("order_id")).isFalse();
        assertThat(n.get("payload").asText()).isEqualTo("[1]");
    }

    @Test
    void invalidUtf8PayloadIsBase64AndRoundTripsExactly() throws Exception {
        byte[] payload = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, 0x28, (byte) 0xFF, 0x00, '"', '}', (byte) 0x80};
        DlqRecord r = DlqRecord.of(ErrorType.PARSE_ERROR, null, "invalid JSON", null, TestOrders.raw(payload));
        JsonNode n = line(r);
        assertThat(n.get("payload_encoding").asText()).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(n.get("payload").asText())).isEqualTo(payload);
    }

    @Test
    void everyByteValueRoundTrips() throws Exception {
        byte[] payload = new byte[256];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        assertThat(payloadOf(line(DlqRecord.of(ErrorType.PARSE_ERROR, null, "x", null, TestOrders.raw(payload)))))
                .isEqualTo(payload);
        // the ASCII part alone (with control characters and NUL) is valid UTF-8: text, still exact
        byte[] ascii = java.util.Arrays.copyOf(payload, 128);
        JsonNode n = line(DlqRecord.of(ErrorType.PARSE_ERROR, null, "x", null, TestOrders.raw(ascii)));
        assertThat(n.get("payload_encoding").asText()).isEqualTo("utf8");
        assertThat(payloadOf(n)).isEqualTo(ascii);
    }

    @Test
    void encodedSurrogatesAreNotValidUtf8() throws Exception {
        byte[] cesu = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
        JsonNode n = line(DlqRecord.of(ErrorType.PARSE_ERROR, null, "x", null, TestOrders.raw(cesu)));
        assertThat(n.get("payload_encoding").asText()).isEqualTo("base64");
        assertThat(payloadOf(n)).isEqualTo(cesu);
    }

    @Test
    void emptyPayload() throws Exception {
        JsonNode n = line(DlqRecord.of(ErrorType.PARSE_ERROR, null, "empty record", null,
                new RawRecord("orders.raw", 0, 0L, 0L, new byte[0])));
        assertThat(n.get("payload_encoding").asText()).isEqualTo("utf8");
        assertThat(n.get("payload").asText()).isEmpty();
        assertThat(n.get("source").get("kafka_timestamp").asText()).isEqualTo("1970-01-01T00:00:00Z");
    }

    @Test
    void everyErrorTypeHasItsWireName() throws Exception {
        for (ErrorType t : ErrorType.values()) {
            JsonNode n = line(DlqRecord.of(t, null, "d", "O", TestOrders.raw("{}")));
            assertThat(n.get("error_type").asText()).isEqualTo(t.name().toLowerCase());
        }
    }
}
