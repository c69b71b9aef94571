package io.orderstream.job.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What all subtasks of one TaskManager JVM recorded during the current publish interval, aggregated
 * so that CloudWatch's statistics stay right across parallel subtasks:
 *
 * <ul>
 *   <li>counts are summed;
 *   <li>latencies are kept as a distribution of (value, count) pairs, with values rounded to
 *       {@link #bucket(double) buckets} of at most 1% relative error, so CloudWatch's percentiles
 *       are percentiles of every recorded value, not an average of per-subtask percentiles;
 *   <li>gauges keep min, max, sum and sample count, so Minimum, Maximum and Average all mean what
 *       they say.
 * </ul>
 *
 * <p>Recording never blocks on I/O. Per-record callers resolve their series once ({@link #adder},
 * {@link #distribution}) and then record without a lookup or an allocation; the set of series is
 * small and fixed (metrics times error types, operators and delivery streams).
 * {@link #drain()} takes what was recorded and resets it; a value recorded concurrently with a
 * drain lands in this drain or the next, never in none.
 */
public final class MetricsBuffer {
    /** CloudWatch rejects values outside [-2^360, 2^360] and non-zero ones closer to zero than 2^-360. */
    static final double MAX_MAGNITUDE = Math.pow(2, 360);
    static final double MIN_MAGNITUDE = Math.pow(2, -360);

    private final ConcurrentHashMap<SeriesKey, LongAdder> counts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<SeriesKey, Distribution> distributions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<SeriesKey, Gauge> gauges = new ConcurrentHashMap<>();
    private final LongAdder rejected = new LongAdder();

    public void count(SeriesKey key, long n) {
        if (n == 0) {
            return;
        }
        adder(key).add(n);
    }

    /** The count of one series, to add to without a lookup; a series with nothing added is not sent. */
    public LongAdder adder(SeriesKey key) {
        return counts.computeIfAbsent(key, k -> new LongAdder());
    }

    /** One sample of a distribution (latency); NaN, infinite and out-of-range values are rejected and counted. */
    public void sample(SeriesKey key, double value) {
        sample(distribution(key), value);
    }

    /** The distribution of one series, for {@link #sample(Distribution, double)} without a lookup. */
    public Distribution distribution(SeriesKey key) {
        return distributions.computeIfAbsent(key, k -> new Distribution());
    }

    /** One sample of a resolved distribution; NaN, infinite and out-of-range values are rejected and counted. */
    public void sample(Distribution distribution, double value) {
        if (!acceptable(value)) {
            rejected.increment();
            return;
        }
        distribution.add(bucket(value));
    }

    /** One observation of a gauge; NaN, infinite and out-of-range values are rejected and counted. */
    public void gauge(SeriesKey key, double value) {
        if (!acceptable(value)) {
            rejected.increment();
            return;
        }
        gauges.computeIfAbsent(key, k -> new Gauge()).add(value);
    }

    static boolean acceptable(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return false;
        }
        double magnitude = Math.abs(value);
        return value == 0 || magnitude >= MIN_MAGNITUDE && magnitude <= MAX_MAGNITUDE;
    }

    /**
     * Rounds a latency to a bucket: whole milliseconds up to 100, above that the value rounded to
     * 3 significant digits (relative error at most 0.5%). Bounds the number of distinct values per
     * interval (at most ~900 per decade) while keeping percentiles within 1% of the exact ones.
     */
    static double bucket(double value) {
        double magnitude = Math.abs(value);
        if (magnitude < 100) {
            return Math.rint(value);
        }
        double scale = Math.pow(10, Math.floor(Math.log10(magnitude)) - 2);
        return Math.rint(value / scale) * scale;
    }

    /** Takes everything recorded since the last drain and resets it. */
    public Snapshot drain() {
        Map<SeriesKey, Long> c = new HashMap<>();
        counts.forEach((k, adder) -> {
            long n = adder.sumThenReset();
            if (n != 0) {
                c.put(k, n);
            }
        });
        Map<SeriesKey, Map<Double, Long>> d = new HashMap<>();
        distributions.forEach((k, dist) -> {
            Map<Double, Long> values = dist.drain();
            if (!values.isEmpty()) {
                d.put(k, values);
            }
        });
        Map<SeriesKey, GaugeStats> g = new HashMap<>();
        gauges.forEach((k, gauge) -> {
            GaugeStats stats = gauge.drain();
            if (stats != null) {
                g.put(k, stats);
            }
        });
        return new Snapshot(c, d, g, rejected.sumThenReset());
    }

    /** What one interval recorded. {@code rejectedValues}: NaN/infinite/out-of-range values not recorded. */
    public record Snapshot(Map<SeriesKey, Long> counts, Map<SeriesKey, Map<Double, Long>> distributions,
                           Map<SeriesKey, GaugeStats> gauges, long rejectedValues) {
        public boolean isEmpty() {
            return counts.isEmpty() && distributions.isEmpty() && gauges.isEmpty();
        }
    }

    /** Min, max, sum and count of a gauge's observations in one interval. */
    public record GaugeStats(double min, double max, double sum, long sampleCount) {}

    /**
     * The bucketed values of one series in the current interval with their counts. Whole milliseconds
     * 0-99, nearly every latency, are counted without locking or boxing, in a {@link LongAdder} each:
     * the subtasks of one operator in a TaskManager share the series, and a shared atomic counter
     * would bounce its cache line between their threads on every record. Other buckets (larger,
     * negative) in a map.
     */
    public static final class Distribution {
        private static final int WHOLE_MILLIS = 100;
        private final LongAdder[] wholeMillis = new LongAdder[WHOLE_MILLIS];
        private HashMap<Double, Long> others = new HashMap<>(); // guarded by this

        private Distribution() {
            for (int i = 0; i < WHOLE_MILLIS; i++) {
                wholeMillis[i] = new LongAdder();
            }
        }

        void add(double bucket) {
            // Only a bucket's own value reaches here, so a non-negative one below 100 is a whole number.
            if (bucket >= 0 && bucket < WHOLE_MILLIS) {
                wholeMillis[(int) bucket].increment();
                return;
            }
            synchronized (this) {
                others.merge(bucket, 1L, Long::sum);
            }
        }

        Map<Double, Long> drain() {
            HashMap<Double, Long> taken;
            synchronized (this) {
                taken = others;
                others = new HashMap<>();
            }
            for (int i = 0; i < WHOLE_MILLIS; i++) {
                long n = wholeMillis[i].sumThenReset(); // atomic per cell on Java 17: no count is lost
                if (n != 0) {
                    taken.put((double) i, n);
                }
            }
            return taken.isEmpty() ? Map.of() : taken;
        }
    }

    private static final class Gauge {
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;
        private double sum;
        private long n;

        synchronized void add(double v) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            n++;
        }

        synchronized GaugeStats drain() {
            if (n == 0) {
                return null;
            }
            GaugeStats stats = new GaugeStats(min, max, sum, n);
            min = Double.POSITIVE_INFINITY;
            max = Double.NEGATIVE_INFINITY;
            sum = 0;
            n = 0;
            return stats;
        }
    }
}
