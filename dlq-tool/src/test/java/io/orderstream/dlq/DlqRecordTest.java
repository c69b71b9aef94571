package io.orderstream.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DlqRecordTest {

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
        assertThat(new String(r.payloadBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"order_id\":\"o-1\",\"cust_id\":\"c-9\"}");
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
