package io.orderstream.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class DlqRecordTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A line exactly as the job's DlqRecordJson writes it. */
    static String line(String type, String rule, String orderId, int partition, long offset, String processingTime,
            String encoding, String payload, String replayOf) {
        StringBuilder sb = new StringBuilder("{\"error_type\":\"").append(type).append('"');
        if (rule != null) {
            sb.append(",\"error_rule\":\"").append(rule).append('"');
        }
        sb.append(",\"error_detail\":\"some detail\"");
        if (orderId != null) {
            sb.append(",\"order_id\":\"").append(orderId).append('"');
        }
        sb.append(",\"source\":{\"topic\":\"orders.raw\",\"partition\":").append(partition)
                .append(",\"offset\":").append(offset).append(",\"kafka_timestamp\":\"2026-11-23T15:00:00Z\"}")
                .append(",\"processing_time\":\"").append(processingTime).append('"');
        if (replayOf != null) {
            sb.append(",\"replay_of\":\"").append(replayOf).append('"');
        }
        sb.append(",\"payload_encoding\":\"").append(encoding).append("\",\"payload\":")
                .append(com.fasterxml.jackson.databind.node.TextNode.valueOf(payload).toString()).append('}');
        return sb.toString();
    }

    /**
     * Part {@code index} of {@code count} of the record {@code wholeLine} with {@code payload}, as the
     * job writes it: the same fields, {@code payload_part}, and the base64 of the index-th slice of
     * the payload (every slice but the last of the same length).
     */
    static String part(String wholeLine, byte[] payload, int index, int count) {
        ObjectNode n = changed(wholeLine, line -> {});
        int sliceLength = (payload.length + count - 1) / count;
        int from = Math.min(payload.length, index * sliceLength);
        int to = Math.min(payload.length, from + sliceLength);
        ObjectNode p = n.putObject("payload_part");
        p.put("index", index);
        p.put("count", count);
        p.put("payload_bytes", payload.length);
        n.put("payload_encoding", "base64");
        n.put("payload", Base64.getEncoder().encodeToString(Arrays.copyOfRange(payload, from, to)));
        return n.toString();
    }

    /** {@code line} with {@code change} applied to its JSON. */
    static ObjectNode changed(String line, Consumer<ObjectNode> change) {
        try {
            ObjectNode n = (ObjectNode) JSON.readTree(line);
            change.accept(n);
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void parsesTheJobsFormat() throws Exception {
        DlqRecord r = DlqRecord.parse(line("validation_error", "customer_id_required", "o-1", 2, 41,
                "2026-11-23T15:00:01.250Z", "utf8", "{\"order_id\":\"o-1\",\"cust_id\":\"c-9\"}", null), "k");
        assertThat(r.errorType()).isEqualTo("validation_error");
        assertThat(r.errorRule()).isEqualTo("customer_id_required");
        assertThat(r.orderId()).isEqualTo("o-1");
        assertThat(r.position()).isEqualTo("orders.raw-2@41");
        assertThat(r.originalPosition()).isEqualTo("orders.raw-2@41");
        assertThat(r.processingTime()).isEqualTo(Instant.parse("2026-11-23T15:00:01.250Z"));
        assertThat(r.kafkaTimestamp()).isEqualTo(Instant.parse("2026-11-23T15:00:00Z"));
        assertThat(r.isReplay()).isFalse();
        assertThat(r.payloadPart()).isNull();
        assertThat(new String(r.payloadBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"order_id\":\"o-1\",\"cust_id\":\"c-9\"}");
    }

    @Test
    void parsesAPartLine() throws Exception {
        byte[] payload = "{\"order_id\":\"o-1\",\"note\":\"0123456789\"}".getBytes(StandardCharsets.UTF_8);
        String whole = line("validation_error", "customer_id_required", "o-1", 2, 41, "2026-11-23T15:00:01.250Z",
                "utf8", new String(payload, StandardCharsets.UTF_8), "orders.raw-0@3");
        DlqRecord r = DlqRecord.parse(part(whole, payload, 1, 3), "k");
        assertThat(r.payloadPart()).isEqualTo(new DlqRecord.PayloadPart(1, 3, payload.length));
        assertThat(r.payloadEncoding()).isEqualTo("base64");
        assertThat(r.payloadBytes()).containsExactly(Arrays.copyOfRange(payload, 13, 26));
        assertThat(r.position()).isEqualTo("orders.raw-2@41");
        assertThat(r.errorType()).isEqualTo("validation_error");
        assertThat(r.replayOf()).isEqualTo("orders.raw-0@3");
        assertThat(r.processingTime()).isEqualTo(Instant.parse("2026-11-23T15:00:01.250Z"));
    }

    @Test
    void rejectsPartLinesWithABadPayloadPart() throws Exception {
        byte[] payload = new byte[100];
        String valid = part(line("parse_error", null, null, 0, 1, "2026-11-23T15:00:00Z", "base64",
                Base64.getEncoder().encodeToString(payload), null), payload, 1, 3);
        Map<String, Consumer<ObjectNode>> cases = Map.ofEntries(
                Map.entry("field 'payload_part' is not an object", n -> n.put("payload_part", "1/3")),
                Map.entry("missing integer field 'payload_part.index'", n -> payloadPartOf(n).remove("index")),
                Map.entry("missing integer field 'payload_part.count'", n -> payloadPartOf(n).put("count", "3")),
                Map.entry("missing integer field 'payload_part.payload_bytes'", n -> payloadPartOf(n).put("payload_bytes", 100.5)),
                Map.entry("payload_part.index is -1, expected 0 to 2", n -> payloadPartOf(n).put("index", -1)),
                Map.entry("payload_part.index is 3, expected 0 to 2", n -> payloadPartOf(n).put("index", 3)),
                Map.entry("payload_part.count is 1, expected 2 to 2147483647", n -> payloadPartOf(n).put("count", 1).put("index", 0)),
                Map.entry("payload_part.payload_bytes is -1, expected 0 to 2147483647", n -> payloadPartOf(n).put("payload_bytes", -1)),
                Map.entry("payload_part.payload_bytes is 3000000000, expected 0 to 2147483647",
                        n -> payloadPartOf(n).put("payload_bytes", 3_000_000_000L)),
                Map.entry("payload_encoding of a payload_part is 'utf8', expected base64",
                        n -> n.put("payload_encoding", "utf8")),
                Map.entry("payload is not valid base64", n -> n.put("payload", "not base64!")));
        assertThat(DlqRecord.parse(valid, "k").payloadPart()).as("the valid line the cases change").isNotNull();
        cases.forEach((message, change) -> assertThatThrownBy(() -> DlqRecord.parse(changed(valid, change).toString(), "k"))
                .as(message).isInstanceOf(DlqRecord.MalformedLineException.class).hasMessage(message));
    }

    /** The {@code payload_part} object of a part line's JSON. */
    static ObjectNode payloadPartOf(ObjectNode partLine) {
        return (ObjectNode) partLine.get("payload_part");
    }

    @Test
    void base64PayloadDecodesToTheExactBytes() throws Exception {
        byte[] bytes = {'{', '"', 'a', '"', ':', (byte) 0xff, (byte) 0xfe, 0, '}'};
        DlqRecord r = DlqRecord.parse(line("parse_error", null, null, 0, 7, "2026-11-23T15:00:00Z", "base64",
                Base64.getEncoder().encodeToString(bytes), null), "k");
        assertThat(r.payloadBytes()).containsExactly(bytes);
        assertThat(r.orderId()).isNull();
    }

    @Test
    void utf8PayloadKeepsNonAsciiBytes() throws Exception {
        String text = "{\"order_id\":\"o-ü\",\"note\":\"€ \\u2028 \uD83D\uDE00\"}";
        DlqRecord r = DlqRecord.parse(line("parse_error", null, null, 0, 7, "2026-11-23T15:00:00Z", "utf8", text, null), "k");
        assertThat(r.payloadBytes()).containsExactly(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aReplaysOriginalPositionIsItsReplayOf() throws Exception {
        DlqRecord r = DlqRecord.parse(line("validation_error", "currency_unknown", "o-2", 1, 900,
                "2026-11-23T16:00:00Z", "utf8", "{}", "orders.raw-0@12"), "k");
        assertThat(r.isReplay()).isTrue();
        assertThat(r.position()).isEqualTo("orders.raw-1@900");
        assertThat(r.originalPosition()).isEqualTo("orders.raw-0@12");
    }

    @Test
    void rejectsLinesThatAreNotDlqRecords() {
        for (String bad : List.of("not json", "[1,2]", "{\"error_type\":\"parse_error\"}",
                line("parse_error", null, null, 0, 1, "yesterday", "utf8", "x", null),
                line("parse_error", null, null, 0, 1, "2026-11-23T15:00:00Z", "hex", "x", null),
                line("parse_error", null, null, 0, 1, "2026-11-23T15:00:00Z", "base64", "***", null))) {
            assertThatThrownBy(() -> DlqRecord.parse(bad, "k"))
                    .as(bad).isInstanceOf(DlqRecord.MalformedLineException.class);
        }
    }

    @Test
    void filterMatchesTypeTimeRangeAndOrderId() throws Exception {
        DlqRecord r = DlqRecord.parse(line("timeout", null, "o-3", 0, 1, "2026-11-23T15:30:00Z", "utf8", "{}", null), "k");
        Instant t = Instant.parse("2026-11-23T15:30:00Z");
        assertThat(DlqFilter.all().matches(r)).isTrue();
        assertThat(DlqFilter.of(List.of("timeout"), null, null, List.of()).matches(r)).isTrue();
        assertThat(DlqFilter.of(List.of("parse_error", "duplicate"), null, null, List.of()).matches(r)).isFalse();
        assertThat(DlqFilter.of(List.of(), t, null, List.of()).matches(r)).as("since is inclusive").isTrue();
        assertThat(DlqFilter.of(List.of(), null, t, List.of()).matches(r)).as("until is exclusive").isFalse();
        assertThat(DlqFilter.of(List.of(), t.minusSeconds(1), t.plusSeconds(1), List.of()).matches(r)).isTrue();
        assertThat(DlqFilter.of(List.of(), null, null, List.of("o-3", "o-4")).matches(r)).isTrue();
        assertThat(DlqFilter.of(List.of(), null, null, List.of("o-4")).matches(r)).isFalse();
    }

    @Test
    void badFiltersAreUsageErrors() {
        Instant now = Instant.parse("2026-11-23T16:00:00Z");
        assertThatThrownBy(() -> DlqFilter.of(List.of("parse-errors"), null, null, List.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("unknown error type 'parse-errors'");
        assertThatThrownBy(() -> DlqFilter.parseTime("--since", "last tuesday", now))
                .isInstanceOf(UsageException.class).hasMessageContaining("--since 'last tuesday' is not a time");
        assertThatThrownBy(() -> DlqFilter.of(List.of(), now, now.minusSeconds(60), List.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("is not before --until");
        assertThat(DlqFilter.of(List.of("Validation-Error"), null, null, List.of()).errorTypes())
                .isEqualTo(Set.of("validation_error"));
    }

    @Test
    void timeForms() {
        Instant now = Instant.parse("2026-11-23T16:00:00Z");
        assertThat(DlqFilter.parseTime("--since", "2026-11-23T14:05:00Z", now)).isEqualTo("2026-11-23T14:05:00Z");
        assertThat(DlqFilter.parseTime("--since", "2026-11-23T15:05:00+01:00", now)).isEqualTo("2026-11-23T14:05:00Z");
        assertThat(DlqFilter.parseTime("--since", "2026-11-23T14:05", now)).isEqualTo("2026-11-23T14:05:00Z");
        assertThat(DlqFilter.parseTime("--since", "2026-11-23", now)).isEqualTo("2026-11-23T00:00:00Z");
        assertThat(DlqFilter.parseTime("--since", "90m", now)).isEqualTo("2026-11-23T14:30:00Z");
        assertThat(DlqFilter.parseTime("--since", "6h", now)).isEqualTo("2026-11-23T10:00:00Z");
        assertThat(DlqFilter.parseTime("--since", "2d", now)).isEqualTo("2026-11-21T16:00:00Z");
    }

    @Test
    void hourPrefixesTooOldForSinceAreSkipped() {
        Instant since = Instant.parse("2026-11-23T15:30:00Z");
        assertThat(DlqStore.cannotHoldMatches("data/2026/11/23/13/order-dlq-firehose-1", since)).isTrue();
        assertThat(DlqStore.cannotHoldMatches("data/2026/11/23/14/order-dlq-firehose-1", since)).isFalse();
        assertThat(DlqStore.cannotHoldMatches("data/2026/11/23/16/order-dlq-firehose-1", since)).isFalse();
        assertThat(DlqStore.cannotHoldMatches("data/2026/11/23/13/x", null)).isFalse();
        assertThat(DlqStore.cannotHoldMatches("data/some-object", since)).isFalse();
        // The layout infra-cdk deploys: dlq/year=YYYY/month=MM/day=DD/hour=HH/
        assertThat(DlqStore.cannotHoldMatches("dlq/year=2026/month=11/day=23/hour=13/order-dlq-firehose-1", since)).isTrue();
        assertThat(DlqStore.cannotHoldMatches("dlq/year=2026/month=11/day=23/hour=16/order-dlq-firehose-1", since)).isFalse();
    }
}
