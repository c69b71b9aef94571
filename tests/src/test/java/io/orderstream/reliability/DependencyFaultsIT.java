package io.orderstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderstream.harness.CustomerApiServer;
import io.orderstream.harness.Eventually;
import io.orderstream.harness.LocalDeployment;
import io.orderstream.harness.LocalFlinkCluster;
import io.orderstream.harness.SampleOrder;
import io.orderstream.harness.TestEnvironment;
import io.orderstream.harness.Toxiproxy;
import io.orderstream.harness.UnwritableDirectory;
import io.orderstream.job.config.ConfigKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Faults of the job's dependencies while it runs, each followed by recovery, without a restart:
 *
 * <ul>
 *   <li>the customer API behind Toxiproxy: latency, a bandwidth limit (the job backpressures and
 *       delivers everything), a connection that never answers (every order to the DLQ as
 *       {@code timeout}), connection resets and a full outage (every order to the DLQ as
 *       {@code external_api_error}), then healthy again (everything delivered);
 *   <li>an unwritable checkpoint location: checkpoints fail and are counted, processing continues
 *       within {@code checkpoint.tolerable-failures}, checkpoints complete again once it is
 *       writable.
 * </ul>
 *
 * Every customer is new (no cache hit hides a fault); each phase's records are all in an output
 * before the next fault, so each record's place is exact.
 */
class DependencyFaultsIT {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final int PER_PHASE = 40;

    @Test
    void customerApiFaultsBackpressureOrGoToTheDlqAsDesignedAndTheJobRecoversByItself() throws Exception {
        Assumptions.assumeTrue(Toxiproxy.binary() != null, "toxiproxy-server not installed (scripts/setup-toxiproxy.sh)");
        long started = System.nanoTime();
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        TestEnvironment env = TestEnvironment.get();
        LocalDeployment deployment = LocalDeployment.create("dependency-faults", env.kafka(), env.localStack());
        try (CustomerApiServer api = CustomerApiServer.start();
             Toxiproxy toxiproxy = Toxiproxy.start(env.workDir().resolve("toxiproxy"));
             LocalFlinkCluster flink = LocalFlinkCluster.start(1, 4, 2, 0);
             Producer producer = new Producer(deployment.bootstrapServers(), deployment.topic())) {
            Toxiproxy.Proxy proxy = toxiproxy.proxy("customer-api", "127.0.0.1", api.baseUrl().getPort());
            Map<String, String> props = deployment.jobProperties(proxy.rewrite(api.baseUrl()));
            props.put(ConfigKeys.WINDOW_SIZE.key(), "1min");
            props.put(ConfigKeys.WINDOW_ALLOWED_LATENESS.key(), "0s");
            props.put(ConfigKeys.ENRICHMENT_REQUEST_TIMEOUT.key(), "1s");
            props.put(ConfigKeys.ENRICHMENT_MAX_RETRIES.key(), "1");
            props.put(ConfigKeys.ENRICHMENT_TIMEOUT.key(), "5s");
            JobClient job = flink.submit(props);
            JobID jobId = job.getJobID();
            Outputs outputs = new Outputs(env.localStack(), deployment);

            long t0 = Instant.now().minus(Duration.ofHours(3)).toEpochMilli();
            t0 -= t0 % WINDOW.toMillis();
            Books books = new Books(WINDOW.toMillis());
            Random random = new Random(5);
            int[] next = {0};
            long step = 100;
            List<String> faults = new ArrayList<>();
            record Phase(String name, Consumer<Toxiproxy.Proxy> fault, String... outcomes) {}
            List<Phase> phases = List.of(
                    new Phase("healthy", p -> { }, Books.DELIVERED),
                    new Phase("latency 300 ms ± 100 ms", p -> p.latency(300, 100), Books.DELIVERED),
                    new Phase("bandwidth 1 KB/s", p -> p.bandwidth(1), Books.DELIVERED),
                    new Phase("no answer (timeout toxic)", p -> p.timeout(0), "timeout"),
                    new Phase("connection reset", p -> p.resetPeer(0), "external_api_error"),
                    new Phase("full outage (connection refused)", p -> p.enable(false), "external_api_error"),
                    new Phase("healthy again", p -> { }, Books.DELIVERED));
            for (Phase phase : phases) {
                proxy.heal();
                phase.fault().accept(proxy);
                if (!phase.name().startsWith("healthy")) {
                    faults.add(phase.name());
                }
                long t = t0;
                for (int k = 0; k < PER_PHASE; k++) {
                    int i = next[0]++;
                    SampleOrder o = SampleOrder.random(random, "ORD-T" + i, "CUST-T" + i, t + i * step, "USD");
                    producer.send(o.orderId, HostileCorpus.utf8(o.toJson()), pos -> books.expect(pos, o, phase.outcomes()));
                }
                producer.flush();
                Eventually.awaitPollingEverySecond("phase '" + phase.name() + "' in the outputs", WAIT,
                        () -> books.check(outputs.orders(), outputs.dlq()).problems().isEmpty(),
                        () -> "phase " + phase.name() + ": " + books.check(outputs.orders(), outputs.dlq()).problems());
            }
            proxy.heal();
            FaultRun.Checked checked = FaultRun.closeWindowsAndCheck(producer, books, outputs, random, "ORD-TBUMP-",
                    t0 + 20 * WINDOW.toMillis(), WAIT);
            assertThat(flink.hasRestarted(jobId)).as("a dependency fault restarted the job").isFalse();
            job.cancel().get();

            Map<String, Object> row = FaultRun.row(faults.size(), books, checked,
                    books.size() - checked.check().delivered(), // sent to the DLQ by the faults
                    started, "customer API via Toxiproxy: " + String.join(", ", faults) + "; outcomes "
                            + checked.check().byPlace());
            Report.record("customer_api_faults_toxiproxy", row);
        }
    }

