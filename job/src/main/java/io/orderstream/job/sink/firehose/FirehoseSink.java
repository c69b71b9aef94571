package io.orderstream.job.sink.firehose;

import java.util.Collection;
import java.util.Collections;
import java.util.Objects;

import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import software.amazon.awssdk.services.firehose.model.Record;

/**
 * Writes a stream to an Amazon Data Firehose delivery stream, at least once.
 *
 * <p>Built on Flink's Async Sink framework the way the official {@code KinesisFirehoseSink} of
 * flink-connector-aws is, because that connector has no Flink 2.x release to depend on yet; the
 * shape (builder, element converter, state serializer) matches it so it can replace this package
 * later. Records buffered in a writer are part of its checkpointed state, and records Firehose
 * rejects are retried, so no record is lost; a retry may duplicate records.
 *
 * <p>Create one with {@link #builder()}.
 */
public class FirehoseSink<InputT> extends AsyncSinkBase<InputT, Record> {

    private static final long serialVersionUID = 1L;

    private final String deliveryStreamName;
    private final boolean failOnError;
    private final FirehoseClientConfig clientConfig;
    private final io.orderstream.job.config.JobConfig.Metrics metrics;

    FirehoseSink(
            ElementConverter<InputT, Record> elementConverter,
            int maxBatchSize,
            int maxInFlightRequests,
            int maxBufferedRequests,
            long maxBatchSizeInBytes,
            long maxTimeInBufferMS,
            long maxRecordSizeInBytes,
            String deliveryStreamName,
            boolean failOnError,
            FirehoseClientConfig clientConfig,
            io.orderstream.job.config.JobConfig.Metrics metrics) {
        super(
                elementConverter,
                maxBatchSize,
                maxInFlightRequests,
                maxBufferedRequests,
                maxBatchSizeInBytes,
                maxTimeInBufferMS,
                maxRecordSizeInBytes);
        this.deliveryStreamName = Objects.requireNonNull(deliveryStreamName);
        this.failOnError = failOnError;
        this.clientConfig = Objects.requireNonNull(clientConfig);
        this.metrics = metrics;
    }

    public static <InputT> FirehoseSinkBuilder<InputT> builder() {
        return new FirehoseSinkBuilder<>();
    }

    public String getDeliveryStreamName() {
        return deliveryStreamName;
    }

    @Override
    public StatefulSinkWriter<InputT, BufferedRequestState<Record>> createWriter(
            WriterInitContext context) {
        return restoreWriter(context, Collections.emptyList());
    }

    @Override
    public StatefulSinkWriter<InputT, BufferedRequestState<Record>> restoreWriter(
            WriterInitContext context, Collection<BufferedRequestState<Record>> recoveredState) {
        return new FirehoseSinkWriter<>(
                getElementConverter(),
                context,
                writerConfiguration(),
                deliveryStreamName,
                failOnError,
                clientConfig,
                metrics,
                recoveredState);
    }

    @Override
    public SimpleVersionedSerializer<BufferedRequestState<Record>> getWriterStateSerializer() {
        return new FirehoseStateSerializer();
    }

    private AsyncSinkWriterConfiguration writerConfiguration() {
        return AsyncSinkWriterConfiguration.builder()
                .setMaxBatchSize(getMaxBatchSize())
                .setMaxBatchSizeInBytes(getMaxBatchSizeInBytes())
                .setMaxInFlightRequests(getMaxInFlightRequests())
                .setMaxBufferedRequests(getMaxBufferedRequests())
                .setMaxTimeInBufferMS(getMaxTimeInBufferMS())
                .setMaxRecordSizeInBytes(getMaxRecordSizeInBytes())
                .setRequestTimeoutMS(getRequestTimeoutMS())
                .setFailOnTimeout(getFailOnTimeout())
                .build();
    }
}
