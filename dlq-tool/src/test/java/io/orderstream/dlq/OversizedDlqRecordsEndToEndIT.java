package io.orderstream.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderstream.harness.CustomerApiServer;
import io.orderstream.harness.Eventually;
import io.orderstream.harness.LocalDeployment;
import io.orderstream.harness.LocalFlinkCluster;
import io.orderstream.harness.SampleOrder;
import io.orderstream.harness.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * DLQ records too large for one Firehose record, with the real job, LocalStack's Firehose and S3 and
 * the real tool: 200 KB of NUL characters (valid UTF-8 that escapes to 1.2 MB) and a 1 MB record
 * larger than input.max-record-bytes. Before the job split such records, the DLQ sink failed the job
 * on them at every restart and nothing after them was delivered. Now each becomes parts that fit
 * Firehose, the order sent after them is delivered, and the tool gives back the payloads byte for byte.
 */
class OversizedDlqRecordsEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FIREHOSE_RECORD_LIMIT = 1_000 * 1024;
    private static final Duration WAIT = Duration.ofMinutes(2);

    @Test
    void oversizedDlqRecordsArriveAsPartsThatTheToolJoins() throws Exception {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        TestEnvironment env = TestEnvironment.get();
        LocalDeployment deployment = LocalDeployment.create("oversized", env.kafka(), env.localStack());
        byte[] nuls = new byte[200_000];
        byte[] tooLarge = new byte[1_000_000];
        new Random(5).nextBytes(tooLarge);
        Map<Long, byte[]> sentByOffset = new HashMap<>();
        try (CustomerApiServer api = CustomerApiServer.start();
             LocalFlinkCluster flink = LocalFlinkCluster.start(1, 2, 2, 0);
             KafkaProducer<byte[], byte[]> producer = producer(deployment.bootstrapServers())) {
            JobClient job = flink.submit(deployment.jobProperties(api.baseUrl()));
            // One partition, so that the order after them waits for both oversized records.
            for (byte[] payload : List.of(nuls, tooLarge)) {
                long offset = producer.send(new ProducerRecord<>(deployment.topic(), 0, null, payload)).get().offset();
                sentByOffset.put(offset, payload);
            }
            SampleOrder order = SampleOrder.random(new Random(6), "ORD-AFTER-OVERSIZED", "CUST-1",
                    System.currentTimeMillis(), "EUR");
            producer.send(new ProducerRecord<>(deployment.topic(), 0, null, order.toJson().getBytes(StandardCharsets.UTF_8))).get();

            Eventually.awaitPollingEverySecond("the order after the oversized records delivered", WAIT,
                    () -> deployment.orderLines().size() == 1, () -> deployment.orderLines().size() + " order lines");
            Eventually.awaitPollingEverySecond("both oversized records in the DLQ, as two parts each", WAIT,
                    () -> deployment.dlqLines().size() == 4, () -> deployment.dlqLines().size() + " DLQ lines");
            for (String line : deployment.dlqLines()) {
                assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(FIREHOSE_RECORD_LIMIT);
                assertThat(JSON.readTree(line).get("payload_part").get("count").asInt()).isEqualTo(2);
            }
            job.cancel().get();
        }

        Result list = tool("list", "--json", "--limit", "0", "--bucket", deployment.dlqBucket(),
                "--endpoint", env.localStack().endpoint().toString(), "--region", env.localStack().region());
        assertThat(list.code).as(list.err).isZero();
        assertThat(list.err).doesNotContain("cannot be joined");
        List<JsonNode> records = new ArrayList<>();
        for (String line : list.out.split("\n")) {
            if (!line.isBlank()) {
                records.add(JSON.readTree(line));
            }
        }
        assertThat(records).hasSize(2);
        for (JsonNode record : records) {
            assertThat(record.get("error_type").asText()).isEqualTo("parse_error");
            assertThat(record.has("payload_part")).isFalse();
            byte[] sent = sentByOffset.get(record.get("source").get("offset").asLong());
            assertThat(sent).as("a record the test sent").isNotNull();
            String payload = record.get("payload").asText();
            byte[] joined = record.get("payload_encoding").asText().equals("utf8")
                    ? payload.getBytes(StandardCharsets.UTF_8)
                    : Base64.getDecoder().decode(payload);
            assertThat(joined).as("payload of offset %s", record.get("source").get("offset")).isEqualTo(sent);
        }
    }

    private record Result(int code, String out, String err) {}

    private static Result tool(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new DlqCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.systemUTC(), k -> null, RateLimiter.Clock.SYSTEM).run(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
