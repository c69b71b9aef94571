package io.orderstream.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderstream.harness.CustomerApiServer;
import io.orderstream.harness.LocalDeployment;
import io.orderstream.harness.LocalFlinkCluster;
import io.orderstream.harness.SampleOrder;
import io.orderstream.harness.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay loop of an incident, with the real job and the real tool: the customer API fails, the
 * job parks orders in the DLQ as external_api_error; the API is fixed; the tool replays them and the
 * job delivers each exactly once, marked with {@code replay_of}; replaying the same DLQ records again
 * delivers nothing twice (they come back as duplicate).
 */
class ReplayEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARKED = 5;

    @TempDir
    Path tmp;

    @Test
    void parkedOrdersAreDeliveredOnceAfterReplay() throws Exception {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        TestEnvironment env = TestEnvironment.get();
        LocalDeployment deployment = LocalDeployment.create("replay", env.kafka(), env.localStack());
        try (CustomerApiServer api = CustomerApiServer.start();
             LocalFlinkCluster flink = LocalFlinkCluster.start(1, 2, 2, 0);
             KafkaProducer<byte[], byte[]> producer = producer(deployment.bootstrapServers())) {
            api.failWith("CUST-OUTAGE", 503);
            JobClient job = flink.submit(deployment.jobProperties(api.baseUrl()));

            Random random = new Random(11);
            long now = System.currentTimeMillis();
            for (int i = 0; i < PARKED; i++) {
                SampleOrder order = SampleOrder.random(random, "ORD-PARKED-" + i, "CUST-OUTAGE", now - 1_000 + i, "EUR");
                producer.send(new ProducerRecord<>(deployment.topic(), bytes(order.orderId), bytes(order.toJson()))).get();
            }
            await("orders parked in the DLQ", () -> deployment.dlqLines().size() == PARKED);
            assertThat(deployment.dlqLines()).allSatisfy(l -> assertThat(field(l, "error_type")).isEqualTo("external_api_error"));

            api.clearFaults();
            assertThat(tool("replay", "--execute", "--type", "external_api_error", "--bucket", deployment.dlqBucket(),
                    "--endpoint", env.localStack().endpoint().toString(), "--region", env.localStack().region(),
                    "--bootstrap-servers", deployment.bootstrapServers(), "--kafka-security", "PLAINTEXT",
                    "--topic", deployment.topic(), "--report", tmp.resolve("first.json").toString())).isZero();
            await("replayed orders delivered", () -> deployment.orderLines().size() == PARKED);
            assertThat(deployment.orderLines()).allSatisfy(l -> assertThat(field(l, "replay_of")).startsWith(deployment.topic() + "-"));

            // The same DLQ records again: the job has delivered them, so they come back as duplicates.
            assertThat(tool("replay", "--execute", "--type", "external_api_error", "--bucket", deployment.dlqBucket(),
                    "--endpoint", env.localStack().endpoint().toString(), "--region", env.localStack().region(),
                    "--bootstrap-servers", deployment.bootstrapServers(), "--kafka-security", "PLAINTEXT",
                    "--topic", deployment.topic(), "--report", tmp.resolve("second.json").toString())).isZero();
            await("second replay rejected as duplicates", () -> deployment.dlqLines().size() == 2 * PARKED);
            Thread.sleep(2_000);
            assertThat(deployment.orderLines()).hasSize(PARKED);
            List<String> duplicates = deployment.dlqLines().stream()
                    .filter(l -> field(l, "error_type").equals("duplicate")).toList();
            assertThat(duplicates).hasSize(PARKED)
                    .allSatisfy(l -> assertThat(field(l, "replay_of")).isNotEmpty());
            job.cancel().get();
        }
    }

    private static int tool(String... args) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        return new DlqCommand(new PrintStream(sink, true, StandardCharsets.UTF_8), new PrintStream(sink, true, StandardCharsets.UTF_8),
                Clock.systemUTC(), k -> null, RateLimiter.Clock.SYSTEM).run(args);
    }

    private static String field(String line, String name) {
        try {
            JsonNode node = JSON.readTree(line).get(name);
            return node == null ? "" : node.asText();
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting for " + what).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
