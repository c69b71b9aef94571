package io.orderstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small run of the flush benchmark, so that it cannot rot: what it reports, never how fast. */
class CheckpointFlushBenchTest {
    @TempDir
    Path workDir;
    @TempDir
    Path logDir;

    @Test
    @SuppressWarnings("unchecked")
    void everyOrderIdPassesDedupOnceAndEachCheckpointIsTimedOnRocksDbWithTheJobsSettingsAndTheOverride()
            throws Exception {
        Map<String, Object> report = CheckpointFlushBench.run(3, 2_000, workDir, logDir,
                Map.of("state.backend.rocksdb.compression.per.level", "NO_COMPRESSION"));

        Map<String, Object> results = (Map<String, Object>) report.get("results");
        assertThat(results).containsEntry("orders", 6_000L).containsEntry("orders_passed", 6_000L)
                .containsEntry("duplicates", 0);
        assertThat((List<Long>) results.get("snapshot_ms")).hasSize(3).allSatisfy(ms -> assertThat(ms).isNotNegative());
        assertThat(results).containsKeys("snapshot_ms_p50", "snapshot_ms_max", "cpu_s_by_thread", "flush_cpu_ms_per_checkpoint");

        // RocksDB's log of dedup's instance: the job's compaction style, and the one setting overridden.
        String log;
        try (Stream<Path> logs = Files.list(logDir)) {
            log = logs.map(CheckpointFlushBenchTest::read).reduce("", String::concat);
        }
        assertThat(log).contains("[order-id-seen]", "Options.compaction_style: kCompactionStyleUniversal",
                "Options.compression[0]: NoCompression");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
