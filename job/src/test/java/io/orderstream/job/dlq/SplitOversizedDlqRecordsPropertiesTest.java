package io.orderstream.job.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderstream.job.model.DlqRecord;
import io.orderstream.job.model.ErrorType;
import io.orderstream.job.model.RawRecord;
import io.orderstream.job.sink.DlqRecordJson;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.apache.flink.api.common.functions.util.ListCollector;

/**
 * Whatever a DLQ record holds, every line the DLQ sink gets fits one Firehose record, and the lines
 * give back the payload: whole when it fits, else parts whose slices join to it byte for byte.
 */
class SplitOversizedDlqRecordsPropertiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Bytes that make a payload grow the most (NUL escapes to 6), stay as they are, or break UTF-8. */
    private static final byte[][] ALPHABETS = {
        {0}, {'x'}, {'"', '\\'}, "é😀".getBytes(java.nio.charset.StandardCharsets.UTF_8), {(byte) 0xff, 'a'}};

    @Property(tries = 100)
    void everyLineFitsAndThePayloadComesBack(@ForAll @IntRange(min = 0, max = 1_300_000) int payloadBytes,
                                             @ForAll @IntRange(min = 0, max = 4) int alphabet,
                                             @ForAll @IntRange(min = 0, max = 400_000) int orderIdChars,
                                             @ForAll @IntRange(min = 0, max = 400_000) int detailChars,
                                             @ForAll long seed) throws Exception {
        Random random = new Random(seed);
        byte[] letters = ALPHABETS[alphabet];
        byte[] payload = new byte[payloadBytes];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = letters[random.nextInt(letters.length)];
        }
        DlqRecord record = DlqRecord.of(ErrorType.VALIDATION_ERROR, "order_id_too_long", "\u0000".repeat(detailChars),
                "\"".repeat(orderIdChars), new RawRecord("orders.raw", 1, 7L, 0L, payload));

        List<DlqRecord> out = new ArrayList<>();
        new SplitOversizedDlqRecords().flatMap(record, new ListCollector<>(out));
        Statistics.collect(out.size() == 1 ? "whole" : "parts");
        Statistics.coverage(coverage -> {
            coverage.check("whole").count(n -> n >= 5);
            coverage.check("parts").count(n -> n >= 5);
        });

        List<JsonNode> lines = new ArrayList<>();
        for (DlqRecord r : out) {
            byte[] line = new DlqRecordJson().serialize(r);
            assertThat(line.length).isLessThanOrEqualTo(SplitOversizedDlqRecords.MAX_LINE_BYTES);
            lines.add(JSON.readTree(line));
        }
        if (!SplitOversizedDlqRecords.mayExceedOneRecord(record)) {
            assertThat(out).as("a record that cannot exceed is passed on").containsExactly(record);
        }
        if (out.size() == 1) {
            assertThat(out.get(0)).isSameAs(record);
            return;
        }
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i).get("payload_part").get("index").asInt()).isEqualTo(i);
            joined.writeBytes(Base64.getDecoder().decode(lines.get(i).get("payload").asText()));
        }
        assertThat(joined.toByteArray()).isEqualTo(payload);
    }
}
