package io.orderstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderstream.harness.CustomerApiServer;
import io.orderstream.harness.Eventually;
import io.orderstream.harness.LocalDeployment;
import io.orderstream.harness.LocalFlinkCluster;
import io.orderstream.harness.SampleOrder;
import io.orderstream.harness.TestEnvironment;
import io.orderstream.job.config.ConfigKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;

/**
 * A record whose event_time lies far in the future is rejected by validation (event_time_in_future)
 * and must not move the watermark: one such record per partition, from a producer with a wrong clock
 * or on purpose, would otherwise put every later on-time order in a window "closed for good" and send
 * it to the DLQ as late_arrival. The source's timestamp assigner ignores event times more than the
 * contract's 5 minutes ahead, so the on-time orders after the poison are delivered.
 */
class PoisonWatermarkIT {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private static long checkpoints(LocalFlinkCluster flink, JobClient job) {
        try {
            return flink.completedCheckpoints(job.getJobID());
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void aFutureEventTimeThatValidationRejectsDoesNotMoveTheWatermark() throws Exception {
        long started = System.nanoTime();
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        TestEnvironment env = TestEnvironment.get();
        LocalDeployment deployment = LocalDeployment.create("poison-watermark", env.kafka(), env.localStack());
        try (CustomerApiServer api = CustomerApiServer.start();
             LocalFlinkCluster flink = LocalFlinkCluster.start(1, 4, 2, 0);
             Producer producer = new Producer(deployment.bootstrapServers(), deployment.topic())) {
            Map<String, String> props = deployment.jobProperties(api.baseUrl());
            props.put(ConfigKeys.WINDOW_SIZE.key(), "1min");
            props.put(ConfigKeys.WINDOW_ALLOWED_LATENESS.key(), "5min");
            props.put(ConfigKeys.SOURCE_IDLENESS.key(), "1min");
            JobClient job = flink.submit(props);
            Outputs outputs = new Outputs(env.localStack(), deployment);
            Books books = new Books(WINDOW.toMillis());
            Random random = new Random(3);
            long t0 = Instant.now().minus(Duration.ofHours(1)).toEpochMilli();
            for (int p = 0; p < LocalDeployment.PARTITIONS; p++) {
                SampleOrder before = SampleOrder.random(random, "ORD-PW-A" + p, "CUST-1", t0 + p, "USD");
                producer.sendTo(p, before.orderId, HostileCorpus.utf8(before.toJson()), pos -> books.expect(pos, before, Books.DELIVERED));
            }
            long future = Instant.now().plus(Duration.ofDays(365)).toEpochMilli();
            for (int p = 0; p < LocalDeployment.PARTITIONS; p++) {
                SampleOrder poison = SampleOrder.random(random, "ORD-PW-POISON" + p, "CUST-2", future, "USD");
                producer.sendTo(p, poison.orderId, HostileCorpus.utf8(poison.toJson()),
                        pos -> books.expect(pos, null, "validation_error/event_time_in_future"));
            }
            producer.flush();
            Eventually.awaitPollingEverySecond("the future records in the DLQ", Duration.ofMinutes(3),
                    () -> books.check(outputs.orders(), outputs.dlq()).byPlace().getOrDefault("nowhere", 0L) == 0,
                    () -> books.check(outputs.orders(), outputs.dlq()).byPlace() + "; job " + job.getJobStatus().join()
                            + ", checkpoints " + checkpoints(flink, job));
            Thread.sleep(2_000); // periodic watermarks reach every operator
            // Ten seconds after the first orders: on time by any measure (allowed lateness 5 min).
            for (int p = 0; p < LocalDeployment.PARTITIONS; p++) {
                SampleOrder after = SampleOrder.random(random, "ORD-PW-B" + p, "CUST-3", t0 + 10_000 + p, "USD");
                producer.sendTo(p, after.orderId, HostileCorpus.utf8(after.toJson()), pos -> books.expect(pos, after, Books.DELIVERED));
            }
            producer.flush();
            Eventually.awaitPollingEverySecond("every record in an output", Duration.ofMinutes(2),
                    () -> books.check(outputs.orders(), outputs.dlq()).byPlace().getOrDefault("nowhere", 0L) == 0,
                    () -> books.check(outputs.orders(), outputs.dlq()).byPlace().toString());
            Books.Check check = books.check(outputs.orders(), outputs.dlq());
            assertThat(check.problems()).as("on-time orders after a future event_time are delivered")
                    .isEmpty();
            job.cancel().get();

            Map<String, Object> row = new LinkedHashMap<>();
            row.put("faults injected", 0);
            row.put("records checked", books.size());
            row.put("orders lost", "-");
            row.put("double-counted in aggregates", "-");
            row.put("hostile records tried", LocalDeployment.PARTITIONS);
            row.put("job restarts caused by input", 0);
            row.put("runtime", Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
            row.put("notes", LocalDeployment.PARTITIONS + " records with event_time one year ahead went to the DLQ"
                    + " (event_time_in_future) without moving the watermark; the " + LocalDeployment.PARTITIONS
                    + " on-time orders after them were delivered; outcomes " + check.byPlace());
            Report.record("poison_watermark_future_event_time", row);
        }
    }
}
