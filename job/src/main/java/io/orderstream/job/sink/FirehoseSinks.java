package io.orderstream.job.sink;

import io.orderstream.job.PipelineSinks;
import io.orderstream.job.config.JobConfig;
import io.orderstream.job.sink.firehose.FirehoseClientConfig;
import io.orderstream.job.sink.firehose.FirehoseSink;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * The production outputs: enriched orders, window aggregates and DLQ records, each to its own
 * Firehose delivery stream as JSON lines. Credentials come from the runtime (the application's IAM
 * role on MSF; the SDK's default chain elsewhere), never from the job's properties.
 */
public final class FirehoseSinks {
    private FirehoseSinks() {}

    public static PipelineSinks create(JobConfig.Firehose settings) {
        return create(settings, null);
    }

    /** {@code metrics}: where the sink writers publish their custom metrics; null for Flink metric groups only. */
    public static PipelineSinks create(JobConfig.Firehose settings, JobConfig.Metrics metrics) {
        FirehoseClientConfig.Builder client = FirehoseClientConfig.builder()
                .region(settings.region())
                .maxConcurrency(settings.maxInFlightRequests());
        if (settings.endpoint() != null) {
            client.endpointOverride(settings.endpoint());
        }
        FirehoseClientConfig clientConfig = client.build();
        return new PipelineSinks(
                sink(settings, settings.ordersStream(), new EnrichedOrderJson(), clientConfig, metrics),
                sink(settings, settings.aggregatesStream(), new WindowAggregateJson(), clientConfig, metrics),
                sink(settings, settings.dlqStream(), new DlqRecordJson(), clientConfig, metrics));
    }

    private static <T> FirehoseSink<T> sink(JobConfig.Firehose settings, String stream,
                                            SerializationSchema<T> schema, FirehoseClientConfig client,
                                            JobConfig.Metrics metrics) {
        return FirehoseSink.<T>builder()
                .setDeliveryStreamName(stream)
                .setSerializationSchema(schema)
                .setClientConfig(client)
                .setMetrics(metrics)
                .setMaxInFlightRequests(settings.maxInFlightRequests())
                .setMaxTimeInBufferMS(settings.maxBufferTime().toMillis())
                .build();
    }
}
