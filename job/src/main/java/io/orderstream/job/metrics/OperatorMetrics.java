package io.orderstream.job.metrics;

import io.orderstream.job.config.JobConfig;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The metrics of one operator subtask, by {@link Metric} constant only. Every measure goes to two
 * places: the operator's Flink metric group (Web UI, and for the key metrics the
 * {@code kinesisanalytics} group that MSF forwards to AWS/KinesisAnalytics) and, when enabled, the
 * JVM's shared {@link CloudWatchPublisher}. Open in {@code open()}, close in {@code close()}.
 */
public final class OperatorMetrics implements AutoCloseable {
    /** Metric group MSF publishes to CloudWatch namespace AWS/KinesisAnalytics. */
    public static final String KINESIS_ANALYTICS_GROUP = "kinesisanalytics";
    /** The metrics also registered in the {@code kinesisanalytics} group. */
    static final Set<Metric> KEY_METRICS = Set.of(Metric.RECORDS_IN, Metric.RECORDS_OUT, Metric.DLQ_RECORDS,
            Metric.PROCESSING_LATENCY, Metric.WINDOW_COMPLETENESS, Metric.WATERMARK_LAG, Metric.RECORDS_LATE_DROPPED);

    private final MetricGroup group;
    private final CloudWatchPublisher publisher;
    private final Map<SeriesKey, Counter> counters = new ConcurrentHashMap<>();
    private final Map<SeriesKey, Histogram> histograms = new ConcurrentHashMap<>();
    private final Map<SeriesKey, double[]> lastGauges = new ConcurrentHashMap<>();
    private final LogEvents.Sampler sampler;
    private java.util.concurrent.ScheduledFuture<?> livenessTimer;

    private OperatorMetrics(MetricGroup group, CloudWatchPublisher publisher, int logSamplesPerSecond) {
        this.group = group;
        this.publisher = publisher;
        this.sampler = new LogEvents.Sampler(logSamplesPerSecond);
    }

    /** {@code settings} null or disabled: Flink metric groups only. */
    public static OperatorMetrics open(MetricGroup group, JobConfig.Metrics settings) {
        boolean publish = settings != null && settings.enabled();
        return new OperatorMetrics(group, publish ? CloudWatchPublisher.acquire(settings) : null,
                settings == null ? 0 : settings.logSamplesPerSecond());
    }

    public void count(Metric metric, long n) {
        count(SeriesKey.of(metric), n);
    }

    public void count(Metric metric, String dimensionValue, long n) {
        count(new SeriesKey(metric, dimensionValue), n);
    }

    private void count(SeriesKey key, long n) {
        counters.computeIfAbsent(key, k -> register(k, new org.apache.flink.metrics.ThreadSafeSimpleCounter())).inc(n);
        if (publisher != null) {
            publisher.buffer().count(key, n);
        }
    }

    /** One sample of a distribution, e.g. a latency in milliseconds. */
    public void sample(Metric metric, String dimensionValue, double value) {
        SeriesKey key = new SeriesKey(metric, dimensionValue);
        if (MetricsBuffer.acceptable(value)) {
            Histogram h = histograms.computeIfAbsent(key, k -> register(k, new DescriptiveStatisticsHistogram(1000)));
            synchronized (h) { // async callbacks record from other threads
                h.update(Math.round(value));
            }
        }
        if (publisher != null) {
            publisher.buffer().sample(key, value);
        }
    }

    public void sample(Metric metric, double value) {
        sample(metric, null, value);
    }

    /**
     * Time one record spent in one stage: a sample of {@link Metric#OPERATOR_LATENCY}, and now and then
     * (at most {@code metrics.log-samples-per-second}) a {@code latency_sample} log event.
     */
    public void operatorLatency(Metric.OperatorName operator, double millis, String orderId) {
        sample(Metric.OPERATOR_LATENCY, operator.dimensionValue(), millis);
        if (sampler.take(System.currentTimeMillis())) {
            LogEvents.event(LogEvents.Kind.LATENCY_SAMPLE)
                    .with(LogField.OPERATOR, operator.dimensionValue())
                    .with(LogField.LATENCY_MS, millis)
                    .with(LogField.ORDER_ID, orderId)
                    .log();
        }
    }

