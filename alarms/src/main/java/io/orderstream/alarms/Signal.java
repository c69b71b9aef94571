package io.orderstream.alarms;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an alarm evaluates: one metric, or a metric-math expression over named metrics (ids start
 * with a lower-case letter, as CloudWatch requires).
 *
 * @param metric the single metric, or null for an expression
 * @param expression the metric-math expression, or null for a single metric
 * @param usingMetrics the expression's metrics by id (empty for a single metric)
 * @param label what the expression's value means, with its unit
 */
public record Signal(MetricQuery metric, String expression, Map<String, MetricQuery> usingMetrics, String label) {

    public Signal {
        if ((metric == null) == (expression == null)) {
            throw new IllegalArgumentException("exactly one of metric and expression");
        }
        usingMetrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(usingMetrics));
        if (expression != null && usingMetrics.isEmpty()) {
            throw new IllegalArgumentException("an expression needs metrics");
        }
        Objects.requireNonNull(label);
    }

    public static Signal of(MetricQuery metric) {
        return new Signal(metric, null, Map.of(), metric.metricName());
    }

    public static Signal math(String expression, Map<String, MetricQuery> metrics, String label) {
        return new Signal(null, expression, metrics, label);
    }

    public boolean isExpression() {
        return expression != null;
    }

    /** The alarm's period: every metric of an expression has the same one. */
    public Duration period() {
        if (metric != null) {
            return metric.period();
        }
        return usingMetrics.values().iterator().next().period();
    }

    /** Every metric the signal reads. */
    public java.util.Collection<MetricQuery> metrics() {
        return metric != null ? java.util.List.of(metric) : usingMetrics.values();
    }
}
