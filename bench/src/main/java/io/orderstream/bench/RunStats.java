package io.orderstream.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the benchmark sinks saw, per run. The MiniCluster runs in the benchmark's JVM, so sinks
 * report here through a static registry instead of Flink metrics: no sampling, no reporter delay.
 */
public final class RunStats {
    private static final Map<String, RunStats> RUNS = new ConcurrentHashMap<>();
    private static final int MAX_LATENCY_MS = 120_000;

    public final LongAdder orders = new LongAdder();
    public final LongAdder aggregates = new LongAdder();
    public final LongAdder dlq = new LongAdder();
    public final Map<String, LongAdder> dlqByType = new ConcurrentHashMap<>();
    /** The first DLQ record's error detail per error type: what a count that does not add up is made of. */
    public final Map<String, String> firstDlqDetailByType = new ConcurrentHashMap<>();
    public final AtomicLong firstRecordNanos = new AtomicLong();
    /** Latency Kafka timestamp → sink hand-off of orders, 1 ms buckets; recorded only while enabled. */
    private final AtomicLongArray latency = new AtomicLongArray(MAX_LATENCY_MS + 1);
    public volatile boolean recordLatency;

    public static RunStats of(String run) {
        return RUNS.computeIfAbsent(run, r -> new RunStats());
    }

    public void sawRecord() {
        if (firstRecordNanos.get() == 0) {
            firstRecordNanos.compareAndSet(0, System.nanoTime());
        }
    }

    public void latency(long kafkaTimestamp) {
        if (recordLatency) {
            long ms = Math.max(0, System.currentTimeMillis() - kafkaTimestamp);
            latency.incrementAndGet((int) Math.min(ms, MAX_LATENCY_MS));
        }
    }

    public long handedOff() {
        return orders.sum() + dlq.sum();
    }

    public void resetLatency() {
        for (int i = 0; i < latency.length(); i++) {
            latency.set(i, 0);
        }
    }

    public long latencyCount() {
        return count(latencyCounts());
    }

    /**
     * The recorded latencies so far, as counts per 1-ms bucket. Two of these taken apart, subtracted
     * with {@link #between}, hold the latencies recorded between them.
     */
    public long[] latencyCounts() {
        long[] counts = new long[latency.length()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = latency.get(i);
        }
        return counts;
    }

    /** What was recorded after {@code earlier} up to {@code later}, per bucket. */
    public static long[] between(long[] earlier, long[] later) {
        long[] counts = new long[later.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = later[i] - earlier[i];
        }
        return counts;
    }

    public static long count(long[] counts) {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /** The q-quantile in ms (0 < q ≤ 1) of per-bucket counts, or -1 when they hold nothing. */
    public static long quantile(long[] counts, double q) {
        long n = count(counts);
        if (n == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(q * n);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i;
            }
        }
        return MAX_LATENCY_MS;
    }
}