    /** True at most {@code metrics.log-samples-per-second} times a second: for operator-specific sample events. */
    public boolean takeLogSample() {
        return sampler.take(System.currentTimeMillis());
    }

    /** Milliseconds since {@code startNanos} ({@link System#nanoTime()}). */
    public static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000.0;
    }

    /**
     * Makes this task part of the heartbeat: a processing-time timer on the task's own (mailbox)
     * thread advances a counter several times per publish interval; when the thread is blocked or
     * spinning, the counter stops and the TaskManager stops sending {@link Metric#HEARTBEAT}.
     */
    public void tickFromTaskThread(org.apache.flink.api.common.functions.RuntimeContext context) {
        if (publisher == null
                || !(context instanceof org.apache.flink.streaming.api.operators.StreamingRuntimeContext streaming)) {
            return;
        }
        java.util.concurrent.atomic.AtomicLong ticks = new java.util.concurrent.atomic.AtomicLong();
        long period = Math.max(100, publisher.publishInterval().toMillis() / 4);
        livenessTimer = streaming.getProcessingTimeService()
                .scheduleWithFixedDelay(time -> ticks.incrementAndGet(), period, period);
        publisher.registerLiveness(this, ticks);
    }

    /** One observation of a gauge (e.g. a window's completeness); Flink shows the last one. */
    public void observe(Metric metric, double value) {
        SeriesKey key = SeriesKey.of(metric);
        double[] last = lastGauges.computeIfAbsent(key, k -> {
            double[] holder = {Double.NaN};
            register(k, (org.apache.flink.metrics.Gauge<Double>) () -> holder[0]);
            return holder;
        });
        if (MetricsBuffer.acceptable(value)) {
            last[0] = value;
        }
        if (publisher != null) {
            publisher.buffer().gauge(key, value);
        }
    }

    /** A gauge read by Flink when it reports and by the publisher once per interval; NaN means "no value now". */
    public void gauge(Metric metric, DoubleSupplier supplier) {
        SeriesKey key = SeriesKey.of(metric);
        register(key, (org.apache.flink.metrics.Gauge<Double>) supplier::getAsDouble);
        if (publisher != null) {
            publisher.register(this, key, supplier);
        }
    }

    /**
     * This subtask's share of a job-wide total (e.g. the bytes of its state): Flink shows the share per
     * subtask; the JVM's publisher sends the sum of its subtasks' shares once per interval (see
     * {@link CloudWatchPublisher#registerShare}).
     */
    public void share(Metric metric, java.util.function.LongSupplier supplier) {
        SeriesKey key = SeriesKey.of(metric);
        register(key, (org.apache.flink.metrics.Gauge<Long>) supplier::getAsLong);
        if (publisher != null) {
            publisher.registerShare(this, key, () -> (double) supplier.getAsLong());
        }
    }

    private <M extends org.apache.flink.metrics.Metric> M register(SeriesKey key, M metric) {
        MetricGroup target = key.dimensionValue() == null ? group
                : group.addGroup(key.metric().dimensions().get(0).cloudWatchName(), key.dimensionValue());
        String name = key.metric().metricName();
        registerIn(target, name, metric);
        if (KEY_METRICS.contains(key.metric())) {
            registerIn(group.addGroup(KINESIS_ANALYTICS_GROUP), name, metric);
        }
        return metric;
    }

    private static void registerIn(MetricGroup g, String name, org.apache.flink.metrics.Metric metric) {
        if (metric instanceof Counter c) {
            g.counter(name, c);
        } else if (metric instanceof Histogram h) {
            g.histogram(name, h);
        } else if (metric instanceof org.apache.flink.metrics.Gauge<?> gauge) {
            g.gauge(name, gauge);
        }
    }

    @Override
    public void close() {
        if (livenessTimer != null) {
            livenessTimer.cancel(false);
        }
        if (publisher != null) {
            publisher.unregisterLiveness(this);
            publisher.unregister(this);
            CloudWatchPublisher.release(publisher);
        }
    }
}
