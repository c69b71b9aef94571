package io.orderstream.reliability;

import io.orderstream.harness.LocalStack;
import io.orderstream.job.metrics.Metric;
import java.time.Instant;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;

/** The job's custom metrics read back from LocalStack CloudWatch: sums since the test began. */
final class Metrics implements AutoCloseable {
    private final CloudWatchClient client;
    private final String namespace;
    private final Instant from;

    Metrics(LocalStack localStack, String namespace, Instant from) {
        this.client = CloudWatchClient.builder().endpointOverride(localStack.endpoint())
                .region(Region.of(localStack.region())).credentialsProvider(localStack.credentials())
                .httpClient(UrlConnectionHttpClient.create()).build();
        this.namespace = namespace;
        this.from = from;
    }

    long sum(Metric metric, String dimensionValue) {
        software.amazon.awssdk.services.cloudwatch.model.Metric.Builder m =
                software.amazon.awssdk.services.cloudwatch.model.Metric.builder().namespace(namespace).metricName(metric.metricName());
        if (dimensionValue != null) {
            m.dimensions(Dimension.builder().name(metric.dimensions().get(0).cloudWatchName()).value(dimensionValue).build());
        }
        return Math.round(client.getMetricData(b -> b.startTime(from.minusSeconds(120)).endTime(Instant.now().plusSeconds(120))
                        .metricDataQueries(MetricDataQuery.builder().id("q").metricStat(MetricStat.builder()
                                .metric(m.build()).stat("Sum").period(60).build()).build()))
                .metricDataResults().get(0).values().stream().mapToDouble(Double::doubleValue).sum());
    }

    long sum(Metric metric) {
        return sum(metric, null);
    }

    @Override
    public void close() {
        client.close();
    }
}
