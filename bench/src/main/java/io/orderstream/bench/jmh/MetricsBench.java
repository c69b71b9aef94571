package io.orderstream.bench.jmh;

import io.orderstream.job.metrics.Metric;
import io.orderstream.job.metrics.OperatorMetrics;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.openjdk.jmh.annotations.*;

/**
 * Metric recording per record with the job's {@link OperatorMetrics} (Flink metric groups only,
 * CloudWatch publishing off): a counter increment and one operator-latency sample.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MetricsBench {
    private OperatorMetrics metrics;

    @Setup
    public void setUp() {
        metrics = OperatorMetrics.open(new UnregisteredMetricsGroup(), null);
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
}
