package io.orderstream.job.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderstream.job.observe.TrackWindowCompleteness;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LogEventsTest {
    @Test
    void anEventIsOneJsonObjectWithContractFieldNames() throws Exception {
        String json = LogEvents.event(LogEvents.Kind.DLQ)
                .with(LogField.DLQ, true)
                .with(LogField.ERROR_TYPE, "parse_error")
                .with(LogField.ORDER_ID, null)
                .with(LogField.ERROR_DETAIL, "quote \" and\nnewline")
                .with(LogField.LATENCY_MS, Double.NaN)
                .with(LogField.KAFKA_OFFSET, 42L)
                .toJson();
        JsonNode n = new ObjectMapper().readTree(json);
        assertThat(n.get("event").asText()).isEqualTo("dlq_record");
        assertThat(n.get("dlq").isBoolean()).isTrue();
        assertThat(n.get("error_type").asText()).isEqualTo("parse_error");
        assertThat(n.has("order_id")).as("null left out").isFalse();
        assertThat(n.has("latency_ms")).as("NaN never written").isFalse();
        assertThat(n.get("error_detail").asText()).isEqualTo("quote \" and\nnewline");
        assertThat(n.get("kafka_offset").asLong()).isEqualTo(42);
        assertThat(json).doesNotContain("\n");
    }

    /** Ids come from payloads: an enrichment sample's customer_id can be as long as a record. */
    @Test
    void aTextValueIsCutSoThatOneRecordCannotMakeAHugeEvent() throws Exception {
        String json = LogEvents.event(LogEvents.Kind.ENRICHMENT_SAMPLE)
                .with(LogField.CUSTOMER_ID, "C".repeat(800_000))
                .with(LogField.ORDER_ID, "O".repeat(LogEvents.MAX_VALUE_CHARS))
                .toJson();
        JsonNode n = new ObjectMapper().readTree(json);
        assertThat(n.get("customer_id").asText()).hasSize(LogEvents.MAX_VALUE_CHARS).endsWith("C…");
        assertThat(n.get("order_id").asText()).isEqualTo("O".repeat(LogEvents.MAX_VALUE_CHARS));
        assertThat(json.length()).isLessThan(3 * LogEvents.MAX_VALUE_CHARS);
    }

    @Test
    void fieldNamesAreUnique() {
        assertThat(Arrays.stream(LogField.values()).map(LogField::fieldName)).doesNotHaveDuplicates();
    }

    @Test
    void samplerBoundsEventsPerSecond() {
        LogEvents.Sampler sampler = new LogEvents.Sampler(2);
        int taken = 0;
        for (int i = 0; i < 1000; i++) {
            taken += sampler.take(5_000 + i) ? 1 : 0; // all within one second
        }
        assertThat(taken).isEqualTo(2);
        assertThat(sampler.take(6_000)).isTrue();
        assertThat(new LogEvents.Sampler(0).take(0)).isFalse();
    }

    @Test
    void samplerBoundsEventsPerSecondAcrossThreads() throws Exception {
        LogEvents.Sampler sampler = new LogEvents.Sampler(3);
        AtomicInteger taken = new AtomicInteger();
        Runnable caller = () -> {
            for (int i = 0; i < 200_000; i++) {
                if (sampler.take(7_000 + i % 1000)) { // all within one second
                    taken.incrementAndGet();
                }
            }
        };
        Thread other = new Thread(caller);
        other.start();
        caller.run();
        other.join();
        assertThat(taken.get()).isEqualTo(3);
    }

    @Test
    void completenessIsCountedOverCountedPlusDropped() {
        assertThat(TrackWindowCompleteness.completeness(30, 1)).isEqualTo(100.0 * 30 / 31);
        assertThat(TrackWindowCompleteness.completeness(0, 0)).isEqualTo(100.0);
        assertThat(TrackWindowCompleteness.completeness(0, 5)).isEqualTo(0.0);
    }
}
