package io.orderstream.job;

/**
 * Names and uids of the job's operators, defined once. The name is what the Flink UI, metrics and
 * runbooks show; the uid keeps state attached to its operator across savepoints, so it never changes.
 */
public enum Operators {
    KAFKA_SOURCE("kafka-source"),
    DESERIALIZE("deserialize"),
    VALIDATE("validate"),
    DEDUP("dedup"),
    ENRICH("enrich"),
    ROUTE_ENRICHMENT("route-enrichment"),
    ROUTE_LATE("route-late"),
    WINDOW_INPUT("window-input"),
    MARK_FIRST_CUSTOMER_ORDER("mark-first-customer-order"),
    SUM_PER_BUCKET("sum-per-bucket"),
    PRE_AGGREGATE("pre-aggregate"),
    AGGREGATE("aggregate"),
    WINDOW_COMPLETENESS("window-completeness"),
    OBSERVE_ORDERS("observe-orders"),
    OBSERVE_DLQ("observe-dlq"),
    SPLIT_OVERSIZED_DLQ("split-oversized-dlq"),
    ORDERS_SINK("firehose-orders"),
    AGGREGATES_SINK("firehose-aggregates"),
    DLQ_SINK("firehose-dlq");

    private final String id;

    Operators(String id) {
        this.id = id;
    }

    /** Display name, also used in metrics and runbooks. */
    public String operatorName() {
        return id;
    }

    /** State identity across savepoints: must never change once deployed. */
    public String uid() {
        return "orderstream-" + id;
    }
}
