package io.orderstream.job.metrics;

import io.orderstream.job.config.JobConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClientBuilder;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;

/**
 * Sends the custom metrics of one TaskManager JVM to CloudWatch: one instance per JVM and settings,
 * shared by every subtask through {@link #acquire} / {@link #release} (reference counted; the last
 * release flushes and closes it).
 *
 * <p>Operators only {@link #buffer() record} into memory. Once per interval a single daemon thread
 * drains what was recorded, adds the heartbeat, heap usage and polled gauges, and sends it with
 * PutMetricData in requests within CloudWatch's limits. The job never waits for CloudWatch: when it
 * is unreachable or throttling, unsent datums stay queued up to {@code metrics.max-buffered-datums}
 * (oldest dropped first, counted as {@link Metric#METRICS_DROPPED}, logged at most once a minute)
 * and go out when it answers again, with their original timestamps.
 */
public final class CloudWatchPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CloudWatchPublisher.class);
    private static final Map<JobConfig.Metrics, CloudWatchPublisher> SHARED = new ConcurrentHashMap<>();
    private static final long LOG_EVERY_MILLIS = 60_000;
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final JobConfig.Metrics settings;
    private final MetricsBuffer buffer = new MetricsBuffer();
    private final Map<Object, GaugeSource> polledGauges = new ConcurrentHashMap<>();
    private final Map<Object, GaugeSource> shares = new ConcurrentHashMap<>();
    private final Map<Object, AtomicLong> liveness = new ConcurrentHashMap<>();
    private final Map<Object, Long> lastTicks = new java.util.HashMap<>();
    private final ArrayDeque<MetricDatum> pending = new ArrayDeque<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sentDatums = new AtomicLong();
    private final AtomicLong failedRequests = new AtomicLong();
    private final ScheduledExecutorService scheduler;
    private final CloudWatchClient client;
    private int references;
    private long lastFailureLog;
    private long droppedSinceLog;
    /** The publish interval (epoch millis / interval) whose shares were last sent. */
    private long lastShareSlot = Long.MIN_VALUE;

    private record GaugeSource(SeriesKey key, DoubleSupplier supplier) {}

    CloudWatchPublisher(JobConfig.Metrics settings) {
        this.settings = settings;
        this.client = client(settings);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cloudwatch-metrics-publisher");
            t.setDaemon(true);
            return t;
        });
        long interval = settings.publishInterval().toMillis();
        // Rounds in the middle of each interval-aligned slot (the periods CloudWatch aggregates by), so a
        // little jitter never puts two rounds of this TaskManager in one period or none.
        long firstRound = interval - Math.floorMod(System.currentTimeMillis(), interval) + interval / 2;
        scheduler.scheduleAtFixedRate(this::publishSafely, firstRound, interval, TimeUnit.MILLISECONDS);
    }

    /** The JVM's publisher for these settings, created on first use; pair every call with {@link #release}. */
    public static CloudWatchPublisher acquire(JobConfig.Metrics settings) {
        synchronized (SHARED) {
            CloudWatchPublisher p = SHARED.computeIfAbsent(settings, CloudWatchPublisher::new);
            p.references++;
            return p;
        }
    }

    /** Gives back one reference; the last one flushes what is left and closes the publisher. */
    public static void release(CloudWatchPublisher publisher) {
        synchronized (SHARED) {
            if (--publisher.references > 0) {
                return;
            }
            SHARED.remove(publisher.settings, publisher);
        }
        publisher.close();
    }

    /** Publishers currently open in this JVM (tests check there is one per settings, not per subtask). */
    public static int openPublishers() {
        return SHARED.size();
    }

    public Duration publishInterval() {
        return settings.publishInterval();
    }

    public MetricsBuffer buffer() {
        return buffer;
    }

    /** A gauge read once per interval (e.g. watermark lag); {@code owner} identifies it for {@link #unregister}. */
    public void register(Object owner, SeriesKey key, DoubleSupplier supplier) {
        polledGauges.put(List.of(owner, key), new GaugeSource(key, supplier));
    }

    /**
     * One subtask's share of a job-wide total (e.g. its state bytes): once per interval the publisher
     * sends the sum of all shares of this TaskManager as one observation, so that Sum over a period of
     * one interval, across TaskManagers, is the job's total.
     */
    public void registerShare(Object owner, SeriesKey key, DoubleSupplier supplier) {
        shares.put(List.of(owner, key), new GaugeSource(key, supplier));
    }

    /** Removes every gauge and share {@code owner} registered. */
    public void unregister(Object owner) {
        polledGauges.keySet().removeIf(k -> ((List<?>) k).get(0) == owner);
        shares.keySet().removeIf(k -> ((List<?>) k).get(0) == owner);
    }

    /**
     * A task's liveness counter, advanced by a timer on the task's own thread (see
     * {@link OperatorMetrics#tickFromTaskThread}). The heartbeat is sent only when every registered
     * counter advanced since the last interval: a task whose thread is blocked stops the heartbeat.
     */
    public void registerLiveness(Object owner, AtomicLong ticks) {
        liveness.put(owner, ticks);
    }

    public void unregisterLiveness(Object owner) {
        liveness.remove(owner);
    }

    /** Datums waiting to be sent (tests). */
    synchronized List<MetricDatum> pendingDatums() {
        return List.copyOf(pending);
    }

    public long sentDatums() {
        return sentDatums.get();
    }

    public long droppedDatums() {
        return dropped.get();
    }

    public long failedRequests() {
        return failedRequests.get();
    }

    private void publishSafely() {
        try {
            publish(Instant.now());
        } catch (Throwable t) {
            // Never let the scheduler die: the next interval tries again.
            logFailure("publishing custom metrics failed unexpectedly: " + t);
        }
    }

    /** One round: drain, add JVM-level metrics, queue, send as much of the queue as CloudWatch takes. */
    synchronized void publish(Instant now) {
        pollGauges();
        sumShares(now);
        if (allTasksAlive()) {
            buffer.count(SeriesKey.of(Metric.HEARTBEAT), 1);
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long max = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
        if (max > 0) {
            buffer.gauge(SeriesKey.of(Metric.HEAP_USAGE), 100.0 * heap.getUsed() / max);
        }
        MetricsBuffer.Snapshot snapshot = buffer.drain();
        long rejected = snapshot.rejectedValues();
        if (rejected > 0) {
            // Published with this very interval: NaN/infinite values are never sent, but always counted.
            dropped.addAndGet(rejected);
            snapshot.counts().merge(SeriesKey.of(Metric.METRICS_DROPPED), rejected, Long::sum);
        }
        enqueue(MetricData.datums(snapshot, now, settings.highResolution() ? 1 : 60));
        sendPending();
    }

    private boolean allTasksAlive() {
        boolean alive = true;
        for (Map.Entry<Object, AtomicLong> e : liveness.entrySet()) {
            long ticks = e.getValue().get();
            Long previous = lastTicks.put(e.getKey(), ticks);
            if (previous != null && previous == ticks) {
                alive = false;
                logFailure("a task of this TaskManager has not run its liveness timer for a whole interval:"
                        + " no Heartbeat this interval");
            }
        }
        lastTicks.keySet().retainAll(liveness.keySet());
        return alive;
    }

    private void pollGauges() {
        for (GaugeSource g : polledGauges.values()) {
            try {
                buffer.gauge(g.key(), g.supplier().getAsDouble());
            } catch (RuntimeException e) {
                // A gauge that cannot be read this interval is simply missing.
            }
        }
    }

    /**
     * At most one total per interval slot: a late round (after a long send) or the final flush in the
     * same slot would otherwise make Sum count this TaskManager twice. A share that cannot be read makes
     * the total NaN, which is dropped and counted: never a partial total.
     */
    private void sumShares(Instant now) {
        long slot = Math.floorDiv(now.toEpochMilli(), settings.publishInterval().toMillis());
        if (slot == lastShareSlot || shares.isEmpty()) {
            return;
        }
        lastShareSlot = slot;
        Map<SeriesKey, Double> totals = new java.util.HashMap<>();
        for (GaugeSource share : shares.values()) {
            double v;
            try {
                v = share.supplier().getAsDouble();
            } catch (RuntimeException e) {
                v = Double.NaN;
            }
            totals.merge(share.key(), v, Double::sum);
        }
        totals.forEach(buffer::gauge);
    }

    private void enqueue(List<MetricDatum> datums) {
        pending.addAll(datums);
        long overflow = pending.size() - (long) settings.maxBufferedDatums();
        for (long i = 0; i < overflow; i++) {
            pending.pollFirst();
        }
        if (overflow > 0) {
            dropped.addAndGet(overflow);
            droppedSinceLog += overflow;
            // Counted now, published with the next interval's data.
            buffer.count(SeriesKey.of(Metric.METRICS_DROPPED), overflow);
        }
    }

    private void sendPending() {
        while (!pending.isEmpty()) {
            List<MetricDatum> batch = MetricData.batches(List.copyOf(
                    pending.stream().limit(MetricData.MAX_DATUMS_PER_REQUEST).toList())).get(0);
            try {
                client.putMetricData(PutMetricDataRequest.builder()
                        .namespace(settings.namespace())
                        .metricData(batch)
                        .build());
            } catch (RuntimeException e) {
                failedRequests.incrementAndGet();
                logFailure("CloudWatch PutMetricData failed (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                        + "); " + pending.size() + " datums kept for the next attempt, "
                        + droppedSinceLog + " dropped since the last message");
                return;
            }
            for (int i = 0; i < batch.size(); i++) {
                pending.pollFirst();
            }
            sentDatums.addAndGet(batch.size());
        }
    }

    private void logFailure(String message) {
        long now = System.currentTimeMillis();
        if (now - lastFailureLog >= LOG_EVERY_MILLIS) {
            lastFailureLog = now;
            droppedSinceLog = 0;
            LOG.warn(message);
        }
    }

    /**
     * Sends what is recorded and queued now (one attempt) on the publisher thread, waiting for it at
     * most {@link #CLOSE_WAIT}: closing a task never waits long for CloudWatch. Then closes the client.
     */
    @Override
    public void close() {
        try {
            scheduler.execute(this::publishSafely);
            scheduler.shutdown();
            if (!scheduler.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("final flush of custom metrics did not finish within {}; abandoned", CLOSE_WAIT);
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            client.close();
        }
    }

    private static CloudWatchClient client(JobConfig.Metrics settings) {
        CloudWatchClientBuilder builder = CloudWatchClient.builder()
                .region(Region.of(settings.region()))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5)))
                .overrideConfiguration(o -> o
                        .apiCallTimeout(Duration.ofSeconds(10))
                        .retryStrategy(RetryMode.STANDARD));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }
}
