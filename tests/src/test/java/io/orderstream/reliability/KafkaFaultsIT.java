package io.orderstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderstream.harness.CustomerApiServer;
import io.orderstream.harness.Eventually;
import io.orderstream.harness.KafkaBroker;
import io.orderstream.harness.LocalDeployment;
import io.orderstream.harness.LocalFlinkCluster;
import io.orderstream.harness.SampleOrder;
import io.orderstream.harness.TestEnvironment;
import io.orderstream.harness.Toxiproxy;
import io.orderstream.job.config.ConfigKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Faults between the job (and the producer) and Kafka: a broker of its own that advertises a
 * Toxiproxy port, so every connection after bootstrap goes through the proxy. Latency, a bandwidth
 * limit, connection resets and a 15 s outage, each while orders are being produced; after each the
 * job catches up by itself: every order delivered exactly once (by Kafka position), aggregates exact.
 */
class KafkaFaultsIT {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration WAIT = Duration.ofSeconds(75);
    /** How long the sends of a fault may take once it is healed (the producer's own max.block.ms is 60 s). */
    private static final Duration SEND_AFTER_HEAL = Duration.ofSeconds(90);

    @Test
    void kafkaLatencyBandwidthResetsAndOutageAreRiddenOutWithoutLoss() throws Exception {
        Assumptions.assumeTrue(Toxiproxy.binary() != null, "toxiproxy-server not installed (scripts/setup-toxiproxy.sh)");
        long started = System.nanoTime();
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        TestEnvironment env = TestEnvironment.get();
        try (Toxiproxy toxiproxy = Toxiproxy.start(env.workDir().resolve("toxiproxy-kafka"))) {
            Toxiproxy.Proxy[] proxy = new Toxiproxy.Proxy[1];
            KafkaBroker kafka = KafkaBroker.startBehindProxy(env.workDir().resolve("kafka-proxied"),
                    brokerPort -> (proxy[0] = toxiproxy.proxy("kafka", "127.0.0.1", brokerPort)).port());
            try {
                run(env, kafka, proxy[0], started);
            } finally {
                kafka.close();
            }
        }
    }

    private static void run(TestEnvironment env, KafkaBroker kafka, Toxiproxy.Proxy proxy, long started) throws Exception {
        LocalDeployment deployment = LocalDeployment.create("kafka-faults", kafka, env.localStack());
        ExecutorService sender = Executors.newSingleThreadExecutor(r -> new Thread(r, "kafka-faults-sender"));
        try (CustomerApiServer api = CustomerApiServer.start();
             LocalFlinkCluster flink = LocalFlinkCluster.start(1, 4, 2, 0);
             Producer producer = new Producer(kafka.advertisedServers(), deployment.topic())) {
            Map<String, String> props = deployment.jobProperties(api.baseUrl());
            props.put(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.key(), kafka.advertisedServers());
            props.put(ConfigKeys.WINDOW_SIZE.key(), "1min");
            props.put(ConfigKeys.WINDOW_ALLOWED_LATENESS.key(), "0s");
            props.put(ConfigKeys.SOURCE_IDLENESS.key(), "1min");
            JobClient job = flink.submit(props);
            JobID jobId = job.getJobID();
            Outputs outputs = new Outputs(env.localStack(), deployment);
            long threeHoursAgo = Instant.now().minus(Duration.ofHours(3)).toEpochMilli();
            long t0 = threeHoursAgo - threeHoursAgo % WINDOW.toMillis();
            Books books = new Books(WINDOW.toMillis());
            Random random = new Random(17);
            List<String> faults = new ArrayList<>();
            int[] i = {0};
            send(producer, books, random, i, t0, 100);
            producer.flush();
            for (FaultRun.Fault fault : List.of(
                    new FaultRun.Fault("latency 300 ms", p -> p.latency(300, 50), Duration.ofSeconds(5)),
                    new FaultRun.Fault("bandwidth 32 KB/s", p -> p.bandwidth(32), Duration.ofSeconds(5)),
                    new FaultRun.Fault("connection reset", p -> p.resetPeer(0), Duration.ofSeconds(5)),
                    new FaultRun.Fault("full outage 15 s", p -> p.enable(false), Duration.ofSeconds(15)))) {
                fault.apply().accept(proxy);
                faults.add(fault.name());
                // Sent from a thread of its own so that the fault ends after its hold whatever the sends do:
                // with every connection broken, the producer re-bootstraps (Kafka 4's metadata.recovery.strategy)
                // and send() blocks for metadata until the broker is reachable again. Sent from this thread,
                // the fault was held max.block.ms per record (60 s x 150) and CI ran out of time.
                Future<?> sending = sender.submit(() -> send(producer, books, random, i, t0, 150));
                Thread.sleep(fault.hold().toMillis());
                proxy.heal();
                sending.get(SEND_AFTER_HEAL.toSeconds(), TimeUnit.SECONDS);
                producer.flush();
                Eventually.awaitPollingEverySecond("delivery after '" + fault.name() + "'", WAIT,
                        () -> books.check(outputs.orders(), outputs.dlq()).problems().isEmpty(),
                        () -> books.check(outputs.orders(), outputs.dlq()).problems().size() + " not yet delivered; job "
                                + status(flink, jobId) + ", restarted " + restarted(flink, jobId) + ", outputs " + outputs.orders().size()
                                + "/" + outputs.dlq().size());
            }
            FaultRun.Checked checked = FaultRun.closeWindowsAndCheck(producer, books, outputs, random, "ORD-KBUMP-",
                    t0 + 20 * WINDOW.toMillis(), WAIT);
            assertThat(checked.check().delivered()).isEqualTo(books.size());
            boolean restarted = flink.hasRestarted(jobId);
            job.cancel().get();

            Map<String, Object> row = FaultRun.row(faults.size(), books, checked, 0, started,
                    "Kafka (job and producer) via Toxiproxy: " + String.join(", ", faults) + "; all delivered, "
                    + checked.check().duplicatesInOutputs() + " duplicate output lines; job "
                    + (restarted ? "restarted (restore from checkpoint)" : "did not restart"));
            Report.record("kafka_faults_toxiproxy", row);
        } finally {
            sender.shutdownNow();
        }
    }

    private static String status(LocalFlinkCluster flink, JobID job) {
        try {
            return String.valueOf(flink.status(job));
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static boolean restarted(LocalFlinkCluster flink, JobID job) {
        try {
            return flink.hasRestarted(job);
        } catch (Exception e) {
            return false;
        }
    }

    private static void send(Producer producer, Books books, Random random, int[] i, long t0, int n) {
        for (int k = 0; k < n; k++, i[0]++) {
            SampleOrder o = SampleOrder.random(random, "ORD-K" + i[0], "CUST-" + random.nextInt(40), t0 + i[0] * 200L, "EUR");
            producer.send(o.orderId, HostileCorpus.utf8(o.toJson()), pos -> books.expect(pos, o, Books.DELIVERED));
        }
    }
}
