package io.orderstream.job.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.StatisticSet;

/**
 * Turns one interval's {@link MetricsBuffer.Snapshot} into CloudWatch datums and splits them into
 * PutMetricData requests within CloudWatch's limits.
 */
public final class MetricData {
    /** PutMetricData: at most 1000 datums per request. */
    public static final int MAX_DATUMS_PER_REQUEST = 1000;
    /** PutMetricData: at most 150 distinct values per datum (Values/Counts). */
    public static final int MAX_VALUES_PER_DATUM = 150;
    /** PutMetricData: 1 MB of payload; we stay well below, counting a generous estimate per datum. */
    public static final int MAX_REQUEST_BYTES = 1_000_000;
    static final int REQUEST_BYTES_BUDGET = 800_000;

    private MetricData() {}

    /** Datums of one interval, stamped {@code timestamp}; {@code storageResolution} 1 (high) or 60. */
    public static List<MetricDatum> datums(MetricsBuffer.Snapshot snapshot, Instant timestamp, int storageResolution) {
        List<MetricDatum> out = new ArrayList<>();
        snapshot.counts().forEach((key, n) -> out.add(base(key, timestamp, storageResolution).value((double) n).build()));
        snapshot.distributions().forEach((key, values) -> out.addAll(distribution(key, values, timestamp, storageResolution)));
        snapshot.gauges().forEach((key, g) -> {
            if (Double.isFinite(g.sum()) && MetricsBuffer.acceptable(g.sum())) {
                out.add(base(key, timestamp, storageResolution).statisticValues(StatisticSet.builder()
                        .minimum(g.min()).maximum(g.max()).sum(g.sum()).sampleCount((double) g.sampleCount()).build())
                        .build());
            }
        });
        return out;
    }

    /** One or more datums carrying a distribution, each with at most {@link #MAX_VALUES_PER_DATUM} distinct values. */
    static List<MetricDatum> distribution(SeriesKey key, Map<Double, Long> values, Instant timestamp, int storageResolution) {
        List<Map.Entry<Double, Long>> entries = new ArrayList<>(values.entrySet());
        entries.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
        List<MetricDatum> out = new ArrayList<>();
        for (int from = 0; from < entries.size(); from += MAX_VALUES_PER_DATUM) {
            List<Map.Entry<Double, Long>> chunk = entries.subList(from, Math.min(entries.size(), from + MAX_VALUES_PER_DATUM));
            List<Double> v = new ArrayList<>(chunk.size());
            List<Double> c = new ArrayList<>(chunk.size());
            for (Map.Entry<Double, Long> e : chunk) {
                v.add(e.getKey());
                c.add((double) e.getValue());
            }
            out.add(base(key, timestamp, storageResolution).values(v).counts(c).build());
        }
        return out;
    }

    private static MetricDatum.Builder base(SeriesKey key, Instant timestamp, int storageResolution) {
        Metric metric = key.metric();
        MetricDatum.Builder b = MetricDatum.builder()
                .metricName(metric.metricName())
                .unit(StandardUnit.fromValue(metric.unit().cloudWatchName()))
                .timestamp(timestamp)
                .storageResolution(storageResolution);
        if (key.dimensionValue() != null) {
            b.dimensions(Dimension.builder()
                    .name(metric.dimensions().get(0).cloudWatchName())
                    .value(key.dimensionValue())
                    .build());
        }
        return b;
    }

    /** Splits datums into requests of at most 1000 datums and at most ~800 kB estimated payload each. */
    public static List<List<MetricDatum>> batches(List<MetricDatum> datums) {
        List<List<MetricDatum>> out = new ArrayList<>();
        List<MetricDatum> current = new ArrayList<>();
        int bytes = 0;
        for (MetricDatum d : datums) {
            int size = estimatedBytes(d);
            if (!current.isEmpty() && (current.size() == MAX_DATUMS_PER_REQUEST || bytes + size > REQUEST_BYTES_BUDGET)) {
                out.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(d);
            bytes += size;
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    /**
     * A generous estimate of a datum's size in the request (the query protocol's form encoding is the
     * largest): field names with their member index, names, values as decimal text.
     */
    static int estimatedBytes(MetricDatum d) {
        int size = 200 + d.metricName().length();
        for (Dimension dim : d.dimensions()) {
            size += 100 + dim.name().length() + dim.value().length();
        }
        size += 2 * 60 * d.values().size();
        size += d.statisticValues() == null ? 0 : 200;
        return size;
    }
}
