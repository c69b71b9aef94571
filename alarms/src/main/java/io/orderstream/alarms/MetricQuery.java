package io.orderstream.alarms;

import io.orderstream.job.metrics.Metric;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One CloudWatch metric as an alarm reads it: namespace, name, dimensions, statistic and period.
 * Built only from the job's metric contract ({@link Metric}) or a named {@link PlatformMetric}, so
 * no alarm can watch a metric nobody publishes.
 *
 * @param jobMetric the contract's metric, or null for a platform metric
 * @param platformMetric the platform metric, or null for a job metric
 */
public record MetricQuery(String namespace, String metricName, Map<String, String> dimensions, String statistic,
                          Duration period, Metric jobMetric, PlatformMetric platformMetric) {

    public MetricQuery {
        Objects.requireNonNull(namespace);
        Objects.requireNonNull(metricName);
        dimensions = Map.copyOf(dimensions);
        Objects.requireNonNull(statistic);
        Objects.requireNonNull(period);
        if ((jobMetric == null) == (platformMetric == null)) {
            throw new IllegalArgumentException("exactly one of jobMetric and platformMetric");
        }
    }

    /** A job metric with the statistic that gives it its meaning (the contract's). */
    public static MetricQuery job(Metric metric, Duration period) {
        return job(metric, metric.statistic().cloudWatchName(), period, Map.of());
    }

    /** A job metric with an explicit statistic and dimension values (names must be the contract's). */
    public static MetricQuery job(Metric metric, String statistic, Duration period, Map<String, String> dimensions) {
        List<String> allowed = metric.dimensions().stream().map(Metric.Dimension::cloudWatchName).toList();
        if (!allowed.containsAll(dimensions.keySet()) || dimensions.size() != allowed.size()) {
            throw new IllegalArgumentException(metric + " has dimensions " + allowed + ", not " + dimensions.keySet());
        }
        return new MetricQuery(Metric.NAMESPACE, metric.metricName(), dimensions, statistic, period, metric, null);
    }

    /** A platform metric; {@code dimensionValues} in the order of {@link PlatformMetric#dimensionNames()}. */
    public static MetricQuery platform(PlatformMetric metric, String statistic, Duration period, String... dimensionValues) {
        if (dimensionValues.length != metric.dimensionNames().size()) {
            throw new IllegalArgumentException(metric + " needs dimensions " + metric.dimensionNames());
        }
        Map<String, String> dims = new LinkedHashMap<>();
        for (int i = 0; i < dimensionValues.length; i++) {
            dims.put(metric.dimensionNames().get(i), dimensionValues[i]);
        }
        return new MetricQuery(metric.namespace(), metric.metricName(), dims, statistic, period, null, metric);
    }

    public boolean isPlatform() {
        return platformMetric != null;
    }
}
