package io.orderstream.job.dlq;

import io.orderstream.job.model.DlqRecord;
import io.orderstream.job.model.DlqRecordPart;
import io.orderstream.job.sink.DlqRecordJson;
import io.orderstream.job.sink.firehose.FirehoseSinkBuilder;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Operator {@code split-oversized-dlq}, just before the DLQ sink: a DLQ record whose JSON line would
 * be larger than a Firehose record (1,000 KiB) becomes parts, each carrying a slice of the payload,
 * which the DLQ tool joins again. Without it such a record would fail the sink, and with it the job,
 * on every restart: a payload of NUL characters escapes to six times its size, and a record larger
 * than {@code input.max-record-bytes} goes to the DLQ whole.
 *
 * <p>Records that cannot be that large are passed on without being serialized here.
 */
public class SplitOversizedDlqRecords implements FlatMapFunction<DlqRecord, DlqRecord> {
    static final int MAX_LINE_BYTES = (int) FirehoseSinkBuilder.MAX_RECORD_SIZE_IN_BYTES;
    /**
     * Payload bytes per part. Their base64 is 800,000 bytes, which leaves a part's other fields
     * (free text shortened to 1,000 characters, at most 6 bytes each when escaped) ample room.
     */
    static final int PART_PAYLOAD_BYTES = 600_000;
    /** Bytes of a line besides its payload and free text: field names, position, times. */
    private static final int FIXED_FIELDS_BYTES = 2_048;

    private final DlqRecordJson json = new DlqRecordJson();

    @Override
    public void flatMap(DlqRecord record, Collector<DlqRecord> out) {
        if (!mayExceedOneRecord(record) || json.serialize(record).length <= MAX_LINE_BYTES) {
            out.collect(record);
            return;
        }
        int total = record.source.payload.length;
        // At least two parts, so that a part line is always recognisable as one.
        int count = Math.max(2, (total + PART_PAYLOAD_BYTES - 1) / PART_PAYLOAD_BYTES);
        int slice = (total + count - 1) / count;
        for (int i = 0; i < count; i++) {
            int from = Math.min(total, i * slice);
            int to = Math.min(total, from + slice);
            out.collect(record.withPart(new DlqRecordPart(i, count, from, to)));
        }
    }

    /** Upper bound of the line's size: every payload byte and text character escaped as \\uXXXX. */
    static boolean mayExceedOneRecord(DlqRecord r) {
        long chars = (long) r.source.payload.length + length(r.errorRule) + length(r.errorDetail) + length(r.orderId)
                + length(r.source.topic) + length(r.source.replayOf);
        return 6 * chars + FIXED_FIELDS_BYTES > MAX_LINE_BYTES;
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }
}
