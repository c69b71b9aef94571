package io.orderstream.job.sink.firehose;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.Record;

/**
 * Picks the records to send again after a partially failed PutRecordBatch.
 *
 * <p>PutRecordBatch is not atomic: Firehose answers with one result per record, in request order,
 * and only the results carrying an error code were not accepted. Re-sending only those avoids
 * duplicating the records that were delivered. Kept as a pure function so it can be tested with
 * real SDK response objects.
 */
final class FailedEntries {

    private FailedEntries() {}

    /**
     * Returns the request entries whose result carries an error code, in request order.
     *
     * <p>If the response does not hold exactly one result per request entry, which Firehose never
     * does, the failed entries cannot be told apart; all entries are returned so that nothing is
     * lost (at the cost of possible duplicates, which at-least-once delivery allows anyway).
     */
    static List<Record> toRetry(List<Record> requestEntries, PutRecordBatchResponse response) {
        Objects.requireNonNull(requestEntries, "requestEntries");
        Objects.requireNonNull(response, "response");
        List<PutRecordBatchResponseEntry> results = response.requestResponses();
        if (results.size() != requestEntries.size()) {
            return List.copyOf(requestEntries);
        }
        List<Record> failed = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).errorCode() != null) {
                failed.add(requestEntries.get(i));
            }
        }
        return failed;
    }
}
