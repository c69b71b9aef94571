package io.orderstream.job.metrics;

/**
 * One CloudWatch time series of the contract: a {@link Metric} and, when the metric has a
 * dimension, its value (an error_type, an operator, a delivery stream).
 */
public record SeriesKey(Metric metric, String dimensionValue) {
    public SeriesKey {
        if (metric.dimensions().isEmpty() != (dimensionValue == null)) {
            throw new IllegalArgumentException(metric + " has dimensions " + metric.dimensions()
                    + " but was given dimension value " + dimensionValue);
        }
    }

    public static SeriesKey of(Metric metric) {
        return new SeriesKey(metric, null);
    }
}
