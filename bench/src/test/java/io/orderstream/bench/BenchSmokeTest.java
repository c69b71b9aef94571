package io.orderstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderstream.harness.CustomerApiServer;
import io.orderstream.harness.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end benchmark in miniature (20k orders), so that it cannot rot: it checks that every
 * record ends where it should, never how fast. The full run is {@code ./bench/run.sh}.
 */
class BenchSmokeTest {
    private static final long ORDERS = 20_000;

    @TempDir
    static Path workDir;
    private static KafkaBroker kafka;
    private static CustomerApiServer api;
    private static MiniCluster cluster;
    private static EndToEndBench bench;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaBroker.start(workDir.resolve("kafka"));
        api = CustomerApiServer.startWithoutCredentials();
        cluster = EndToEndBench.startCluster(2);
        EndToEndBench.Settings s = new EndToEndBench.Settings();
        s.orders = ORDERS;
        s.live = Duration.ofSeconds(3);
        s.sampleEvery = Duration.ofSeconds(1);
        s.checkpointInterval = Duration.ofSeconds(1);
        s.timeout = Duration.ofMinutes(3);
        s.workDir = workDir;
        bench = new EndToEndBench(s, kafka, api, cluster);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) cluster.close();
        if (api != null) api.close();
        if (kafka != null) kafka.close();
    }

    @Test
    void jobDeliversEveryRecordToExactlyOnePlace() throws Exception {
        Map<String, Object> r = bench.run("job");
        long[] expected = OrderMix.expected(ORDERS);
        @SuppressWarnings("unchecked") Map<String, Object> counts = (Map<String, Object>) r.get("counts");
        assertThat(counts.get("orders")).as("orders handed off; every count: %s", counts)
                .isEqualTo(expected[OrderMix.Kind.VALID.ordinal()]);
        assertThat(counts.get("dlq")).isEqualTo(Map.of(
                "duplicate", expected[OrderMix.Kind.DUPLICATE.ordinal()],
                "parse_error", expected[OrderMix.Kind.PARSE_ERROR.ordinal()],
                "validation_error", expected[OrderMix.Kind.VALIDATION_ERROR.ordinal()]));
        // each DLQ type's first record says why, so a count that does not add up can be read from the report
        @SuppressWarnings("unchecked") Map<String, String> whyFirst = (Map<String, String>) counts.get("dlq_first_detail");
        assertThat(whyFirst).containsOnlyKeys("duplicate", "parse_error", "validation_error")
                .allSatisfy((type, detail) -> assertThat(detail).isNotBlank().isNotEqualTo("null"));
        assertThat((long) counts.get("aggregates")).isPositive();
        assertThat(r).containsKeys("orders_per_s_sustained", "checkpoints", "live", "gc_seconds");
        assertThat((double) r.get("cpu_seconds_per_million_sustained")).isPositive();
        // the drain's progress per second ends with every record handed off
        @SuppressWarnings("unchecked") List<Long> progress = (List<Long>) r.get("handed_off_every_1s");
        assertThat(progress).isSortedAccordingTo(Long::compare);
        assertThat(progress.get(progress.size() - 1)).isEqualTo(ORDERS);
        assertThat(r.get("checkpoint_after_drain")).isNotNull();
        assertThat(r.get("dedup_keys")).isEqualTo(expected[OrderMix.Kind.VALID.ordinal()]);
        // the soak's memory series: one sample per second of the 3 s live phase, and their growth
        @SuppressWarnings("unchecked") Map<String, Object> live = (Map<String, Object>) r.get("live");
        @SuppressWarnings("unchecked") List<Map<String, Object>> samples = (List<Map<String, Object>>) live.get("samples");
        assertThat(samples).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(sample -> assertThat(sample).containsKeys("heap_after_gc_mb", "rss_mb", "gc_seconds"));
        // every order of the live phase is in one sample's latencies, those after the last regular sample too
        long sampledOrders = samples.stream().mapToLong(sample ->
                ((Number) ((Map<?, ?>) sample.get("latency_ms_since_last_sample")).get("orders")).longValue()).sum();
        assertThat(sampledOrders).isPositive().isEqualTo(((Number) live.get("orders_out")).longValue());
        @SuppressWarnings("unchecked") Map<String, Object> growth = (Map<String, Object>) live.get("growth");
        assertThat(growth).containsKeys("heap_after_gc_mb", "rss_mb", "gc_seconds");
    }

    @Test
    void sqlBaselineKeepsTheSameValidOrders() throws Exception {
        Map<String, Object> r = bench.run("sql");
        @SuppressWarnings("unchecked") Map<String, Object> counts = (Map<String, Object>) r.get("counts");
        assertThat(counts.get("orders")).isEqualTo(OrderMix.expected(ORDERS)[OrderMix.Kind.VALID.ordinal()]);
        assertThat((long) counts.get("aggregates")).isPositive();
    }

    @Test
    void expectedCountsAddUp() {
        for (long n : List.of(0L, 1L, 97L, 98L, 99L, 100L, 12_345L)) {
            long sum = 0;
            for (long c : OrderMix.expected(n)) sum += c;
            assertThat(sum).isEqualTo(n);
        }
    }
}