    /**
     * Firehose (LocalStack) behind Toxiproxy: latency, a bandwidth limit, connection resets and a
     * full outage. Network trouble is retried by the sink (backpressure), never sent to the DLQ:
     * every order must be delivered once the fault is gone, and the aggregates must be exact.
     */
    @Test
    void firehoseFaultsAreBackpressureAndNothingIsLost() throws Exception {
        Assumptions.assumeTrue(Toxiproxy.binary() != null, "toxiproxy-server not installed (scripts/setup-toxiproxy.sh)");
        long started = System.nanoTime();
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        TestEnvironment env = TestEnvironment.get();
        LocalDeployment deployment = LocalDeployment.create("firehose-faults", env.kafka(), env.localStack());
        try (CustomerApiServer api = CustomerApiServer.start();
             Toxiproxy toxiproxy = Toxiproxy.start(env.workDir().resolve("toxiproxy-firehose"));
             LocalFlinkCluster flink = LocalFlinkCluster.start(1, 4, 2, 0);
             Producer producer = new Producer(deployment.bootstrapServers(), deployment.topic())) {
            Toxiproxy.Proxy proxy = toxiproxy.proxy("firehose", "127.0.0.1", env.localStack().endpoint().getPort());
            Map<String, String> props = deployment.jobProperties(api.baseUrl());
            props.put(ConfigKeys.WINDOW_SIZE.key(), "1min");
            props.put(ConfigKeys.WINDOW_ALLOWED_LATENESS.key(), "0s");
            props.put(ConfigKeys.AWS_ENDPOINT.key(), proxy.rewrite(env.localStack().endpoint()).toString());
            props.put(ConfigKeys.METRICS_ENABLED.key(), "false");
            JobClient job = flink.submit(props);
            JobID jobId = job.getJobID();
            Outputs outputs = new Outputs(env.localStack(), deployment);
            long t0 = Instant.now().minus(Duration.ofHours(3)).toEpochMilli();
            t0 -= t0 % WINDOW.toMillis();
            Books books = new Books(WINDOW.toMillis());
            Random random = new Random(13);
            List<String> faults = new ArrayList<>();
            int i = 0;
            for (FaultRun.Fault fault : List.of(
                    new FaultRun.Fault("latency 500 ms", p -> p.latency(500, 100), Duration.ofSeconds(3)),
                    new FaultRun.Fault("bandwidth 16 KB/s", p -> p.bandwidth(16), Duration.ofSeconds(3)),
                    new FaultRun.Fault("connection reset", p -> p.resetPeer(0), Duration.ofSeconds(4)),
                    new FaultRun.Fault("full outage 10 s", p -> p.enable(false), Duration.ofSeconds(10)))) {
                fault.apply().accept(proxy);
                faults.add(fault.name());
                for (int k = 0; k < 150; k++, i++) {
                    SampleOrder o = SampleOrder.random(random, "ORD-F" + i, "CUST-" + random.nextInt(40), t0 + i * 200L, "GBP");
                    producer.send(o.orderId, HostileCorpus.utf8(o.toJson()), pos -> books.expect(pos, o, Books.DELIVERED));
                }
                producer.flush();
                Thread.sleep(fault.hold().toMillis());
                proxy.heal();
                Eventually.awaitPollingEverySecond("delivery after '" + fault.name() + "'", WAIT,
                        () -> books.check(outputs.orders(), outputs.dlq()).problems().isEmpty(),
                        () -> books.check(outputs.orders(), outputs.dlq()).problems().size() + " not yet delivered");
            }
            FaultRun.Checked checked = FaultRun.closeWindowsAndCheck(producer, books, outputs, random, "ORD-FBUMP-",
                    t0 + 20 * WINDOW.toMillis(), WAIT);
            boolean restarted = flink.hasRestarted(jobId);
            job.cancel().get();

            Map<String, Object> row = FaultRun.row(faults.size(), books, checked, 0, started,
                    "Firehose (LocalStack) via Toxiproxy: " + String.join(", ", faults) + "; all delivered, "
                    + checked.check().duplicatesInOutputs() + " duplicate output lines (at-least-once, deduplicated by position); job "
                    + (restarted ? "restarted (restore from checkpoint)" : "did not restart (backpressure only)"));
            Report.record("firehose_faults_toxiproxy", row);
        }
    }

