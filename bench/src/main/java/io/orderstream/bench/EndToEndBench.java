package io.orderstream.bench;

import static io.orderstream.job.config.ConfigKeys.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.orderstream.harness.CustomerApiServer;
import io.orderstream.harness.KafkaBroker;
import io.orderstream.harness.LocalStack;
import io.orderstream.job.CheckpointSetup;
import io.orderstream.job.KafkaStreamingJob;
import io.orderstream.job.OrderPipeline;
import io.orderstream.job.PipelineSinks;
import io.orderstream.job.config.JobConfig;
import io.orderstream.job.sink.FirehoseSinks;
import io.orderstream.job.source.OrderKafkaSource;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.checkpoint.FailedCheckpointStats;
import org.apache.flink.runtime.checkpoint.TaskStateStats;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.rocksdb.InfoLogLevel;

/**
 * The end-to-end benchmark: preloads N orders into the local Kafka broker, runs a variant on a
 * MiniCluster (parallelism 2, exactly-once checkpoints) and measures throughput, latency,
 * checkpoints, memory and GC. Variants:
 * <ul>
 *   <li>{@code job}: the job with discarding sinks, RocksDB incremental;</li>
 *   <li>{@code job-heap}: the same on the hashmap (heap) state backend;</li>
 *   <li>{@code job-copy}: {@code job} with object reuse disabled (how much the job's object reuse saves);</li>
 *   <li>{@code sql}: the Flink SQL baseline ({@link SqlBaseline}), RocksDB incremental;</li>
 *   <li>{@code sink}: the job with the real Firehose sinks against LocalStack.</li>
 * </ul>
 * Usage: {@code EndToEndBench [--orders N] [--sink-orders N] [--variants job,job-heap,sql,sink]
 * [--live 120s] [--live-rate N] [--sample-every 10s] [--live-set-every 5m] [--parallelism 2] [--checkpoint-interval 10s]
 * [--rocksdb-log DIR] [--out file.json]}.
 */
public final class EndToEndBench {
    public static final int PARTITIONS = 4;

    /** Settings of one benchmark invocation. */
    public static final class Settings {
        public long orders = 5_000_000;
        public long sinkOrders = 200_000;
        public List<String> variants = List.of("job", "sql", "job-heap", "sink");
        public Duration live = Duration.ofSeconds(120);
        /** Orders/s of the live phase; 0 = half the sustained rate the drain measured. */
        public long liveRate = 0;
        /** How often the live phase samples heap, RSS and GC. */
        public Duration sampleEvery = Duration.ofSeconds(10);
        /** How often the live phase measures the live set with a full GC ({@link LiveSet}); 0 = never. */
        public Duration liveSetEvery = Duration.ZERO;
        public int parallelism = 2;
        public Duration checkpointInterval = Duration.ofSeconds(10);
        public Duration timeout = Duration.ofMinutes(30);
        public Path out = Path.of("bench/target/bench-results.json");
        public Path workDir = Path.of("bench/target/bench-work");
        /** Where RocksDB writes its own log at INFO level (every flush and compaction with its timing and the LSM's shape); null = no log. */
        public Path rocksDbLogDir;

