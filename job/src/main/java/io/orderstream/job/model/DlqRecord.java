package io.orderstream.job.model;

/**
 * A record that could not be delivered as an enriched order, with everything needed to find the
 * cause and to replay it: the untouched payload and its Kafka coordinates.
 */
public class DlqRecord {
    public ErrorType errorType;
    /** For validation errors: the first rule broken (see {@code ValidationRule}); else null. */
    public String errorRule;
    public String errorDetail;
    /** The order id when the payload got far enough to have one. */
    public String orderId;
    public RawRecord source;
    /** Epoch millis when the job routed the record to the DLQ. */
    public long processingTime;
    /** Null for a whole record; set on each part of a record too large for one Firehose record. */
    public DlqRecordPart part;

    public DlqRecord() {}

    public static DlqRecord of(ErrorType type, String rule, String detail, String orderId, RawRecord source) {
        DlqRecord r = new DlqRecord();
        r.errorType = type;
        r.errorRule = rule;
        r.errorDetail = detail;
        r.orderId = orderId;
        r.source = source;
        r.processingTime = System.currentTimeMillis();
        return r;
    }

    /** This record's part {@code part}: the same record, carrying only that slice of the payload. */
    public DlqRecord withPart(DlqRecordPart part) {
        DlqRecord r = of(errorType, errorRule, errorDetail, orderId, source);
        r.processingTime = processingTime;
        r.part = part;
        return r;
    }
}
