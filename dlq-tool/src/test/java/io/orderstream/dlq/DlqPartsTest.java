package io.orderstream.dlq;

import static io.orderstream.dlq.DlqRecordTest.changed;
import static io.orderstream.dlq.DlqRecordTest.line;
import static io.orderstream.dlq.DlqRecordTest.part;
import static io.orderstream.dlq.DlqRecordTest.payloadPartOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class DlqPartsTest {

    /** Valid UTF-8 whose 3 slices each cut a multi-byte character: no slice alone is valid UTF-8. */
    private static final byte[] UTF8_PAYLOAD =
            ("{\"note\":\"" + "€".repeat(12) + " \uD83D\uDE00 ü\"}").getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOT_UTF8_PAYLOAD =
            {'{', '"', 'a', '"', ':', (byte) 0xc3, (byte) 0x28, (byte) 0xff, (byte) 0xfe, 0, '"', 'x', '"', '}'};
    private static final String TIME = "2026-11-23T15:00:01.250Z";

    private static String whole(byte[] payload) {
        return line("validation_error", "customer_id_required", "o-1", 2, 41, TIME, "base64",
                Base64.getEncoder().encodeToString(payload), "orders.raw-0@3");
    }

    private static DlqRecord parsed(String line, String objectKey) throws Exception {
        return DlqRecord.parse(line, objectKey);
    }

    /** Part {@code index} of 3 of {@code payload}'s record, read from object {@code objectKey}. */
    private static DlqRecord partOf3(byte[] payload, int index, String objectKey) throws Exception {
        return parsed(part(whole(payload), payload, index, 3), objectKey);
    }

    @Test
    void partsAreJoinedInAnyOrderAcrossObjects() throws Exception {
        for (int[] order : List.of(new int[] {0, 1, 2}, new int[] {0, 2, 1}, new int[] {1, 0, 2},
                new int[] {1, 2, 0}, new int[] {2, 0, 1}, new int[] {2, 1, 0})) {
            DlqParts parts = new DlqParts();
            for (int index : order) {
                parts.add(partOf3(UTF8_PAYLOAD, index, "object-" + index), "object-" + index + " line 1");
            }
            DlqParts.Joined joined = parts.join();
            assertThat(joined.unjoined()).as(Arrays.toString(order)).isEmpty();
            assertThat(joined.records()).as(Arrays.toString(order)).hasSize(1);
            DlqRecord r = joined.records().get(0);
            assertThat(r.payloadBytes()).as(Arrays.toString(order)).containsExactly(UTF8_PAYLOAD);
            assertThat(r.objectKey()).as("the object of part 0").isEqualTo("object-0");
        }
    }

    @Test
    void aJoinedUtf8PayloadIsTextAndEveryOtherFieldIsThePartsOne() throws Exception {
        for (int index = 0; index < 3; index++) {
            assertThat(new String(partOf3(UTF8_PAYLOAD, index, "k").payloadBytes(), StandardCharsets.UTF_8))
                    .as("slice " + index + " alone is not valid UTF-8").contains("\uFFFD");
        }
        DlqParts parts = new DlqParts();
        for (int index = 0; index < 3; index++) {
            parts.add(partOf3(UTF8_PAYLOAD, index, "k"), "k line " + index);
        }
        DlqRecord r = parts.join().records().get(0);
        assertThat(r.payloadEncoding()).isEqualTo("utf8");
        assertThat(r.payload()).isEqualTo(new String(UTF8_PAYLOAD, StandardCharsets.UTF_8));
        DlqRecord asWholeLine = DlqRecord.parse(line("validation_error", "customer_id_required", "o-1", 2, 41, TIME,
                "utf8", new String(UTF8_PAYLOAD, StandardCharsets.UTF_8), "orders.raw-0@3"), "k");
        assertThat(r).as("the record the job would have written whole").isEqualTo(asWholeLine);
    }

    @Test
    void aJoinedPayloadThatIsNotUtf8IsBase64ByteForByte() throws Exception {
        DlqParts parts = new DlqParts();
        for (int index = 2; index >= 0; index--) {
            parts.add(partOf3(NOT_UTF8_PAYLOAD, index, "k"), "k line " + index);
        }
        DlqRecord r = parts.join().records().get(0);
        assertThat(r.payloadEncoding()).isEqualTo("base64");
        assertThat(r.payloadBytes()).containsExactly(NOT_UTF8_PAYLOAD);
        assertThat(Base64.getDecoder().decode(r.json().get("payload").asText())).containsExactly(NOT_UTF8_PAYLOAD);
    }

    /** The job splits an empty payload too when a Kafka header (replay_of) alone makes the line too large. */
    @Test
    void anEmptyPayloadInPartsIsJoinedToAnEmptyPayload() throws Exception {
        DlqParts parts = new DlqParts();
        for (int index = 0; index < 3; index++) {
            parts.add(partOf3(new byte[0], index, "object"), "object line " + index);
        }
        DlqParts.Joined joined = parts.join();
        assertThat(joined.unjoined()).isEmpty();
        assertThat(joined.records()).singleElement().satisfies(r -> assertThat(r.payloadBytes()).isEmpty());
    }

    @Test
    void aRepeatedPartIsKeptOnce() throws Exception {
        DlqParts parts = new DlqParts();
        parts.add(partOf3(UTF8_PAYLOAD, 0, "a"), "a line 1");
        parts.add(partOf3(UTF8_PAYLOAD, 1, "a"), "a line 2");
        parts.add(partOf3(UTF8_PAYLOAD, 1, "b"), "b line 1");
        parts.add(partOf3(UTF8_PAYLOAD, 2, "b"), "b line 2");
        parts.add(partOf3(UTF8_PAYLOAD, 0, "b"), "b line 3");
        DlqParts.Joined joined = parts.join();
        assertThat(joined.unjoined()).isEmpty();
        assertThat(joined.records()).hasSize(1);
        assertThat(joined.records().get(0).payloadBytes()).containsExactly(UTF8_PAYLOAD);
        assertThat(joined.duplicateLines()).isEqualTo(2);
    }

    @Test
    void aRecordWithAMissingPartIsReportedNotJoined() throws Exception {
        DlqParts parts = new DlqParts();
        parts.add(partOf3(UTF8_PAYLOAD, 2, "b"), "s3://dlq/b line 4");
        parts.add(partOf3(UTF8_PAYLOAD, 0, "a"), "s3://dlq/a line 1");
        DlqParts.Joined joined = parts.join();
        assertThat(joined.records()).isEmpty();
        assertThat(joined.unjoined()).containsExactly("orders.raw-2@41 processed at " + TIME
                + ": part(s) 1 of 0..2 not found (read: 0 at s3://dlq/a line 1; 2 at s3://dlq/b line 4); the others"
                + " may be in objects not read (outside --prefix) or not delivered yet");
    }

    @Test
    void aHugeCountNamesTheFirstMissingPartsOnly() throws Exception {
        DlqParts parts = new DlqParts();
        parts.add(parsed(changed(part(whole(UTF8_PAYLOAD), UTF8_PAYLOAD, 0, 3),
                n -> payloadPartOf(n).put("count", 2_000_000_000))
                .toString(), "k"), "k line 1");
        assertThat(parts.join().unjoined()).singleElement().asString()
                .contains(": part(s) 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 1999999989 more of 0..1999999999 not found");
    }

    @Test
    void partsThatDisagreeAreReportedNotJoined() throws Exception {
        byte[] longer = Arrays.copyOf(UTF8_PAYLOAD, UTF8_PAYLOAD.length + 3);
        String line1 = part(whole(UTF8_PAYLOAD), UTF8_PAYLOAD, 1, 3);
        String otherType = line("parse_error", "customer_id_required", "o-1", 2, 41, TIME, "base64", "", "orders.raw-0@3");
        assertUnjoined(List.of(part(whole(UTF8_PAYLOAD), UTF8_PAYLOAD, 0, 3), line1,
                        part(whole(UTF8_PAYLOAD), UTF8_PAYLOAD, 2, 4)),
                "the parts disagree on payload_part.count (3 at line 0, line 1; 4 at line 2)");
        assertUnjoined(List.of(part(whole(UTF8_PAYLOAD), UTF8_PAYLOAD, 0, 3), line1,
                        part(whole(longer), longer, 2, 3)),
                "the parts disagree on payload_part.payload_bytes (" + UTF8_PAYLOAD.length + " at line 0, line 1; "
                        + longer.length + " at line 2)");
        assertUnjoined(List.of(part(whole(UTF8_PAYLOAD), UTF8_PAYLOAD, 0, 3), line1,
                        part(otherType, UTF8_PAYLOAD, 2, 3)),
                "the parts disagree on error_type (validation_error at line 0, line 1; parse_error at line 2)");
        assertUnjoined(List.of(part(whole(UTF8_PAYLOAD), UTF8_PAYLOAD, 0, 3), line1,
                        changed(line1, n -> n.put("error_detail", "another detail")).toString(),
                        part(whole(UTF8_PAYLOAD), UTF8_PAYLOAD, 2, 3)),
                "part 1 differs between line 1 and line 2");
    }

    @Test
    void partsWhoseBytesAreNotPayloadBytesAreReportedNotJoined() throws Exception {
        List<String> saySoMany = new ArrayList<>();
        for (int index = 0; index < 3; index++) {
            saySoMany.add(changed(part(whole(UTF8_PAYLOAD), UTF8_PAYLOAD, index, 3),
                    n -> payloadPartOf(n).put("payload_bytes", UTF8_PAYLOAD.length + 1)).toString());
        }
        assertUnjoined(saySoMany, "the parts hold " + UTF8_PAYLOAD.length + " bytes, payload_part.payload_bytes says "
                + (UTF8_PAYLOAD.length + 1));
    }

    @Test
    void twoProcessingsOfOneKafkaRecordAreTwoRecords() throws Exception {
        String later = line("validation_error", "customer_id_required", "o-1", 2, 41, "2026-11-23T15:09:00Z", "base64",
                "", "orders.raw-0@3");
        DlqParts parts = new DlqParts();
        for (int index = 0; index < 3; index++) {
            parts.add(partOf3(UTF8_PAYLOAD, index, "k"), "k line " + index);
            parts.add(parsed(part(later, NOT_UTF8_PAYLOAD, index, 3), "k"), "k line " + (3 + index));
        }
        DlqParts.Joined joined = parts.join();
        assertThat(joined.unjoined()).isEmpty();
        assertThat(joined.records()).extracting(DlqRecord::position).containsExactly("orders.raw-2@41", "orders.raw-2@41");
        assertThat(joined.records().get(0).payloadBytes()).containsExactly(UTF8_PAYLOAD);
        assertThat(joined.records().get(1).payloadBytes()).containsExactly(NOT_UTF8_PAYLOAD);
    }

    /** The part lines, added as {@code line 0}, {@code line 1}..., join to nothing and this one message. */
    private static void assertUnjoined(List<String> partLines, String problem) throws Exception {
        DlqParts parts = new DlqParts();
        for (int i = 0; i < partLines.size(); i++) {
            parts.add(parsed(partLines.get(i), "k"), "line " + i);
        }
        DlqParts.Joined joined = parts.join();
        assertThat(joined.records()).as(problem).isEmpty();
        assertThat(joined.unjoined()).containsExactly("orders.raw-2@41 processed at " + TIME + ": " + problem);
    }
}
