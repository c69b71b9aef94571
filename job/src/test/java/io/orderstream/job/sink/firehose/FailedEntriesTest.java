package io.orderstream.job.sink.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.Record;

class FailedEntriesTest {

    private static Record record(String data) {
        return Record.builder().data(SdkBytes.fromString(data, StandardCharsets.UTF_8)).build();
    }

    private static PutRecordBatchResponseEntry accepted(String recordId) {
        return PutRecordBatchResponseEntry.builder().recordId(recordId).build();
    }

    private static PutRecordBatchResponseEntry rejected(String errorCode) {
        return PutRecordBatchResponseEntry.builder()
                .errorCode(errorCode)
                .errorMessage("rejected: " + errorCode)
                .build();
    }

    @Test
    void retriesOnlyTheRejectedRecordsInRequestOrder() {
        List<Record> sent = List.of(record("a"), record("b"), record("c"), record("d"));
        PutRecordBatchResponse response =
                PutRecordBatchResponse.builder()
                        .failedPutCount(2)
                        .requestResponses(
                                accepted("id-a"),
                                rejected("ServiceUnavailableException"),
                                accepted("id-c"),
                                rejected("InternalFailure"))
                        .build();

        List<Record> retry = FailedEntries.toRetry(sent, response);

        assertThat(retry).containsExactly(sent.get(1), sent.get(3));
    }

    @Test
    void retriesNothingWhenEverythingWasAccepted() {
        List<Record> sent = List.of(record("a"), record("b"));
        PutRecordBatchResponse response =
                PutRecordBatchResponse.builder()
                        .failedPutCount(0)
                        .requestResponses(accepted("id-a"), accepted("id-b"))
                        .build();

        assertThat(FailedEntries.toRetry(sent, response)).isEmpty();
    }

    @Test
    void retriesEverythingWhenAllWereRejected() {
        List<Record> sent = List.of(record("a"), record("b"));
        PutRecordBatchResponse response =
                PutRecordBatchResponse.builder()
                        .failedPutCount(2)
                        .requestResponses(
                                rejected("ServiceUnavailableException"),
                                rejected("ServiceUnavailableException"))
                        .build();

        assertThat(FailedEntries.toRetry(sent, response)).containsExactlyElementsOf(sent);
    }

    @Test
    void retriesAllWhenResultsDoNotMatchTheRequest() {
        List<Record> sent = List.of(record("a"), record("b"), record("c"));
        PutRecordBatchResponse response =
                PutRecordBatchResponse.builder()
                        .failedPutCount(1)
                        .requestResponses(accepted("id-a"), rejected("InternalFailure"))
                        .build();

        assertThat(FailedEntries.toRetry(sent, response)).containsExactlyElementsOf(sent);
    }
}
