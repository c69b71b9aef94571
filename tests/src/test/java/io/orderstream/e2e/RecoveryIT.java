package io.orderstream.e2e;

import static io.orderstream.e2e.OrderProducer.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderstream.harness.CustomerApiServer;
import io.orderstream.harness.Eventually;
import io.orderstream.harness.LocalDeployment;
import io.orderstream.harness.LocalFlinkCluster;
import io.orderstream.harness.SampleOrder;
import io.orderstream.harness.TestEnvironment;
import io.orderstream.job.config.ConfigKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;

/**
 * The TaskManager running the job is killed mid-stream, after a checkpoint and with windows half
 * full; the job restores from its last checkpoint on a new TaskManager. Kafka offsets and all state
 * (dedup, windows) come back as one snapshot, so no order is lost, none is counted twice, and no
 * replayed order is mistaken for a duplicate.
 */
class RecoveryIT {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final int ORDERS = 3000;

    @Test
    void aggregatesStayExactWhenTheTaskManagerIsLost() throws Exception {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        TestEnvironment env = TestEnvironment.get();
        LocalDeployment deployment = LocalDeployment.create("recovery", env.kafka(), env.localStack());
        try (CustomerApiServer api = CustomerApiServer.start();
             LocalFlinkCluster flink = LocalFlinkCluster.start(1, 2, 2, 0);
             OrderProducer producer = new OrderProducer(deployment.bootstrapServers(), deployment.topic())) {
            Map<String, String> props = deployment.jobProperties(api.baseUrl());
            props.put(ConfigKeys.WINDOW_SIZE.key(), "1min");
            props.put(ConfigKeys.WINDOW_ALLOWED_LATENESS.key(), "0s");
            props.put(ConfigKeys.CHECKPOINT_INTERVAL.key(), "1s");
            JobClient job = flink.submit(props);
            JobID jobId = job.getJobID();

            long t0 = Instant.now().minus(Duration.ofHours(3)).toEpochMilli();
            t0 -= t0 % WINDOW.toMillis();
            Ledger ledger = new Ledger(WINDOW.toMillis());
            Random random = new Random(7);
            long step = 5 * WINDOW.toMillis() / ORDERS;
            for (int i = 0; i < ORDERS; i++) {
                if (i == ORDERS / 2) {
                    long checkpointsBefore = flink.completedCheckpoints(jobId);
                    Eventually.await("a checkpoint with orders in state", WAIT,
                            () -> checkpoints(flink, jobId) > checkpointsBefore + 1
                                    && deployment.orderLines().size() > ORDERS / 4,
                            () -> "checkpoints " + checkpoints(flink, jobId) + ", delivered " + deployment.orderLines().size());
                    flink.killTaskManager(0);
                    flink.addTaskManager();
                }
                String currency = List.of("USD", "EUR", "GBP").get(random.nextInt(3));
                SampleOrder order = SampleOrder.random(random, "ORD-R" + i, "CUST-" + random.nextInt(50),
                        t0 + i * step, currency);
                ledger.expectDelivered(producer.send(order.orderId, bytes(order.toJson())), order, false);
            }
            for (int p = 0; p < LocalDeployment.PARTITIONS; p++) {
                SampleOrder bump = SampleOrder.random(random, "ORD-RBUMP-" + p, "CUST-1", t0 + 10 * WINDOW.toMillis(), "USD");
                ledger.expectDelivered(producer.sendToPartition(p, bump.orderId, bytes(bump.toJson())), bump, false);
            }

            Map<String, Ledger.ExpectedWindow> expected = ledger.expectedWindows();
            expected.remove(io.orderstream.job.aggregate.WindowIds.of(t0 + 10 * WINDOW.toMillis()));
            Eventually.await("every order delivered and every window emitted", WAIT,
                    () -> Ledger.byPosition(deployment.orderLines()).size() == ledger.count(Ledger.DELIVERED)
                            && Ledger.latestAggregates(deployment.aggregateLines()).keySet().containsAll(expected.keySet()),
                    () -> "delivered " + Ledger.byPosition(deployment.orderLines()).size()
                            + ", windows " + Ledger.latestAggregates(deployment.aggregateLines()).keySet());
            Thread.sleep(2_000);

            assertThat(flink.hasRestarted(jobId)).as("the job failed and restored").isTrue();
            ledger.assertEveryRecordInExactlyOnePlace(deployment.orderLines(), deployment.dlqLines());
            Map<String, JsonNode> aggregates = Ledger.latestAggregates(deployment.aggregateLines());
            assertThat(aggregates.keySet()).isEqualTo(expected.keySet());
            expected.forEach((windowId, window) -> window.assertMatches(windowId, aggregates.get(windowId)));
            job.cancel().get();
        }
    }

    private static long checkpoints(LocalFlinkCluster flink, JobID job) {
        try {
            return flink.completedCheckpoints(job);
        } catch (Exception e) {
            return -1;
        }
    }
}
