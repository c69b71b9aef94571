package io.orderstream.drills;

import io.orderstream.harness.LocalDeployment;
import io.orderstream.harness.LocalFlinkCluster;
import io.orderstream.harness.TestEnvironment;
import io.orderstream.harness.Toxiproxy;
import io.orderstream.job.config.ConfigKeys;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.core.execution.JobClient;

/**
 * The drills' second job, for the faults the first one cannot take: its watermark starts afresh (a running job's
 * never moves back, so a watermark minutes behind needs a new job) and its Firehose calls go through Toxiproxy (a
 * slow Firehose makes checkpoints slow, while the first job's short checkpoint timeout would only fail them).
 *
 * <p>It has its own topic, consumer group and delivery streams, and publishes to the same CloudWatch namespace as
 * the first job, as two jobs of one deployment would: the alarms see the maximum over both. Its traffic holds
 * partition 0 six minutes back from the first order until {@link Traffic#release()}.
 */
final class SecondJob implements AutoCloseable {
    static final Duration HELD_BACK = Duration.ofMinutes(6);

    private final Toxiproxy toxiproxy;
    private final Toxiproxy.Proxy firehose;
    private final JobClient job;
    private final Traffic traffic;

    private SecondJob(Toxiproxy toxiproxy, Toxiproxy.Proxy firehose, JobClient job, Traffic traffic) {
        this.toxiproxy = toxiproxy;
        this.firehose = firehose;
        this.job = job;
        this.traffic = traffic;
    }

    /**
     * Creates the second deployment in {@code monitoring}'s LocalStack and starts the job on {@code flink} with
     * {@code drillProperties} (the drills' common settings for a deployment) plus its own.
     */
    static SecondJob start(DrillMonitoring monitoring, LocalFlinkCluster flink, Function<LocalDeployment, Map<String, String>> drillProperties)
            throws Exception {
        TestEnvironment env = TestEnvironment.get();
        LocalDeployment deployment = LocalDeployment.create("drills-second", env.kafka(), monitoring.localStack());
        Toxiproxy toxiproxy = Toxiproxy.start(env.workDir().resolve("drills-toxiproxy"));
        try {
            Toxiproxy.Proxy firehose = toxiproxy.proxy("firehose", "127.0.0.1", monitoring.localStack().endpoint().getPort());
            Map<String, String> p = drillProperties.apply(deployment);
            // Firehose (and the start-up secret read) through the proxy, CloudWatch straight to LocalStack.
            p.put(ConfigKeys.AWS_ENDPOINT.key(), firehose.rewrite(monitoring.localStack().endpoint()).toString());
            p.put(ConfigKeys.METRICS_ENDPOINT.key(), monitoring.localStack().endpoint().toString());
            // One PutRecordBatch in flight per sink subtask: while it waits for its answer the sink's buffer timer
            // blocks the task, and a barrier passes the sink only once it is answered. Slow checkpoints must
            // complete, not expire.
            p.put(ConfigKeys.FIREHOSE_MAX_IN_FLIGHT.key(), "1");
            p.put(ConfigKeys.CHECKPOINT_TIMEOUT.key(), "3min");
            JobClient job = flink.submit(p);
            Traffic traffic = Traffic.holdingBack(deployment.bootstrapServers(), deployment.topic(), Duration.ofMillis(200),
                    0, HELD_BACK);
            return new SecondJob(toxiproxy, firehose, job, traffic);
        } catch (Exception | Error e) {
            toxiproxy.close();
            throw e;
        }
    }

    Traffic traffic() {
        return traffic;
    }

    /** Every Firehose answer {@code latency} late (under the SDK's 30-s read timeout: slow, not failing). */
    void slowFirehose(Duration latency) {
        firehose.latency(latency.toMillis(), 0);
    }

    void healFirehose() {
        firehose.heal();
    }

    @Override
    public void close() throws Exception {
        try {
            traffic.close();
            job.cancel().get();
        } finally {
            toxiproxy.close();
        }
    }
}
