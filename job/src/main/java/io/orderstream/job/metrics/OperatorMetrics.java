package io.orderstream.job.metrics;

import io.orderstream.job.config.JobConfig;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
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
 *
 * <p>Several measures are taken per record, so each series is resolved once, on first use, into a
 * small object holding both destinations; after that, counting or sampling a series without a
 * dimension (or an operator's latency) is an array read and the increments, with no lookup, lock
 * or allocation (see {@code MetricsBench}).
 */
public final class OperatorMetrics implements AutoCloseable {
    /** Metric group MSF publishes to CloudWatch namespace AWS/KinesisAnalytics. */
    public static final String KINESIS_ANALYTICS_GROUP = "kinesisanalytics";
    /** The metrics also registered in the {@code kinesisanalytics} group. */
    static final Set<Metric> KEY_METRICS = Set.of(Metric.RECORDS_IN, Metric.RECORDS_OUT, Metric.DLQ_RECORDS,
            Metric.PROCESSING_LATENCY, Metric.WINDOW_COMPLETENESS, Metric.WATERMARK_LAG, Metric.RECORDS_LATE_DROPPED);

    private final MetricGroup group;
    private final CloudWatchPublisher publisher;
    private final Map<SeriesKey, CountSeries> counters = new ConcurrentHashMap<>();
    private final Map<SeriesKey, SampleSeries> distributions = new ConcurrentHashMap<>();
    // Caches of the maps above for the per-record calls. A slot is written only with the map's own
    // object, so a race between two threads writes the same value.
    private final CountSeries[] countersByMetric = new CountSeries[Metric.values().length];
    private final SampleSeries[] samplesByMetric = new SampleSeries[Metric.values().length];
    private final SampleSeries[] operatorLatencies = new SampleSeries[Metric.OperatorName.values().length];
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
        CountSeries series = countersByMetric[metric.ordinal()];
        if (series == null) {
            series = counter(SeriesKey.of(metric));
            countersByMetric[metric.ordinal()] = series;
        }
        series.add(n);
    }

    public void count(Metric metric, String dimensionValue, long n) {
        counter(new SeriesKey(metric, dimensionValue)).add(n);
    }

    private CountSeries counter(SeriesKey key) {
        return counters.computeIfAbsent(key, k -> new CountSeries(
                register(k, new org.apache.flink.metrics.ThreadSafeSimpleCounter()),
                publisher == null ? null : publisher.buffer().adder(k)));
    }

    /** One sample of a distribution without dimension, e.g. a latency in milliseconds. */
    public void sample(Metric metric, double value) {
        SampleSeries series = samplesByMetric[metric.ordinal()];
        if (series == null) {
            series = distribution(SeriesKey.of(metric));
            samplesByMetric[metric.ordinal()] = series;
        }
        series.add(value);
    }

    private SampleSeries distribution(SeriesKey key) {
        return distributions.computeIfAbsent(key, k -> new SampleSeries(
                register(k, new DescriptiveStatisticsHistogram(1000)),
                publisher == null ? null : publisher.buffer(),
                publisher == null ? null : publisher.buffer().distribution(k)));
    }

    /**
     * Time one record spent in one stage: a sample of {@link Metric#OPERATOR_LATENCY}, and now and then
     * (at most {@code metrics.log-samples-per-second}) a {@code latency_sample} log event.
     */
    public void operatorLatency(Metric.OperatorName operator, double millis, String orderId) {
        operatorLatencySample(operator, millis);
        if (sampler.take(System.currentTimeMillis())) {
            LogEvents.event(LogEvents.Kind.LATENCY_SAMPLE)
                    .with(LogField.OPERATOR, operator.dimensionValue())
                    .with(LogField.LATENCY_MS, millis)
                    .with(LogField.ORDER_ID, orderId)
                    .log();
        }
    }

    /** A sample of {@link Metric#OPERATOR_LATENCY} for a stage that writes its own sampled log events. */
    public void operatorLatencySample(Metric.OperatorName operator, double millis) {
        SampleSeries series = operatorLatencies[operator.ordinal()];
        if (series == null) {
            series = distribution(new SeriesKey(Metric.OPERATOR_LATENCY, operator.dimensionValue()));
            operatorLatencies[operator.ordinal()] = series;
        }
        series.add(millis);
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

    /** A counter series: Flink's counter and, when publishing, the publisher's count of the interval. */
    private record CountSeries(Counter flink, LongAdder published) {
        void add(long n) {
            flink.inc(n);
            if (published != null && n != 0) {
                published.add(n);
            }
        }
    }

    /** A distribution series: Flink's histogram and, when publishing, the publisher's distribution of the interval. */
    private record SampleSeries(Histogram flink, MetricsBuffer buffer, MetricsBuffer.Distribution published) {
        void add(double value) {
            if (MetricsBuffer.acceptable(value)) {
                synchronized (flink) { // async callbacks record from other threads
                    flink.update(Math.round(value));
                }
            }
            if (buffer != null) {
                buffer.sample(published, value);
            }
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
