package io.orderstream.job.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderstream.job.config.JobConfig;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The publisher with CloudWatch unreachable (a closed local port): never blocks, bounded, counts drops. */
class CloudWatchPublisherTest {
    private static JobConfig.Metrics unreachable(int maxBuffered) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        return new JobConfig.Metrics(true, "test-" + System.nanoTime(), "us-east-1", URI.create("http://127.0.0.1:" + port),
                Duration.ofHours(1), false, maxBuffered, 0);
    }

    @Test
    void oneSharedPublisherPerSettingsReferenceCounted() throws Exception {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        JobConfig.Metrics settings = unreachable(1000);
        int before = CloudWatchPublisher.openPublishers();
        CloudWatchPublisher a = CloudWatchPublisher.acquire(settings);
        CloudWatchPublisher b = CloudWatchPublisher.acquire(settings);
        assertThat(a).isSameAs(b);
        assertThat(CloudWatchPublisher.openPublishers()).isEqualTo(before + 1);
        CloudWatchPublisher.release(a);
        assertThat(CloudWatchPublisher.openPublishers()).isEqualTo(before + 1);
        CloudWatchPublisher.release(b);
        assertThat(CloudWatchPublisher.openPublishers()).isEqualTo(before);
    }

    @Test
    void unreachableCloudWatchKeepsABoundedQueueAndCountsWhatItDrops() throws Exception {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        CloudWatchPublisher publisher = CloudWatchPublisher.acquire(unreachable(1000));
        try {
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 600; i++) {
                    publisher.buffer().count(new SeriesKey(Metric.DLQ_RECORDS_BY_TYPE, "type-" + i), 1);
                }
                long start = System.nanoTime();
                publisher.publish(Instant.now());
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
            }
            assertThat(publisher.failedRequests()).isEqualTo(3);
            assertThat(publisher.sentDatums()).isZero();
            // 3 rounds of 600 series + heartbeat + heap; at most 1000 kept, the rest dropped and counted.
            assertThat(publisher.droppedDatums()).isGreaterThanOrEqualTo(3 * 602 - 1000);
        } finally {
            CloudWatchPublisher.release(publisher);
        }
    }

    @Test
    void noHeartbeatWhileATaskThreadIsStuck() throws Exception {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        CloudWatchPublisher publisher = CloudWatchPublisher.acquire(unreachable(1000));
        try {
            java.util.concurrent.atomic.AtomicLong ticks = new java.util.concurrent.atomic.AtomicLong();
            Object task = new Object();
            publisher.registerLiveness(task, ticks);
            publisher.publish(Instant.now()); // first sight of the task
            ticks.incrementAndGet();
            publisher.publish(Instant.now()); // it ticked: alive
            publisher.publish(Instant.now()); // no tick for a whole interval: stuck
            assertThat(publisher.pendingDatums()).filteredOn(d -> d.metricName().equals(Metric.HEARTBEAT.metricName()))
                    .hasSize(2);
            publisher.unregisterLiveness(task);
            publisher.publish(Instant.now());
            assertThat(publisher.pendingDatums()).filteredOn(d -> d.metricName().equals(Metric.HEARTBEAT.metricName()))
                    .hasSize(3);
        } finally {
            CloudWatchPublisher.release(publisher);
        }
    }

    /** Two subtasks' shares of the state size: one observation per interval, their sum, never two in one interval. */
    @Test
    void sharesOfAllSubtasksAreSentAsOneTotalPerInterval() throws Exception {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        CloudWatchPublisher publisher = CloudWatchPublisher.acquire(unreachable(1000));
        try {
            Object subtask0 = new Object();
            Object subtask1 = new Object();
            publisher.registerShare(subtask0, SeriesKey.of(Metric.STATE_SIZE), () -> 1000);
            publisher.registerShare(subtask1, SeriesKey.of(Metric.STATE_SIZE), () -> 234);
            Instant slot = Instant.parse("2026-11-23T10:00:00Z"); // publish interval: 1 h
            publisher.publish(slot.plusSeconds(1800));
            publisher.publish(slot.plusSeconds(3599)); // a late round in the same interval sends no second total
            publisher.unregister(subtask1);
            publisher.publish(slot.plusSeconds(3600 + 1800));
            assertThat(publisher.pendingDatums()).filteredOn(d -> d.metricName().equals(Metric.STATE_SIZE.metricName()))
                    .extracting(d -> d.statisticValues().sum(), d -> d.statisticValues().sampleCount(), d -> d.timestamp())
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(1234.0, 1.0, slot.plusSeconds(1800)),
                            org.assertj.core.groups.Tuple.tuple(1000.0, 1.0, slot.plusSeconds(3600 + 1800)));
        } finally {
            CloudWatchPublisher.release(publisher);
        }
    }
}
