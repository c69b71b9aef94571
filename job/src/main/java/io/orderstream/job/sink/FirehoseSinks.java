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
        FirehoseClientConfig.Builder client = FirehoseClientConfig.builder()
                .region(settings.region())
                .maxConcurrency(settings.maxInFlightRequests());
        if (settings.endpoint() != null) {
            client.endpointOverride(settings.endpoint());
        }
        FirehoseClientConfig clientConfig = client.build();
        return new PipelineSinks(
                sink(settings, settings.ordersStream(), new EnrichedOrderJson(), clientConfig),
                sink(settings, settings.aggregatesStream(), new WindowAggregateJson(), clientConfig),
                sink(settings, settings.dlqStream(), new DlqRecordJson(), clientConfig));
    }

    private static <T> FirehoseSink<T> sink(JobConfig.Firehose settings, String stream,
                                            SerializationSchema<T> schema, FirehoseClientConfig client) {
        return FirehoseSink.<T>builder()
                .setDeliveryStreamName(stream)
                .setSerializationSchema(schema)
                .setClientConfig(client)
                .setMaxInFlightRequests(settings.maxInFlightRequests())
                .setMaxTimeInBufferMS(settings.maxBufferTime().toMillis())
                .build();
    }
}
