package io.orderstream.bench.jmh;

import io.orderstream.job.config.JobConfig;
import io.orderstream.job.metrics.Metric;
import io.orderstream.job.metrics.OperatorMetrics;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.openjdk.jmh.annotations.*;

/**
 * Metric recording per record with the job's {@link OperatorMetrics}: a counter increment, one
 * operator-latency sample, and the processing-latency sample of a delivered order. {@code publish}:
 * Flink metric groups only ({@code false}) or also the CloudWatch publisher's buffer ({@code true},
 * as the job runs by default; its endpoint is a closed local port and it publishes once an hour,
 * so nothing is sent during the measurement).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MetricsBench {
    @Param({"false", "true"})
    public boolean publish;

    private OperatorMetrics metrics;
    private long latency;

    @Setup
    public void setUp() {
        JobConfig.Metrics settings = publish
                ? new JobConfig.Metrics(true, "bench", "us-east-1", URI.create("http://127.0.0.1:9"),
                        Duration.ofHours(1), false, 20000, 0)
                : JobConfig.Metrics.disabled();
        metrics = OperatorMetrics.open(new UnregisteredMetricsGroup(), settings);
    }

    @TearDown
    public void tearDown() {
        metrics.close();
    }

    @Benchmark
    public void countRecord() {
        metrics.count(Metric.RECORDS_IN, 1);
    }

    @Benchmark
    public void operatorLatencySample() {
        long start = System.nanoTime();
        metrics.operatorLatency(Metric.OperatorName.VALIDATION, OperatorMetrics.millisSince(start), "ORD-1");
    }

    /** Latencies spread over 0-399 ms, so a quarter take the path for values of 100 ms and more. */
    @Benchmark
    public void processingLatencySample() {
        latency = (latency + 7) % 400;
        metrics.sample(Metric.PROCESSING_LATENCY, latency);
    }

    /**
     * Two subtasks of one operator in one TaskManager (one thread and one {@code OperatorMetrics} each)
     * record into the same series of the JVM's shared publisher, as in the job; latencies of 0-99 ms,
     * as nearly all are. Score: both threads together.
     */
    @Benchmark
    @Threads(2)
    public void processingLatencySampleTwoSubtasks() {
        latency = (latency + 7) % 100;
        metrics.sample(Metric.PROCESSING_LATENCY, latency);
    }
}
