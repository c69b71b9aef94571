package io.orderstream.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.orderstream.harness.Eventually;
import io.orderstream.harness.LocalStack;
import io.orderstream.harness.TcpProxy;
import io.orderstream.harness.TestEnvironment;
import io.orderstream.job.config.JobConfig;
import io.orderstream.job.metrics.CloudWatchPublisher;
import io.orderstream.job.metrics.Metric;
import io.orderstream.job.metrics.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The publisher against LocalStack's CloudWatch: a known latency distribution comes back with the
 * right percentiles, and while CloudWatch is unreachable recording never blocks and nothing is lost
 * that fits the buffer: the data goes out when it is reachable again.
 */
class PublisherLocalStackIT {
    @BeforeAll
    static void credentials() {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
    }

    private static JobConfig.Metrics settings(String namespace, java.net.URI endpoint, LocalStack ls) {
        return new JobConfig.Metrics(true, namespace, ls.region(), endpoint, Duration.ofSeconds(1), true, 20000, 1);
    }

    @Test
    void aDistributionOfAllSubtasksComesBackWhole() throws Exception {
        LocalStack ls = TestEnvironment.get().localStack();
        String namespace = "orderstream-it-pct-" + System.nanoTime();
        Instant from = Instant.now();
        try (CloudWatchMetrics warmUp = new CloudWatchMetrics(ls, namespace, from)) {
            // LocalStack loads CloudWatch on its first request; a large first PutMetricData can fail while it
            // loads ("I/O operation on closed file"), and a released publisher makes one final attempt only.
            warmUp.values(Metric.RECORDS_IN, null, "Sum", 60);
        }
        CloudWatchPublisher publisher = CloudWatchPublisher.acquire(settings(namespace, ls.endpoint(), ls));
        List<Double> all = new ArrayList<>();
        Random random = new Random(7);
        // Two "subtasks" with very different latencies: only a merged distribution gives the right p99.
        for (int i = 0; i < 3000; i++) {
            double fast = 5 + random.nextInt(40);
            double slow = 200 + random.nextInt(1800);
            all.add(fast);
            publisher.buffer().sample(SeriesKey.of(Metric.PROCESSING_LATENCY), fast);
            if (i % 10 == 0) {
                all.add(slow);
                publisher.buffer().sample(SeriesKey.of(Metric.PROCESSING_LATENCY), slow);
            }
        }
        publisher.buffer().sample(SeriesKey.of(Metric.PROCESSING_LATENCY), Double.NaN);
        publisher.buffer().sample(SeriesKey.of(Metric.PROCESSING_LATENCY), Double.POSITIVE_INFINITY);
        CloudWatchPublisher.release(publisher); // flushes
        Collections.sort(all);

        try (CloudWatchMetrics cw = new CloudWatchMetrics(ls, namespace, from)) {
            // LocalStack 4.14 computes no percentiles: GetMetricData answers 500 for p99 (and p50, p99.0, TM, PR,
            // IQM, TC, wm99), GetMetricStatistics ignores ExtendedStatistics (500 when only those are asked).
            // The percentiles of what is sent are checked in MetricDataTest; here: every sample arrived, merged.
            assertThat(cw.values(Metric.PROCESSING_LATENCY, null, "Minimum", 3600)).containsExactly(all.get(0));
            assertThat(cw.values(Metric.PROCESSING_LATENCY, null, "Maximum", 3600).get(0))
                    .isCloseTo(all.get(all.size() - 1), within(all.get(all.size() - 1) * 0.005));
            double mean = all.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            assertThat(cw.values(Metric.PROCESSING_LATENCY, null, "Average", 3600).get(0)).isCloseTo(mean, within(mean * 0.01));
            assertThat(cw.values(Metric.PROCESSING_LATENCY, null, "SampleCount", 3600)).containsExactly((double) all.size());
            assertThat(cw.sum(Metric.METRICS_DROPPED)).as("NaN and Infinity dropped and counted").isEqualTo(2);
        }
    }

    @Test
    void unreachableCloudWatchNeitherBlocksNorLosesWhatFitsTheBuffer() throws Exception {
        LocalStack ls = TestEnvironment.get().localStack();
        String namespace = "orderstream-it-down-" + System.nanoTime();
        Instant from = Instant.now();
        try (TcpProxy proxy = TcpProxy.to(ls.endpoint());
             CloudWatchMetrics cw = new CloudWatchMetrics(ls, namespace, from)) {
            CloudWatchPublisher publisher = CloudWatchPublisher.acquire(settings(namespace, proxy.endpoint(), ls));
            try {
                long start = System.nanoTime();
                for (int i = 0; i < 100_000; i++) {
                    publisher.buffer().count(SeriesKey.of(Metric.RECORDS_IN), 1);
                }
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("recording never waits").isLessThan(Duration.ofSeconds(2));
                Thread.sleep(3_000);
                assertThat(publisher.failedRequests()).as("CloudWatch unreachable").isPositive();
                assertThat(publisher.sentDatums()).isZero();

                proxy.start();
                for (int i = 0; i < 50; i++) {
                    publisher.buffer().count(SeriesKey.of(Metric.RECORDS_IN), 1);
                }
                Eventually.await("metrics to resume", Duration.ofSeconds(30),
                        () -> cw.sum(Metric.RECORDS_IN) == 100_050,
                        () -> "RecordsIn " + cw.sum(Metric.RECORDS_IN));
                assertThat(cw.sum(Metric.HEARTBEAT)).as("heartbeats of the outage caught up").isGreaterThanOrEqualTo(3);
            } finally {
                CloudWatchPublisher.release(publisher);
            }
        }
    }
}