        static Settings parse(String[] args) {
            Settings s = new Settings();
            for (int i = 0; i < args.length; i += 2) {
                String v = args[i + 1];
                switch (args[i]) {
                    case "--orders" -> s.orders = Long.parseLong(v.replace("_", ""));
                    case "--sink-orders" -> s.sinkOrders = Long.parseLong(v.replace("_", ""));
                    case "--variants" -> s.variants = List.of(v.split(","));
                    case "--live" -> s.live = duration(v);
                    case "--live-rate" -> s.liveRate = Long.parseLong(v.replace("_", ""));
                    case "--sample-every" -> s.sampleEvery = duration(v);
                    case "--live-set-every" -> s.liveSetEvery = duration(v);
                    case "--parallelism" -> s.parallelism = Integer.parseInt(v);
                    case "--checkpoint-interval" -> s.checkpointInterval = duration(v);
                    case "--timeout" -> s.timeout = duration(v);
                    case "--out" -> s.out = Path.of(v);
                    case "--work-dir" -> s.workDir = Path.of(v);
                    case "--rocksdb-log" -> s.rocksDbLogDir = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return s;
        }

        private static Duration duration(String v) {
            if (v.endsWith("ms")) return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            if (v.endsWith("s")) return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            if (v.endsWith("m")) return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            return Duration.ofSeconds(Long.parseLong(v));
        }
    }

    private final Settings settings;
    private final KafkaBroker kafka;
    private final CustomerApiServer customerApi;
    private LocalStack localStack;
    private final MiniCluster cluster;

    public EndToEndBench(Settings settings, KafkaBroker kafka, CustomerApiServer customerApi, MiniCluster cluster) {
        this.settings = settings;
        this.kafka = kafka;
        this.customerApi = customerApi;
        this.cluster = cluster;
    }

    public static void main(String[] args) throws Exception {
        Settings s = Settings.parse(args);
        deleteRecursively(s.workDir); // the broker's log and the checkpoints of an earlier run
        Files.createDirectories(s.workDir);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("started", Instant.now().toString());
        report.put("machine", machine());
        report.put("settings", Map.of("orders", s.orders, "sink_orders", s.sinkOrders, "parallelism", s.parallelism,
                "checkpoint_interval_s", s.checkpointInterval.toSeconds(), "live_phase_s", s.live.toSeconds(),
                "live_rate", s.liveRate == 0 ? "half the sustained rate" : s.liveRate,
                "heap_max_mb", Runtime.getRuntime().maxMemory() / 1048576,
                "partitions", PARTITIONS, "variants", s.variants));
        report.put("commit", System.getProperty("bench.commit", "unknown"));
        List<Map<String, Object>> results = new ArrayList<>();
        report.put("results", results);
        try (KafkaBroker kafka = KafkaBroker.start(s.workDir.resolve("kafka"));
             CustomerApiServer api = CustomerApiServer.startWithoutCredentials()) {
            MiniCluster cluster = startCluster(s.parallelism, s.rocksDbLogDir);
            try {
                EndToEndBench bench = new EndToEndBench(s, kafka, api, cluster);
                for (String variant : s.variants) {
                    System.out.println("=== variant " + variant);
                    Map<String, Object> r = bench.run(variant);
                    results.add(r);
                    System.out.println(json(r));
                    write(s.out, report);
                }
                if (bench.localStack != null) {
                    bench.localStack.close();
                }
            } finally {
                cluster.close();
            }
        }
        report.put("finished", Instant.now().toString());
        write(s.out, report);
        System.out.println("results: " + s.out.toAbsolutePath());
        System.exit(0);
    }

    public static MiniCluster startCluster(int parallelism) throws Exception {
        return startCluster(parallelism, null);
    }

    static MiniCluster startCluster(int parallelism, Path rocksDbLogDir) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.PORT, 0);
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("1g"));
        conf.setString("restart-strategy.type", "none");
        if (rocksDbLogDir != null) {
            // For a diagnosis: RocksDB's LOG per state, with every flush and compaction (sizes, CPU, the
            // LSM's shape after it). Flink turns RocksDB's periodic statistics dump off. Costs little.
            Files.createDirectories(rocksDbLogDir);
            conf.set(RocksDBConfigurableOptions.LOG_LEVEL, InfoLogLevel.INFO_LEVEL);
            conf.set(RocksDBConfigurableOptions.LOG_DIR, rocksDbLogDir.toAbsolutePath().toString());
        }
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(parallelism)
                .build());
        cluster.start();
        return cluster;
    }

    /** Runs one variant end to end and returns its measurements. */
    public Map<String, Object> run(String variant) throws Exception {
        boolean sql = variant.equals("sql");
        boolean sink = variant.equals("sink");
        long n = sink ? settings.sinkOrders : settings.orders;
        String run = variant + "-" + System.currentTimeMillis();
        String topic = "orders-" + run;
        kafka.createTopic(topic, PARTITIONS);

        // Event times span about 3 hours of 5-minute windows, ending 10 minutes before now.
        long step = Math.max(1, Duration.ofHours(3).toMillis() / Math.max(1, n));
        long base = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis() - n * step;
        OrderMix mix = new OrderMix(run, base, step);
        long t0 = System.nanoTime();
        long bytes = preload(topic, mix, n);
        double preloadSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("preloaded %,d records (%,d bytes) in %.1f s%n", n, bytes, preloadSeconds);

        Map<String, String> props = jobProperties(topic, run, variant.equals("job-heap") ? "hashmap" : "rocksdb");
        if (sink) {
            props.putAll(firehoseProperties(run));
        }
        JobConfig config = JobConfig.fromProperties(props);
        RunStats stats = RunStats.of(run);

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("variant", variant);
        r.put("orders", n);
        r.put("payload_bytes_avg", bytes / n);
        r.put("preload_seconds", round(preloadSeconds));
        r.put("load_average_at_start", loadAverage());

        Jvm jvm = Jvm.start();
        TestStreamEnvironment env = new TestStreamEnvironment(cluster, settings.parallelism);
        env.configure(CheckpointSetup.toFlinkConfiguration(config.checkpoints()));
        // The job's own execution settings: no Kryo fallback, object reuse.
        KafkaStreamingJob.configureExecution(env);
        if (variant.equals("job-copy")) {
            // For comparison: chained operators deep-copy every record, as before object reuse.
            env.getConfig().disableObjectReuse();
        }
        long[] expected = OrderMix.expected(n);
        long expectedValid = expected[OrderMix.Kind.VALID.ordinal()];
        LongSupplier done;
        long target;
        if (sql) {
            SqlBaseline.build(env, config, run);
            done = stats.orders::sum;
            target = expectedValid;
        } else if (sink) {
            OrderPipeline.build(env, config, OrderKafkaSource.create(config.kafka(), config.maxRecordBytes()), FirehoseSinks.create(config.firehose()));
            String group = config.kafka().groupId();
            done = () -> committedOffsets(group, topic);
            target = n;
        } else {
            OrderPipeline.build(env, config, OrderKafkaSource.create(config.kafka(), config.maxRecordBytes()), new PipelineSinks(
                    CountingSink.orders(run), CountingSink.aggregates(run), CountingSink.dlq(run)));
            done = stats::handedOff;
            target = n;
        }
        long submitNanos = System.nanoTime();
        JobClient client = env.executeAsync("bench-" + run);
        JobID jobId = client.getJobID();
        try {
            // Phase 1: drain the preloaded backlog as fast as the job goes.
            long t10 = 0, t90 = 0, tEnd = 0;
            double cpu10 = 0, cpu90 = 0;
            // Records handed off at each whole second since submission, then at the end: where the drain is
            // slower than its middle (the start fills the customer cache, checkpoints pause the dedup chain).
            List<Long> progress = new ArrayList<>();
            long deadline = System.nanoTime() + settings.timeout.toNanos();
            long pollMillis = sink ? 1000 : 50;
            while (true) {
                long c = done.getAsLong();
                long now = System.nanoTime();
                jvm.sample();
                while (progress.size() <= (now - submitNanos) / 1_000_000_000L) progress.add(c);
                if (t10 == 0 && c >= target / 10) {
                    t10 = now;
                    cpu10 = jvm.cpuSeconds();
                }
                if (t90 == 0 && c >= target * 9 / 10) {
                    t90 = now;
                    cpu90 = jvm.cpuSeconds();
                }
                if (c >= target) {
                    tEnd = now;
                    progress.add(c);
                    break;
                }
                if (now > deadline) {
                    throw new IllegalStateException(variant + ": only " + c + " of " + target + " after " + settings.timeout);
                }
                if (client.getJobStatus().get().isGloballyTerminalState()) {
                    var failure = cluster.getExecutionGraph(jobId).get().getFailureInfo();
                    throw new IllegalStateException(variant + ": job ended early: " + client.getJobStatus().get()
                            + (failure == null ? "" : "\n" + failure.getExceptionAsString()));
                }
                Thread.sleep(pollMillis);
            }
            long firstRecord = stats.firstRecordNanos.get() == 0 ? submitNanos : stats.firstRecordNanos.get();
            double sustained = (target * 0.8) / ((t90 - t10) / 1e9);
            double whole = n / ((tEnd - firstRecord) / 1e9);
            r.put("orders_per_s_sustained", Math.round(sustained * (double) n / target));
            r.put("orders_per_s_first_to_last", Math.round(whole));
            // CPU per order in the same window as the sustained rate: steadier than the rate on a shared VM.
            r.put("cpu_seconds_per_million_sustained", round((cpu90 - cpu10) / (target * 0.8 / 1e6)));
            r.put("handed_off_every_1s", progress);
            r.put("drain_seconds", round((tEnd - submitNanos) / 1e9));
            r.put("startup_seconds", round((firstRecord - submitNanos) / 1e9));
            r.put("process_cpu_seconds_drain", round(jvm.cpuSeconds()));
            System.out.printf("%s: %,.0f orders/s sustained, drained in %.1f s%n", variant, sustained * n / target,
                    (tEnd - submitNanos) / 1e9);

            if (!sink) {
                r.put("counts", counts(stats, expected, sql));
                // Every valid order's id is in the dedup state (duplicates repeat one; invalid records never get there).
                r.put("dedup_keys", expectedValid);
            }

            // A checkpoint that started after the backlog was processed holds the state of all N orders.
            long drainedAtMillis = System.currentTimeMillis();
            CompletedCheckpointStats full = awaitCheckpointAfter(jobId, drainedAtMillis, Duration.ofMinutes(5));
            if (full != null) {
                r.put("checkpoint_after_drain", checkpoint(full));
            }

            // Phase 2 (not for the Firehose sink): live traffic at half the measured rate, for latency and memory.
            if (!sink && !settings.live.isZero()) {
                long rate = settings.liveRate > 0 ? settings.liveRate : Math.max(1000, Math.round(sustained * n / target / 2));
                r.put("live", live(topic, run, rate, stats, jvm, jobId));
            }
            r.put("checkpoints", checkpointSummary(jobId));
            r.put("load_average_at_end", loadAverage());
            r.putAll(jvm.report());
            if (sink) {
                r.put("note", "throughput measured to the Kafka offsets committed on checkpoint: an order counts"
                        + " when its checkpoint completed, i.e. Firehose acknowledged it; resolution = checkpoint interval");
            }
        } finally {
            if (!client.getJobStatus().get().isGloballyTerminalState()) {
                client.cancel().get(60, TimeUnit.SECONDS);
            }
            waitTerminal(client);
        }
        return r;
    }

    /** Count, p50, p99 and max of latencies in 1-ms buckets: in which samples the tail of a live phase lies. */
    private static Map<String, Object> latencySummary(long[] counts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("orders", RunStats.count(counts));
        m.put("p50", RunStats.quantile(counts, 0.50));
        m.put("p99", RunStats.quantile(counts, 0.99));
        m.put("max", RunStats.quantile(counts, 1.0));
        return m;
    }

    /** One sample of a live phase: memory, the latest checkpoint, CPU by thread, and the latencies since the last one. */
    private Map<String, Object> liveSample(Jvm jvm, long start, long ordersOut, JobID jobId, ThreadCpu threadCpu,
                                           long[] latencySinceLastSample) throws Exception {
        jvm.sample();
        Map<String, Object> sample = jvm.memorySample((System.nanoTime() - start) / 1e9, ordersOut);
        sample.put("latest_checkpoint", latestCheckpoint(jobId));
        sample.put("cpu_s_by_thread", threadCpu.secondsSinceStart());
        sample.put("latency_ms_since_last_sample", latencySummary(latencySinceLastSample));
        return sample;
    }

    private Map<String, Object> live(String topic, String run, long rate, RunStats stats, Jvm jvm, JobID jobId)
            throws Exception {
        OrderMix liveMix = new OrderMix(run + "-live", 0, 0);
        stats.resetLatency();
        stats.recordLatency = true;
        long before = stats.orders.sum();
        List<Long> oldGenAfterGcMb = new ArrayList<>();
        List<Long> heapAfterGcMb = new ArrayList<>();
        List<Map<String, Object>> samples = new ArrayList<>();
        long sent = 0;
        long start = System.nanoTime();
        long end = start + settings.live.toNanos();
        long nextSample = start;
        LiveSet liveSet = new LiveSet();
        ThreadCpu threadCpu = ThreadCpu.start();
        long[] latencyAtLastSample = stats.latencyCounts();
        long liveSetEvery = settings.liveSetEvery.toNanos();
        long nextLiveSet = start;
        try (KafkaProducer<byte[], byte[]> producer = producer(5, 64 * 1024)) {
            while (System.nanoTime() < end) {
                long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                while (sent < due) {
                    producer.send(new ProducerRecord<>(topic, (int) (sent % PARTITIONS), null,
                            liveMix.recordAt(sent, System.currentTimeMillis())));
                    sent++;
                }
                if (System.nanoTime() >= nextSample) {
                    oldGenAfterGcMb.add(Jvm.oldGenAfterGcMb());
                    heapAfterGcMb.add(Jvm.heapAfterLastGcMb());
                    long[] latency = stats.latencyCounts();
                    samples.add(liveSample(jvm, start, stats.orders.sum() - before, jobId, threadCpu,
                            RunStats.between(latencyAtLastSample, latency)));
                    latencyAtLastSample = latency;
                    nextSample += settings.sampleEvery.toNanos();
                }
                if (liveSetEvery > 0 && System.nanoTime() >= nextLiveSet) {
                    liveSet.measure((System.nanoTime() - start) / 1e9);
                    nextLiveSet += liveSetEvery;
                }
                Thread.sleep(2);
            }
        }
        if (liveSetEvery > 0) {
            liveSet.measure((System.nanoTime() - start) / 1e9);
        }
        long expectedOrders = OrderMix.expected(sent)[OrderMix.Kind.VALID.ordinal()];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (stats.orders.sum() - before < expectedOrders && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        stats.recordLatency = false;
        // The last stretch, from the last sample to the last order handed off: without it, the tail of a
        // phase that ends behind would be in the phase's figures but in no sample.
        samples.add(liveSample(jvm, start, stats.orders.sum() - before, jobId, threadCpu,
                RunStats.between(latencyAtLastSample, stats.latencyCounts())));
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("rate_orders_per_s", rate);
        l.put("seconds", settings.live.toSeconds());
        l.put("sent", sent);
        l.put("orders_out", stats.orders.sum() - before);
        long[] latency = stats.latencyCounts();
        l.put("latency_ms_p50", RunStats.quantile(latency, 0.50));
        l.put("latency_ms_p99", RunStats.quantile(latency, 0.99));
        l.put("latency_ms_max", RunStats.quantile(latency, 1.0));
        l.put("sample_every_s", settings.sampleEvery.toSeconds());
        l.put("old_gen_after_gc_mb_every_10s", oldGenAfterGcMb);
        l.put("heap_after_last_gc_mb_every_10s", heapAfterGcMb);
        l.put("samples", samples);
        l.put("growth", MemoryGrowth.of(samples));
        if (liveSetEvery > 0) {
            l.put("live_set", liveSet.report());
        }
        return l;
    }

    private static Map<String, Object> counts(RunStats stats, long[] expected, boolean sql) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("orders", stats.orders.sum());
        c.put("expected_orders", expected[OrderMix.Kind.VALID.ordinal()]);
        c.put("aggregates", stats.aggregates.sum());
        if (!sql) {
            Map<String, Long> dlq = new LinkedHashMap<>();
            stats.dlqByType.forEach((k, v) -> dlq.put(k, v.sum()));
            c.put("dlq", dlq);
            c.put("dlq_first_detail", new TreeMap<>(stats.firstDlqDetailByType));
        }
        return c;
    }

    long preload(String topic, OrderMix mix, long n) throws Exception {
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = producer(20, 512 * 1024)) {
            for (long i = 0; i < n; i++) {
                byte[] value = mix.record(i);
                bytes += value.length;
                producer.send(new ProducerRecord<>(topic, (int) (i % PARTITIONS), null, value));
            }
            producer.flush();
        }
        return bytes;
    }

    private KafkaProducer<byte[], byte[]> producer(int lingerMs, int batchBytes) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        p.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(lingerMs));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(batchBytes));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(256L * 1024 * 1024));
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    Map<String, String> jobProperties(String topic, String run, String stateBackend) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(KAFKA_BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
        p.put(KAFKA_TOPIC.key(), topic);
        p.put(KAFKA_GROUP_ID.key(), "bench-" + run);
        p.put(KAFKA_SECURITY.key(), "PLAINTEXT");
        // event-time.idleness stays at the job's default (1 min). The backlog spans 3 hours of event time,
        // and a reader hands over one partition's fetched records at a time: a split that waits behind its
        // siblings' longer than a short idleness is declared idle, the others run the watermark hours ahead,
        // and its orders go to the DLQ as late_arrival (CI saw 2,159 of 19,400 with 5 s; RELIABILITY.md).
        p.put(ENRICHMENT_API_URL.key(), customerApi.baseUrl().toString());
        p.put(ENRICHMENT_API_ALLOW_PLAINTEXT.key(), "true"); // a local server without credentials
        p.put(AWS_REGION.key(), "us-east-1");
        p.put(CHECKPOINT_INTERVAL.key(), settings.checkpointInterval.toMillis() + "ms");
        p.put(CHECKPOINT_MIN_PAUSE.key(), "1s");
        p.put(CHECKPOINT_RETAIN_ON_CANCEL.key(), "false");
        p.put(CHECKPOINT_DIR.key(), settings.workDir.toAbsolutePath().resolve("checkpoints").toUri().toString());
        p.put(STATE_BACKEND.key(), stateBackend);
        return p;
    }

    private Map<String, String> firehoseProperties(String run) {
        if (localStack == null) {
            localStack = LocalStack.start(settings.workDir.resolve("localstack"));
        }
        // LocalStack's dummy credentials, as the local run sets them (the job reads the runtime's chain).
        if (System.getProperty("aws.accessKeyId") == null) {
            System.setProperty("aws.accessKeyId", "test");
            System.setProperty("aws.secretAccessKey", "test");
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put(AWS_REGION.key(), localStack.region());
        p.put(AWS_ENDPOINT.key(), localStack.endpoint().toString());
        String[][] outputs = {{FIREHOSE_ORDERS_STREAM.key(), "orders"}, {FIREHOSE_AGGREGATES_STREAM.key(), "aggregates"},
                {FIREHOSE_DLQ_STREAM.key(), "dlq"}};
        for (String[] o : outputs) {
            String name = "bench-" + o[1] + "-" + run;
            localStack.createBucket(name);
            localStack.createDeliveryStream(name, name, "data/");
            p.put(o[0], name);
        }
        return p;
    }

    private long committedOffsets(String group, String topic) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        } catch (Exception e) {
            return 0;
        }
    }

    private CompletedCheckpointStats awaitCheckpointAfter(JobID job, long afterMillis, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (AbstractCheckpointStats c : snapshot(job).getHistory().getCheckpoints()) {
                if (c instanceof CompletedCheckpointStats done && c.getTriggerTimestamp() > afterMillis) {
                    return done;
                }
            }
            Thread.sleep(200);
        }
        return null;
    }

    private CheckpointStatsSnapshot snapshot(JobID job) throws Exception {
        return cluster.getExecutionGraph(job).get().getCheckpointStatsSnapshot();
    }

    private Map<String, Object> checkpointSummary(JobID job) throws Exception {
        AccessExecutionGraph graph = cluster.getExecutionGraph(job).get();
        CheckpointStatsSnapshot stats = graph.getCheckpointStatsSnapshot();
        List<Long> durations = new ArrayList<>();
        long maxState = 0;
        // Per stage, over the checkpoints Flink keeps in its history: the longest synchronous part (the
        // task thread stops processing for it), alignment and barrier start delay of any subtask.
        Map<String, long[]> stages = new TreeMap<>();
        for (AbstractCheckpointStats c : stats.getHistory().getCheckpoints()) {
            if (c instanceof CompletedCheckpointStats done) {
                durations.add(done.getEndToEndDuration());
                maxState = Math.max(maxState, done.getStateSize());
                for (TaskStateStats task : done.getAllTaskStateStats()) {
                    TaskStateStats.TaskStateStatsSummary summary = task.getSummaryStats();
                    long[] max = stages.computeIfAbsent(graph.getJobVertex(task.getJobVertexId()).getName(), k -> new long[3]);
                    max[0] = Math.max(max[0], summary.getSyncCheckpointDurationStats().getMaximum());
                    max[1] = Math.max(max[1], summary.getAlignmentDurationStats().getMaximum());
                    max[2] = Math.max(max[2], summary.getCheckpointStartDelayStats().getMaximum());
                }
            }
        }
        durations.sort(Long::compare);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("completed", stats.getCounts().getNumberOfCompletedCheckpoints());
        m.put("failed", stats.getCounts().getNumberOfFailedCheckpoints());
        FailedCheckpointStats lastFailed = stats.getHistory().getLatestFailedCheckpoint();
        if (lastFailed != null) {
            // Why a checkpoint failed, so that a failure in a benchmark run can be told from a defect.
            m.put("last_failed", Map.of("id", lastFailed.getCheckpointId(),
                    "failure_message", String.valueOf(lastFailed.getFailureMessage())));
        }
        m.put("duration_ms_median", durations.isEmpty() ? -1 : durations.get(durations.size() / 2));
        m.put("duration_ms_max", durations.isEmpty() ? -1 : durations.get(durations.size() - 1));
        m.put("state_size_mb_max", round(maxState / 1048576.0));
        m.put("history_checkpoints", durations.size());
        Map<String, Object> byStage = new LinkedHashMap<>();
        stages.forEach((stage, max) -> byStage.put(stage,
                Map.of("sync_ms_max", max[0], "alignment_ms_max", max[1], "start_delay_ms_max", max[2])));
        m.put("by_stage_in_history", byStage);
        return m;
    }

    /**
     * The latest completed checkpoint, with the longest synchronous part of any subtask (its task thread
     * processes nothing meanwhile; for RocksDB it includes flushing the memtables), to see it change over a soak.
     */
    private Map<String, Object> latestCheckpoint(JobID job) throws Exception {
        CompletedCheckpointStats latest = snapshot(job).getHistory().getLatestCompletedCheckpoint();
        if (latest == null) {
            return Map.of();
        }
        Map<String, Object> m = checkpoint(latest);
        m.put("sync_ms_max", latest.getAllTaskStateStats().stream()
                .mapToLong(t -> t.getSummaryStats().getSyncCheckpointDurationStats().getMaximum()).max().orElse(-1));
        return m;
    }

    private static Map<String, Object> checkpoint(CompletedCheckpointStats c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.getCheckpointId());
        m.put("duration_ms", c.getEndToEndDuration());
        m.put("state_size_mb", round(c.getStateSize() / 1048576.0));
        m.put("checkpointed_size_mb", round(c.getCheckpointedSize() / 1048576.0));
        return m;
    }

    private static void waitTerminal(JobClient client) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !client.getJobStatus().get().isGloballyTerminalState()) {
            Thread.sleep(100);
        }
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("max_heap_mb", Runtime.getRuntime().maxMemory() / 1048576);
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        try {
            m.put("cpu", Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).findFirst().map(l -> l.split(":", 2)[1].trim()).orElse("?"));
        } catch (Exception e) {
            m.put("cpu", "?");
        }
        return m;
    }

    static void deleteRecursively(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** 1-minute load average: other processes on the machine compete for the same cores. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static String json(Object o) throws Exception {
        return JSON.writeValueAsString(o);
    }

    private static void write(Path out, Object report) throws Exception {
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(out, json(report));
    }

    /** Heap, GC and CPU of this JVM (the MiniCluster runs in it; the Kafka broker is a separate process). */
    static final class Jvm {
        private final long gcMillis0;
        private final long gcCount0;
        private final long cpu0;
        private long peakHeap;

        private Jvm() {
            gcMillis0 = gcMillis();
            gcCount0 = gcCount();
            cpu0 = cpuNanos();
        }

        static Jvm start() {
            System.gc();
            return new Jvm();
        }

        void sample() {
            peakHeap = Math.max(peakHeap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }

        double cpuSeconds() {
            return (cpuNanos() - cpu0) / 1e9;
        }

        /** One point of the live phase's memory series. */
        Map<String, Object> memorySample(double seconds, long ordersOut) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("t_s", round(seconds));
            m.put("orders_out", ordersOut);
            m.put("heap_after_gc_mb", heapAfterLastGcMb());
            m.put("old_gen_after_gc_mb", oldGenAfterGcMb());
            m.put("heap_used_mb", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576);
            m.put("non_heap_used_mb", ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getUsed() / 1048576);
            m.put("rss_mb", rssMb());
            m.put("gc_seconds", round((gcMillis() - gcMillis0) / 1000.0));
            m.put("gc_collections", gcCount() - gcCount0);
            return m;
        }

        Map<String, Object> report() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("peak_heap_used_mb", peakHeap / 1048576);
            m.put("gc_seconds", round((gcMillis() - gcMillis0) / 1000.0));
            m.put("gc_collections", gcCount() - gcCount0);
            m.put("process_cpu_seconds", round(cpuSeconds()));
            m.put("rss_mb_at_end", rssMb());
            return m;
        }

        /** Heap in use right after the latest GC (young or old): the live set, the number that must not grow. */
        private static volatile long heapAfterLastGc = -1;

        static {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof javax.management.NotificationEmitter emitter) {
                    emitter.addNotificationListener((notification, handback) -> {
                        if (com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
                                .equals(notification.getType())) {
                            var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                                    (javax.management.openmbean.CompositeData) notification.getUserData());
                            heapAfterLastGc = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                                    .filter(e -> !e.getKey().contains("Metaspace") && !e.getKey().contains("CodeHeap")
                                            && !e.getKey().contains("Compressed Class"))
                                    .mapToLong(e -> e.getValue().getUsed()).sum();
                        }
                    }, null, null);
                }
            }
        }

        static long heapAfterLastGcMb() {
            return heapAfterLastGc < 0 ? -1 : heapAfterLastGc / 1048576;
        }

        static long oldGenAfterGcMb() {
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getName().contains("Old") && pool.getCollectionUsage() != null) {
                    return pool.getCollectionUsage().getUsed() / 1048576;
                }
            }
            return -1;
        }

        private static long gcMillis() {
            return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
        }

        private static long gcCount() {
            return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
        }

        private static long cpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }

        private static long rssMb() {
            try {
                return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS"))
                        .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(0) / 1024;
            } catch (Exception e) {
                return -1;
            }
        }
    }
}
