package io.orderstream.job.sink.firehose;

import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.sink.AsyncSinkBaseBuilder;
import org.apache.flink.connector.base.sink.writer.ElementConverter;

import software.amazon.awssdk.services.firehose.model.Record;

/**
 * Builds a {@link FirehoseSink}; the batching setters come from {@link AsyncSinkBaseBuilder}.
 *
 * <p>Everything is checked in {@link #build()}, on the client, so a wrong setting fails the job
 * submission with a clear message instead of every task manager at runtime. The limits are those
 * of PutRecordBatch: at most {@value #MAX_BATCH_SIZE} records and {@value
 * #MAX_BATCH_SIZE_IN_BYTES} bytes per request, {@value #MAX_RECORD_SIZE_IN_BYTES} bytes per record.
 *
 * <pre>{@code
 * FirehoseSink<Order> sink = FirehoseSink.<Order>builder()
 *     .setDeliveryStreamName("orders")
 *     .setSerializationSchema(new OrderJsonSchema())
 *     .setClientConfig(FirehoseClientConfig.builder().region("eu-west-1").build())
 *     .build();
 * }</pre>
 */
public class FirehoseSinkBuilder<InputT>
        extends AsyncSinkBaseBuilder<InputT, Record, FirehoseSinkBuilder<InputT>> {

    /** PutRecordBatch: records per request. */
    public static final int MAX_BATCH_SIZE = 500;

    /** PutRecordBatch: bytes per request (4 MiB). */
    public static final long MAX_BATCH_SIZE_IN_BYTES = 4L * 1024 * 1024;

    /** Firehose: bytes per record before base64 encoding (1,000 KiB). */
    public static final long MAX_RECORD_SIZE_IN_BYTES = 1000L * 1024;

    public static final int DEFAULT_MAX_BATCH_SIZE = MAX_BATCH_SIZE;
    public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS = 50;
    public static final int DEFAULT_MAX_BUFFERED_REQUESTS = 10_000;
    public static final long DEFAULT_MAX_BATCH_SIZE_IN_BYTES = MAX_BATCH_SIZE_IN_BYTES;
    public static final long DEFAULT_MAX_TIME_IN_BUFFER_MS = 5_000;
    public static final long DEFAULT_MAX_RECORD_SIZE_IN_BYTES = MAX_RECORD_SIZE_IN_BYTES;

    /** Firehose's rule for delivery stream names. */
    private static final Pattern DELIVERY_STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,64}");

    private String deliveryStreamName;
    private ElementConverter<InputT, Record> elementConverter;
    private SerializationSchema<InputT> serializationSchema;
    private boolean failOnError;
    private FirehoseClientConfig clientConfig;

    FirehoseSinkBuilder() {}

    /** Name of the Firehose delivery stream (Direct PUT) to write to. Required. */
    public FirehoseSinkBuilder<InputT> setDeliveryStreamName(String deliveryStreamName) {
        this.deliveryStreamName = deliveryStreamName;
        return this;
    }

    private io.orderstream.job.config.JobConfig.Metrics metrics;

    /** Turns each element into a Firehose record. Set this or a serialization schema. */
    public FirehoseSinkBuilder<InputT> setElementConverter(
            ElementConverter<InputT, Record> elementConverter) {
        this.elementConverter = elementConverter;
        return this;
    }

    /** Serializes each element into the data of one record. Set this or an element converter. */
    public FirehoseSinkBuilder<InputT> setSerializationSchema(
            SerializationSchema<InputT> serializationSchema) {
        this.serializationSchema = serializationSchema;
        return this;
    }

    /**
     * Fail the job on any failed put instead of retrying throttled and transient failures. Off by
     * default. Fatal failures (unknown stream, access denied, ...) always fail the job.
     */
    public FirehoseSinkBuilder<InputT> setFailOnError(boolean failOnError) {
        this.failOnError = failOnError;
        return this;
    }

    /**
     * Where the writer also publishes its custom metrics (failed puts, throttles, retries per
     * delivery stream, and the firehose_delay latency). Optional: without it, Flink metric groups only.
     */
    public FirehoseSinkBuilder<InputT> setMetrics(io.orderstream.job.config.JobConfig.Metrics metrics) {
        this.metrics = metrics;
        return this;
    }

    /** Region, endpoint, credentials and HTTP settings of the Firehose client. Required. */
    public FirehoseSinkBuilder<InputT> setClientConfig(FirehoseClientConfig clientConfig) {
        this.clientConfig = clientConfig;
        return this;
    }

    @Override
    public FirehoseSink<InputT> build() {
        int maxBatchSize = Optional.ofNullable(getMaxBatchSize()).orElse(DEFAULT_MAX_BATCH_SIZE);
        int maxInFlightRequests =
                Optional.ofNullable(getMaxInFlightRequests())
                        .orElse(DEFAULT_MAX_IN_FLIGHT_REQUESTS);
        int maxBufferedRequests =
                Optional.ofNullable(getMaxBufferedRequests())
                        .orElse(DEFAULT_MAX_BUFFERED_REQUESTS);
        long maxBatchSizeInBytes =
                Optional.ofNullable(getMaxBatchSizeInBytes())
                        .orElse(DEFAULT_MAX_BATCH_SIZE_IN_BYTES);
        long maxTimeInBufferMS =
                Optional.ofNullable(getMaxTimeInBufferMS()).orElse(DEFAULT_MAX_TIME_IN_BUFFER_MS);
        long maxRecordSizeInBytes =
                Optional.ofNullable(getMaxRecordSizeInBytes())
                        .orElse(DEFAULT_MAX_RECORD_SIZE_IN_BYTES);

        validateDeliveryStreamName();
        require(
                clientConfig != null,
                "FirehoseSink needs a client config: call setClientConfig(...) with at least a region.");
        require(
                maxBatchSize >= 1 && maxBatchSize <= MAX_BATCH_SIZE,
                "maxBatchSize must be between 1 and %d (the PutRecordBatch limit), was %d.",
                MAX_BATCH_SIZE,
                maxBatchSize);
        require(
                maxBatchSizeInBytes >= 1 && maxBatchSizeInBytes <= MAX_BATCH_SIZE_IN_BYTES,
                "maxBatchSizeInBytes must be between 1 and %d (4 MiB, the PutRecordBatch limit), was %d.",
                MAX_BATCH_SIZE_IN_BYTES,
                maxBatchSizeInBytes);
        require(
                maxRecordSizeInBytes >= 1 && maxRecordSizeInBytes <= MAX_RECORD_SIZE_IN_BYTES,
                "maxRecordSizeInBytes must be between 1 and %d (1000 KiB, the Firehose record limit), was %d.",
                MAX_RECORD_SIZE_IN_BYTES,
                maxRecordSizeInBytes);
        require(
                maxRecordSizeInBytes <= maxBatchSizeInBytes,
                "maxRecordSizeInBytes (%d) must not exceed maxBatchSizeInBytes (%d).",
                maxRecordSizeInBytes,
                maxBatchSizeInBytes);
        require(
                maxInFlightRequests >= 1,
                "maxInFlightRequests must be positive, was %d.",
                maxInFlightRequests);
        require(
                maxBufferedRequests > maxBatchSize,
                "maxBufferedRequests (%d) must be greater than maxBatchSize (%d).",
                maxBufferedRequests,
                maxBatchSize);
        require(
                maxTimeInBufferMS >= 1,
                "maxTimeInBufferMS must be positive, was %d.",
                maxTimeInBufferMS);
        require(
                clientConfig.maxConcurrency() >= maxInFlightRequests,
                "The client's maxConcurrency (%d) must be at least maxInFlightRequests (%d),"
                        + " or requests wait for a connection and time out.",
                clientConfig.maxConcurrency(),
                maxInFlightRequests);

        return new FirehoseSink<>(
                resolveElementConverter(),
                maxBatchSize,
                maxInFlightRequests,
                maxBufferedRequests,
                maxBatchSizeInBytes,
                maxTimeInBufferMS,
                maxRecordSizeInBytes,
                deliveryStreamName,
                failOnError,
                clientConfig,
                metrics);
    }

    private void validateDeliveryStreamName() {
        require(
                deliveryStreamName != null && !deliveryStreamName.isBlank(),
                "FirehoseSink needs a delivery stream name: call setDeliveryStreamName(...).");
        require(
                DELIVERY_STREAM_NAME.matcher(deliveryStreamName).matches(),
                "Invalid delivery stream name '%s': use 1 to 64 letters, digits, '_', '.' or '-'.",
                deliveryStreamName);
    }

    private ElementConverter<InputT, Record> resolveElementConverter() {
        require(
                (elementConverter == null) != (serializationSchema == null),
                "FirehoseSink needs exactly one of setElementConverter(...) or"
                        + " setSerializationSchema(...).");
        return elementConverter != null
                ? elementConverter
                : new FirehoseSinkElementConverter<>(serializationSchema);
    }

    private static void require(boolean condition, String message, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(message, args));
        }
    }
}
