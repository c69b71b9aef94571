package io.orderstream.e2e;

import io.orderstream.harness.LocalStack;
import io.orderstream.job.metrics.Metric;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;

/** Reads metrics back from LocalStack's CloudWatch with GetMetricData, by {@link Metric} constant. */
final class CloudWatchMetrics implements AutoCloseable {
    private final CloudWatchClient client;
    private final String namespace;
    private final Instant from;

    CloudWatchMetrics(LocalStack localStack, String namespace, Instant from) {
        this.client = CloudWatchClient.builder()
                .endpointOverride(localStack.endpoint())
                .region(Region.of(localStack.region()))
                .credentialsProvider(localStack.credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        this.namespace = namespace;
        this.from = from;
    }

    /** The statistic over everything since {@code from}, in one period; empty when there is no data. */
    List<Double> values(Metric metric, String dimensionValue, String stat, int period) {
        software.amazon.awssdk.services.cloudwatch.model.Metric.Builder m =
                software.amazon.awssdk.services.cloudwatch.model.Metric.builder()
                        .namespace(namespace).metricName(metric.metricName());
        if (dimensionValue != null) {
            m.dimensions(Dimension.builder().name(metric.dimensions().get(0).cloudWatchName()).value(dimensionValue).build());
        }
        GetMetricDataResponse r = client.getMetricData(b -> b
                .startTime(from.minusSeconds(120))
                .endTime(Instant.now().plusSeconds(120))
                .metricDataQueries(MetricDataQuery.builder().id("q")
                        .metricStat(MetricStat.builder().metric(m.build()).stat(stat).period(period).build())
                        .build()));
        MetricDataResult result = r.metricDataResults().get(0);
        return result.values();
    }

    /** Sum of all datapoints of a count metric since {@code from}. */
    double sum(Metric metric, String dimensionValue) {
        return values(metric, dimensionValue, "Sum", 60).stream().mapToDouble(Double::doubleValue).sum();
    }

    double sum(Metric metric) {
        return sum(metric, null);
    }

    @Override
    public void close() {
        client.close();
    }
}
