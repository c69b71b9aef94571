package io.orderstream.job.metrics;

/**
 * Field names of the job's structured log events, defined once: the runbooks' Logs Insights queries
 * filter and aggregate on exactly these names, so they are part of the observability contract.
 */
public enum LogField {
    /** What kind of event: see {@link LogEvents}. */
    EVENT("event"),
    DLQ("dlq"),
    ORDER_ID("order_id"),
    CUSTOMER_ID("customer_id"),
    ERROR_TYPE("error_type"),
    /** For validation errors: the rule broken (the runbook selects {@code validation_error}). */
    VALIDATION_ERROR("validation_error"),
    ERROR_DETAIL("error_detail"),
    KAFKA_TOPIC("kafka_topic"),
    KAFKA_PARTITION("kafka_partition"),
    KAFKA_OFFSET("kafka_offset"),
    WINDOW_ID("window_id"),
    REVISION("revision"),
    /** Orders of the window that reached the aggregation or were dropped as late: records_out + records_late. */
    RECORDS_IN("records_in"),
    /** Orders the window counted (the emitted order_count). */
    RECORDS_OUT("records_out"),
    /** Orders of the window dropped as late_arrival so far: records_in - records_out. */
    RECORDS_LATE("records_late"),
    /** Orders that arrived after the window fired and were still counted. */
    RECORDS_LATE_ACCEPTED("records_late_accepted"),
    WINDOW_COMPLETENESS("window_completeness"),
    OPERATOR("operator"),
    LATENCY_MS("latency_ms"),
    ENRICHMENT_API_LATENCY("enrichment_api_latency"),
    /** 1 for a cache hit, 0 for a miss: {@code avg(enrichment_cache_hit)} is the hit rate. */
    ENRICHMENT_CACHE_HIT("enrichment_cache_hit"),
    CHECKPOINT_ID("checkpoint_id"),
    CHECKPOINT_STATUS("checkpoint_status"),
    DURATION_MS("duration_ms"),
    /**
     * In dedup's {@code checkpoint} events, one per subtask and completed checkpoint: the bytes of dedup
     * state (see Metric.STATE_SIZE) the subtask held in that checkpoint; summed by {@code checkpoint_id}, the
     * dedup state of the checkpoint. Flink's lastCheckpointSize (AWS/KinesisAnalytics) is the whole upload.
     */
    CHECKPOINT_SIZE_BYTES("checkpoint_size_bytes"),
    /** Index of the subtask that wrote the event. */
    SUBTASK("subtask");

    private final String fieldName;

    LogField(String fieldName) {
        this.fieldName = fieldName;
    }

    public String fieldName() {
        return fieldName;
    }
}