    @Test
    void anUnwritableCheckpointLocationFailsCheckpointsButNotProcessingAndRecovers() throws Exception {
        long started = System.nanoTime();
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        TestEnvironment env = TestEnvironment.get();
        LocalDeployment deployment = LocalDeployment.create("checkpoint-fault", env.kafka(), env.localStack());
        Path dir = Files.createDirectories(env.workDir().resolve("checkpoints-fault-" + System.currentTimeMillis()));
        UnwritableDirectory unwritable = null;
        try (CustomerApiServer api = CustomerApiServer.start();
             LocalFlinkCluster flink = LocalFlinkCluster.start(1, 4, 2, 0);
             Producer producer = new Producer(deployment.bootstrapServers(), deployment.topic())) {
            Map<String, String> props = deployment.jobProperties(api.baseUrl());
            props.put(ConfigKeys.CHECKPOINT_DIR.key(), dir.toUri().toString());
            props.put(ConfigKeys.CHECKPOINT_INTERVAL.key(), "1s");
            props.put(ConfigKeys.CHECKPOINT_TOLERABLE_FAILURES.key(), "1000");
            JobClient job = flink.submit(props);
            JobID jobId = job.getJobID();
            Outputs outputs = new Outputs(env.localStack(), deployment);
            Books books = new Books(WINDOW.toMillis());
            Random random = new Random(9);
            long t0 = Instant.now().minus(Duration.ofHours(2)).toEpochMilli();
            Eventually.awaitPollingEverySecond("a first checkpoint", WAIT, () -> checkpoints(flink, jobId) > 0, () -> "none");

            unwritable = UnwritableDirectory.of(dir);
            long failedBefore = flink.failedCheckpoints(jobId);
            send(producer, books, random, "ORD-C1-", 200, t0);
            Eventually.awaitPollingEverySecond("failed checkpoints while unwritable, and records still processed", WAIT,
                    () -> failed(flink, jobId) >= failedBefore + 2 && books.check(outputs.orders(), outputs.dlq()).problems().isEmpty(),
                    () -> "failed checkpoints " + failed(flink, jobId) + "; " + books.check(outputs.orders(), outputs.dlq()).problems().size() + " records not yet out");
            long failedWhileUnwritable = failed(flink, jobId) - failedBefore;

            unwritable.restore();
            long completedBefore = checkpoints(flink, jobId);
            send(producer, books, random, "ORD-C2-", 200, t0 + 60_000);
            Eventually.awaitPollingEverySecond("checkpoints complete again once writable", WAIT,
                    () -> checkpoints(flink, jobId) >= completedBefore + 2 && books.check(outputs.orders(), outputs.dlq()).problems().isEmpty(),
                    () -> "completed " + checkpoints(flink, jobId) + " (before " + completedBefore + ")");
            assertThat(flink.hasRestarted(jobId)).as("failed checkpoints within the tolerance restart nothing").isFalse();
            Books.Check check = books.check(outputs.orders(), outputs.dlq());
            books.assertExactlyOnePlace(check);
            job.cancel().get();

            Map<String, Object> row = new LinkedHashMap<>();
            row.put("faults injected", 1);
            row.put("records checked", books.size());
            row.put("orders lost", books.size() - check.delivered());
            row.put("double-counted in aggregates", "-");
            row.put("hostile records tried", 0);
            row.put("job restarts caused by input", 0);
            row.put("runtime", Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
            row.put("notes", "checkpoint dir unwritable: " + failedWhileUnwritable + " checkpoints failed and were counted, no restart"
                    + " (checkpoint.tolerable-failures 1000 in the test; 3 by default, i.e. a restart after ~3 intervals of an"
                    + " unwritable location in production); checkpoints completed again once writable");
            Report.record("checkpoint_location_unwritable", row);
        } finally {
            if (unwritable != null) {
                unwritable.restore();
            }
        }
    }

    private static void send(Producer producer, Books books, Random random, String prefix, int n, long t0) {
        for (int i = 0; i < n; i++) {
            SampleOrder o = SampleOrder.random(random, prefix + i, "CUST-" + random.nextInt(20), t0 + i * 100L, "EUR");
            producer.send(o.orderId, HostileCorpus.utf8(o.toJson()), pos -> books.expect(pos, o, Books.DELIVERED));
        }
        producer.flush();
    }

    private static long checkpoints(LocalFlinkCluster flink, JobID job) {
        try {
            return flink.completedCheckpoints(job);
        } catch (Exception e) {
            return -1;
        }
    }

    private static long failed(LocalFlinkCluster flink, JobID job) {
        try {
            return flink.failedCheckpoints(job);
        } catch (Exception e) {
            return -1;
        }
    }
}
