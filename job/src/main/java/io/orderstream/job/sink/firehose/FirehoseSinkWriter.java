package io.orderstream.job.sink.firehose;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.DequeRequestBuffer;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.SimpleBatchCreator;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import io.orderstream.job.config.JobConfig;
import io.orderstream.job.metrics.Metric;
import io.orderstream.job.metrics.OperatorMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchRequest;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.Record;

/**
 * Sends the batches the Async Sink framework forms to Firehose with PutRecordBatch.
 *
 * <p>Batching, buffering, checkpointing of buffered records, the limit on in-flight requests and
 * the congestion control all come from {@link AsyncSinkWriter}: when Firehose slows down or
 * throttles, requests stay in flight or come back for retry, the buffer fills up and the writer
 * blocks, which backpressures the job. This class only decides, per answer, what is retried and
 * what fails the job (see {@link FirehoseExceptionClassifier}).
 */
class FirehoseSinkWriter<InputT> extends AsyncSinkWriter<InputT, Record> {

    static final String FAILED_PUT_RECORDS_METRIC = "firehose_failed_put_records";
    static final String THROTTLED_REQUESTS_METRIC = "firehose_throttled_requests";
    static final String RETRIED_RECORDS_METRIC = "firehose_retried_records";

    private static final Logger LOG = LoggerFactory.getLogger(FirehoseSinkWriter.class);

    private final String deliveryStreamName;
    private final boolean failOnError;
    private final FirehoseAsyncClient client;

    private final Counter numRecordsSendErrors;
    private final Counter failedPutRecords;
    private final Counter throttledRequests;
    private final Counter retriedRecords;
    /** The same counts as the Flink counters above, published per delivery stream, plus firehose_delay. */
    private final OperatorMetrics customMetrics;

    FirehoseSinkWriter(
            ElementConverter<InputT, Record> elementConverter,
            WriterInitContext context,
            AsyncSinkWriterConfiguration configuration,
            String deliveryStreamName,
            boolean failOnError,
            FirehoseClientConfig clientConfig,
            JobConfig.Metrics metricsSettings,
            Collection<BufferedRequestState<Record>> initialStates) {
        super(
                elementConverter,
                context,
                configuration,
                initialStates,
                new SimpleBatchCreator<>(configuration.getMaxBatchSizeInBytes()),
                new DequeRequestBuffer<>());
        this.deliveryStreamName = Objects.requireNonNull(deliveryStreamName);
        this.failOnError = failOnError;
        SinkWriterMetricGroup metrics = context.metricGroup();
        this.numRecordsSendErrors = metrics.getNumRecordsSendErrorsCounter();
        this.failedPutRecords = metrics.counter(FAILED_PUT_RECORDS_METRIC);
        this.throttledRequests = metrics.counter(THROTTLED_REQUESTS_METRIC);
        this.retriedRecords = metrics.counter(RETRIED_RECORDS_METRIC);
        this.customMetrics = metricsSettings == null ? null
                : OperatorMetrics.open(metrics, metricsSettings);
        this.client = FirehoseClientFactory.create(clientConfig);
    }

    @Override
    protected void submitRequestEntries(
            List<Record> requestEntries, ResultHandler<Record> resultHandler) {
        PutRecordBatchRequest request =
                PutRecordBatchRequest.builder()
                        .deliveryStreamName(deliveryStreamName)
                        .records(requestEntries)
                        .build();
        long start = System.nanoTime();
        client.putRecordBatch(request)
                .whenComplete(
                        (response, error) -> {
                            if (customMetrics != null) {
                                customMetrics.operatorLatencySample(Metric.OperatorName.FIREHOSE_DELAY,
                                        OperatorMetrics.millisSince(start));
                            }
                            if (error != null) {
                                onRequestFailed(error, requestEntries, resultHandler);
                            } else if (hasFailedRecords(response)) {
                                onRequestPartiallyFailed(response, requestEntries, resultHandler);
                            } else {
                                resultHandler.complete();
                            }
                        });
    }

    @Override
    protected long getSizeInBytes(Record requestEntry) {
        return requestEntry.data().asByteArrayUnsafe().length;
    }

    @Override
    public void close() {
        client.close();
        if (customMetrics != null) {
            customMetrics.close();
        }
    }

    private void onRequestFailed(
            Throwable error, List<Record> requestEntries, ResultHandler<Record> resultHandler) {
        countFailed(requestEntries.size());
        FirehoseExceptionClassifier.Kind kind = FirehoseExceptionClassifier.classify(error);
        if (kind == FirehoseExceptionClassifier.Kind.THROTTLED) {
            countThrottled();
        }
        if (kind.isFatal() || failOnError) {
            resultHandler.completeExceptionally(
                    new FirehoseSinkException(failureMessage(kind, requestEntries.size()), error));
            return;
        }
        LOG.warn(
                "PutRecordBatch to Firehose delivery stream '{}' failed ({}); retrying all {} records.",
                deliveryStreamName,
                kind.description(),
                requestEntries.size(),
                error);
        retry(requestEntries, resultHandler);
    }

    private void onRequestPartiallyFailed(
            PutRecordBatchResponse response,
            List<Record> requestEntries,
            ResultHandler<Record> resultHandler) {
        List<Record> failed = FailedEntries.toRetry(requestEntries, response);
        countFailed(failed.size());
        FirehoseExceptionClassifier.Kind kind =
                FirehoseExceptionClassifier.classifyRecordErrors(response.requestResponses());
        if (kind == FirehoseExceptionClassifier.Kind.THROTTLED) {
            countThrottled();
        }
        if (kind.isFatal() || failOnError) {
            String message =
                    failureMessage(kind, failed.size())
                            + " First record error: "
                            + firstRecordError(response);
            resultHandler.completeExceptionally(new FirehoseSinkException(message, null));
            return;
        }
        LOG.warn(
                "Firehose delivery stream '{}' rejected {} of {} records ({}); retrying those.",
                deliveryStreamName,
                failed.size(),
                requestEntries.size(),
                kind.description());
        retry(failed, resultHandler);
    }

    private void retry(List<Record> entries, ResultHandler<Record> resultHandler) {
        retriedRecords.inc(entries.size());
        if (customMetrics != null) {
            customMetrics.count(Metric.FIREHOSE_RETRIES, deliveryStreamName, entries.size());
        }
        resultHandler.retryForEntries(entries);
    }

    private void countFailed(int records) {
        numRecordsSendErrors.inc(records);
        failedPutRecords.inc(records);
        if (customMetrics != null) {
            customMetrics.count(Metric.FIREHOSE_FAILED_PUTS, deliveryStreamName, records);
        }
    }

    private void countThrottled() {
        throttledRequests.inc();
        if (customMetrics != null) {
            customMetrics.count(Metric.FIREHOSE_THROTTLES, deliveryStreamName, 1);
        }
    }

    private String failureMessage(FirehoseExceptionClassifier.Kind kind, int records) {
        String reason =
                kind.isFatal() ? kind.description() : kind.description() + " and failOnError is set";
        return String.format(
                "Failed to put %d records to Firehose delivery stream '%s': %s.",
                records, deliveryStreamName, reason);
    }

    private static boolean hasFailedRecords(PutRecordBatchResponse response) {
        return response.failedPutCount() != null && response.failedPutCount() > 0;
    }

    private static String firstRecordError(PutRecordBatchResponse response) {
        return response.requestResponses().stream()
                .filter(result -> result.errorCode() != null)
                .findFirst()
                .map(result -> result.errorCode() + " (" + result.errorMessage() + ")")
                .orElse("none reported");
    }
}
