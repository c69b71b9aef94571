package io.orderstream.bench;

import io.orderstream.job.KafkaStreamingJob;
import io.orderstream.job.dedup.DeduplicateOrders;
import io.orderstream.job.dlq.DlqOutput;
import io.orderstream.job.model.Order;
import io.orderstream.job.model.OrderEvent;
import io.orderstream.job.model.RawRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.StateBackendLoader;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.rocksdb.InfoLogLevel;
import org.slf4j.LoggerFactory;

/**
 * Dedup's checkpoint alone, in seconds instead of an end-to-end run's minutes: the dedup operator on
 * RocksDB with the job's settings (plus {@code --set key=value} overrides, to compare one setting),
 * through Flink's keyed operator test harness, one subtask. Each checkpoint follows
 * {@code --orders-per-checkpoint} new order ids, so each flushes a memtable of that many ids, which a
 * checkpoint's synchronous part waits for: 250,000 is one subtask's share of 10 s at 50,000 orders/s.
 *
 * <p>Reports each incremental snapshot's duration (synchronous and asynchronous part, written to a
 * local checkpoint directory) and the CPU seconds of RocksDB's flush ({@code rocksdb:high}) and
 * compaction ({@code rocksdb:low}) threads, which read the same on an idle and a busy machine where
 * durations do not. RocksDB's own log is kept in {@code --rocksdb-log} for {@code flushes.py} and
 * {@code compactions.py}. Usage: {@code ./bench/run.sh flush [--checkpoints 20]
 * [--orders-per-checkpoint 250000] [--set key=value ...] [--out file.json]}.
 */
public final class CheckpointFlushBench {
    private CheckpointFlushBench() {}

    public static void main(String[] args) throws Exception {
        int checkpoints = 20;
        int perCheckpoint = 250_000;
        Path workDir = Path.of("bench/target/flush-work");
        Path logDir = null;
        Path out = Path.of("bench/target/flush-results.json");
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--checkpoints" -> checkpoints = Integer.parseInt(v);
                case "--orders-per-checkpoint" -> perCheckpoint = Integer.parseInt(v);
                case "--work-dir" -> workDir = Path.of(v);
                case "--rocksdb-log" -> logDir = Path.of(v);
                case "--set" -> {
                    int eq = v.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--set wants key=value, got " + v);
                    }
                    overrides.put(v.substring(0, eq), v.substring(eq + 1));
                }
                case "--out" -> out = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Map<String, Object> report = run(checkpoints, perCheckpoint, workDir, logDir, overrides);
        report.put("commit", System.getProperty("bench.commit", "unknown"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, EndToEndBench.json(report));
        System.out.println(EndToEndBench.json(report.get("results")));
        System.out.println("results: " + out);
    }

    static Map<String, Object> run(int checkpoints, int perCheckpoint, Path workDir, Path logDir,
                                   Map<String, String> overrides) throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("started", Instant.now().toString());
        report.put("machine", EndToEndBench.machine());
        EndToEndBench.deleteRecursively(workDir); // an earlier run's instance and checkpoints
        Path localDir = Files.createDirectories(workDir.resolve("rocksdb"));
        Configuration job = KafkaStreamingJob.executionConfiguration();
        if (logDir != null) {
            Files.createDirectories(logDir);
            job.set(RocksDBConfigurableOptions.LOG_LEVEL, InfoLogLevel.INFO_LEVEL);
            job.set(RocksDBConfigurableOptions.LOG_DIR, logDir.toAbsolutePath().toString());
        }
        job.addAll(Configuration.fromMap(overrides));
        Configuration cluster = new Configuration();
        cluster.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        cluster.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        cluster.set(RocksDBOptions.LOCAL_DIRECTORIES, localDir.toString());
        // The test harness has no managed memory to share: RocksDB gets its own write buffers (64 MB,
        // larger than a checkpoint's memtable here, as in the end-to-end runs) and block cache.
        cluster.set(RocksDBOptions.USE_MANAGED_MEMORY, false);
        StateBackend backend = StateBackendLoader.fromApplicationOrConfigOrDefault(null, job, cluster,
                CheckpointFlushBench.class.getClassLoader(), LoggerFactory.getLogger(CheckpointFlushBench.class));

        var harness = new KeyedOneInputStreamOperatorTestHarness<String, OrderEvent, OrderEvent>(
                new KeyedProcessOperator<>(new DeduplicateOrders(Duration.ofHours(24))), e -> e.order.orderId, Types.STRING);
        harness.setStateBackend(backend);
        harness.setCheckpointStorage(new FileSystemCheckpointStorage(workDir.resolve("checkpoints").toUri()));
        harness.open();
        RawRecord source = new RawRecord("orders.raw", 0, 0, 0, new byte[0]);
        // Order ids shaped like the end-to-end live phase's (OrderMix with a per-run prefix).
        String prefix = "job-" + System.currentTimeMillis() + "-live-";
        List<Long> snapshotMillis = new ArrayList<>();
        long passed = 0;
        ThreadCpu cpu = ThreadCpu.start();
        long n = 0;
        for (int c = 1; c <= checkpoints; c++) {
            for (int i = 0; i < perCheckpoint; i++, n++) {
                Order order = new Order();
                order.orderId = prefix + n;
                harness.processElement(new OrderEvent(order, source), n);
            }
            passed += harness.getOutput().size();
            harness.getOutput().clear();
            long start = System.nanoTime();
            harness.snapshot(c, c);
            harness.notifyOfCompletedCheckpoint(c);
            snapshotMillis.add((System.nanoTime() - start) / 1_000_000);
        }
        Map<String, Double> cpuSeconds = cpu.secondsSinceStart();
        var duplicates = harness.getSideOutput(DlqOutput.TAG);
        harness.close();

        List<Long> sorted = snapshotMillis.stream().sorted().toList();
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("orders", n);
        results.put("orders_passed", passed);
        results.put("duplicates", duplicates == null ? 0 : duplicates.size());
        results.put("snapshot_ms", snapshotMillis);
        results.put("snapshot_ms_p50", sorted.get(sorted.size() / 2));
        results.put("snapshot_ms_max", sorted.get(sorted.size() - 1));
        results.put("cpu_s_by_thread", cpuSeconds);
        results.put("flush_cpu_ms_per_checkpoint", Math.round(cpuSeconds.getOrDefault("rocksdb:high", 0.0) * 1000 / checkpoints));
        report.put("settings", Map.of("checkpoints", checkpoints, "orders_per_checkpoint", perCheckpoint,
                "overrides", overrides, "rocksdb_local_dir", localDir.toString()));
        report.put("results", results);
        return report;
    }
}
