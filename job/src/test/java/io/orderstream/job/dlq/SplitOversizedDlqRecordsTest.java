package io.orderstream.job.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderstream.job.model.DlqRecord;
import io.orderstream.job.model.ErrorType;
import io.orderstream.job.model.RawRecord;
import io.orderstream.job.sink.DlqRecordJson;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.junit.jupiter.api.Test;

class SplitOversizedDlqRecordsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LIMIT = SplitOversizedDlqRecords.MAX_LINE_BYTES;

    private static DlqRecord record(ErrorType type, String orderId, String detail, byte[] payload) {
        RawRecord source = new RawRecord("orders.raw", 3, 12_345L, 1_795_000_000_000L, payload);
        return DlqRecord.of(type, null, detail, orderId, source);
    }

    private static List<DlqRecord> split(DlqRecord record) {
        List<DlqRecord> out = new ArrayList<>();
        new SplitOversizedDlqRecords().flatMap(record, new ListCollector<>(out));
        return out;
    }

    /** The lines as the sink writes them; each must fit one Firehose record. */
    private static List<JsonNode> lines(List<DlqRecord> records) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (DlqRecord r : records) {
            byte[] line = new DlqRecordJson().serialize(r);
            assertThat(line.length).as("line of part %s", r.part == null ? "-" : r.part.index).isLessThanOrEqualTo(LIMIT);
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    /** Joins the parts' payload slices in index order, checking what each part says of the whole. */
    private static byte[] joined(List<JsonNode> parts, int payloadBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < parts.size(); i++) {
            JsonNode part = parts.get(i);
            assertThat(part.get("payload_part").get("index").asInt()).isEqualTo(i);
            assertThat(part.get("payload_part").get("count").asInt()).isEqualTo(parts.size());
            assertThat(part.get("payload_part").get("payload_bytes").asInt()).isEqualTo(payloadBytes);
            assertThat(part.get("payload_encoding").asText()).isEqualTo("base64");
            out.writeBytes(Base64.getDecoder().decode(part.get("payload").asText()));
        }
        return out.toByteArray();
    }

    @Test
    void aRecordThatFitsPassesWholeAndUnchanged() throws Exception {
        DlqRecord small = record(ErrorType.PARSE_ERROR, null, "not a JSON object", "[1]".getBytes(StandardCharsets.UTF_8));
        assertThat(split(small)).containsExactly(small);
        // Just under the limit: 1,000,000 plain characters make a line of about 1,000,300 bytes.
        DlqRecord large = record(ErrorType.PARSE_ERROR, null, "truncated", "x".repeat(1_000_000).getBytes(StandardCharsets.UTF_8));
        assertThat(split(large)).containsExactly(large);
        assertThat(lines(List.of(large)).get(0).has("payload_part")).isFalse();
    }

    /** 200 KB of NUL characters is valid UTF-8 that escapes to 1.2 MB (\u0000 each). */
    @Test
    void aPayloadThatEscapesBeyondTheLimitIsSplitAndJoinsToTheSameBytes() throws Exception {
        byte[] nuls = new byte[200_000];
        DlqRecord record = record(ErrorType.PARSE_ERROR, null, "invalid JSON: Illegal character", nuls);
        assertThat(new DlqRecordJson().serialize(record).length).isGreaterThan(LIMIT);

        List<DlqRecord> parts = split(record);
        assertThat(parts).hasSize(2);
        List<JsonNode> lines = lines(parts);
        assertThat(joined(lines, nuls.length)).isEqualTo(nuls);
        for (JsonNode line : lines) {
            assertThat(line.get("error_type").asText()).isEqualTo("parse_error");
            assertThat(line.get("error_detail").asText()).isEqualTo("invalid JSON: Illegal character");
            assertThat(line.get("source").get("partition").asInt()).isEqualTo(3);
            assertThat(line.get("source").get("offset").asLong()).isEqualTo(12_345L);
            assertThat(line.get("processing_time").asText()).isEqualTo(lines.get(0).get("processing_time").asText());
        }
    }

    @Test
    void payloadsOfAnySizeAndContentJoinToTheSameBytes() throws Exception {
        Random random = new Random(7);
        for (int size : new int[] {150_000, 599_999, 600_000, 1_000_001, 1_200_000, 1_800_001, 3_000_000}) {
            byte[] payload = new byte[size];
            random.nextBytes(payload); // not UTF-8: a whole line would be base64
            DlqRecord record = record(ErrorType.PARSE_ERROR, null, "record of " + size + " bytes is larger than input.max-record-bytes", payload);
            List<DlqRecord> out = split(record);
            List<JsonNode> lines = lines(out);
            if (out.size() == 1) {
                assertThat(out.get(0)).as("size %d", size).isSameAs(record);
                continue;
            }
            assertThat(out).as("size %d", size).hasSize(Math.max(2, (size + 599_999) / 600_000));
            assertThat(joined(lines, size)).as("size %d", size).isEqualTo(payload);
        }
    }

    /** order_id_too_long: the id, repeated in the line, makes it too large; the parts shorten it. */
    @Test
    void longFreeTextIsShortenedInThePartsAndKeptWholeInThePayload() throws Exception {
        String id = "O".repeat(300_000) + "😀" + "O".repeat(300_000);
        byte[] payload = ("{\"order_id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
        DlqRecord record = record(ErrorType.VALIDATION_ERROR, id, "order_id has " + id.length() + " characters", payload);
        record.source.replayOf = "orders.raw/0/" + "9".repeat(400_000);

        List<JsonNode> lines = lines(split(record));
        assertThat(lines).hasSize(2);
        for (JsonNode line : lines) {
            assertThat(line.get("order_id").asText()).hasSize(1_000).endsWith("…").startsWith("OOO");
            assertThat(line.get("replay_of").asText()).hasSize(1_000).endsWith("…");
            assertThat(line.get("error_detail").asText()).isEqualTo("order_id has 600002 characters");
        }
        assertThat(new String(joined(lines, payload.length), StandardCharsets.UTF_8)).contains(id);
    }

    /** A Kafka header is not the payload: a tombstone with a 1.5 MB replay_of header is split too. */
    @Test
    void aHugeHeaderOnAnEmptyPayloadIsSplitIntoPartsOfNoBytes() throws Exception {
        DlqRecord record = record(ErrorType.PARSE_ERROR, null, "empty record", new byte[0]);
        record.source.replayOf = "x".repeat(1_500_000);
        List<JsonNode> lines = lines(split(record));
        assertThat(lines).hasSize(2);
        assertThat(joined(lines, 0)).isEmpty();
        assertThat(lines.get(0).get("replay_of").asText()).hasSize(1_000);
    }
}
