package io.orderstream.job.metrics;

import java.util.List;

/**
 * The metric contract: every custom metric the job publishes to CloudWatch, defined once. The job
 * publishes by these constants, the alarm catalog and the CDK app build alarms and dashboards from
 * them, the runbooks name them, and tests fail when any of those drift apart.
 *
 * <p>Where the seeds' team published pre-computed percentiles ({@code LatencyP50/P95/P99}), the job
 * publishes one latency distribution instead, so CloudWatch's p99 is the p99 of all orders across
 * subtasks; {@link #replacesSeedName()} records such renames for the runbooks.
 */
public enum Metric {
    RECORDS_IN("RecordsIn", Unit.COUNT, Statistic.SUM, List.of(),
            "Kafka records read by the source", null),
    RECORDS_OUT("RecordsOut", Unit.COUNT, Statistic.SUM, List.of(),
            "enriched orders handed to the orders sink", null),
    DLQ_RECORDS("DLQRecordCount", Unit.COUNT, Statistic.SUM, List.of(),
            "records routed to the DLQ, all error types", null),
    DLQ_RECORDS_BY_TYPE("DLQRecordCount", Unit.COUNT, Statistic.SUM, List.of(Dimension.ERROR_TYPE),
            "records routed to the DLQ, per error_type", null),
    PROCESSING_LATENCY("ProcessingLatency", Unit.MILLISECONDS, Statistic.P99, List.of(),
            "Kafka record timestamp to sink hand-off, as a distribution (p50, p95, p99)", "LatencyP50, LatencyP95, LatencyP99"),
    OPERATOR_LATENCY("OperatorLatency", Unit.MILLISECONDS, Statistic.P99, List.of(Dimension.OPERATOR),
            "time spent in one stage per record, as a distribution", null),
    ENRICHMENT_API_LATENCY("EnrichmentApiLatency", Unit.MILLISECONDS, Statistic.P99, List.of(),
            "customer API call latency, retries included, as a distribution", null),
    ENRICHMENT_CACHE_HITS("EnrichmentCacheHits", Unit.COUNT, Statistic.SUM, List.of(),
            "enrichments served from the cache (hit rate = hits / (hits + misses))", null),
    ENRICHMENT_CACHE_MISSES("EnrichmentCacheMisses", Unit.COUNT, Statistic.SUM, List.of(),
            "enrichments that called the customer API", null),
    RECORDS_REPLAYED("ReplayedRecords", Unit.COUNT, Statistic.SUM, List.of(),
            "records read that the DLQ tool replayed (header orderstream-replay-of)", null),
    WINDOW_COMPLETENESS("WindowCompleteness", Unit.PERCENT, Statistic.MINIMUM, List.of(),
            "per closed window: orders counted / (orders counted + orders dropped as late_arrival)", null),
    WINDOWS_EMITTED("window_emit_count", Unit.COUNT, Statistic.SUM, List.of(),
            "window aggregates emitted (first firings and late revisions)", null),
    RECORDS_LATE_ACCEPTED("RecordsLateAccepted", Unit.COUNT, Statistic.SUM, List.of(),
            "orders that arrived after their window fired and were still counted", null),
    RECORDS_LATE_DROPPED("RecordsLateDropped", Unit.COUNT, Statistic.SUM, List.of(),
            "orders later than the allowed lateness, sent to the DLQ as late_arrival", null),
    WATERMARK_LAG("WatermarkLagMs", Unit.MILLISECONDS, Statistic.MAXIMUM, List.of(),
            "processing time minus the current event-time watermark", null),
    FIREHOSE_FAILED_PUTS("FirehoseFailedPutRecords", Unit.COUNT, Statistic.SUM, List.of(Dimension.DELIVERY_STREAM),
            "records Firehose rejected in PutRecordBatch (retried by the sink)", null),
    FIREHOSE_THROTTLES("FirehoseThrottledRequests", Unit.COUNT, Statistic.SUM, List.of(Dimension.DELIVERY_STREAM),
            "PutRecordBatch calls or records throttled by Firehose", null),
    FIREHOSE_RETRIES("FirehoseRetriedRecords", Unit.COUNT, Statistic.SUM, List.of(Dimension.DELIVERY_STREAM),
            "records the sink sent again after a retryable failure", null),
    CHECKPOINT_FAILURES("CheckpointFailures", Unit.COUNT, Statistic.SUM, List.of(),
            "checkpoints aborted, as the tasks see them", null),
    CHECKPOINT_DURATION("checkpoint_duration_ms", Unit.MILLISECONDS, Statistic.MAXIMUM, List.of(),
            "duration of the last completed checkpoint (trigger to completion, as the tasks see it), sent every"
                    + " publish interval until the next one completes, like MSF's lastCheckpointDuration", null),
    STATE_SIZE("StateBackendUsedBytes", Unit.BYTES, Statistic.SUM, List.of(),
            "bytes of the dedup state that has not expired (order ids and replayed DLQ records as serialized,"
                    + " 1-byte values, 8-byte TTL timestamps): the job's dominant keyed state. Each TaskManager sends"
                    + " the sum of its subtasks once per publish interval (60 s), so Sum over a 60-s period is the"
                    + " job's total, Sum / (period / 60 s) its mean over a longer period, Maximum the largest"
                    + " TaskManager's share", null),
    STATE_READS("StateBackendReadCount", Unit.COUNT, Statistic.SUM, List.of(),
            "keyed-state reads of dedup (one per order, two for a DLQ replay) and mark-first-customer-order"
                    + " (one per order it cannot answer from memory: about one per customer and window)", null),
    HEAP_USAGE("memory_usage_percentage", Unit.PERCENT, Statistic.MAXIMUM, List.of(),
            "TaskManager JVM heap used / max, per TaskManager", null),
    HEARTBEAT("Heartbeat", Unit.COUNT, Statistic.SUM, List.of(),
            "one per publisher per interval while the job runs: missing data means the job is down or stuck", null),
    METRICS_DROPPED("MetricsDropped", Unit.COUNT, Statistic.SUM, List.of(),
            "metric data points dropped because CloudWatch was unreachable or the buffer was full", null);

    /**
     * Values of the {@code operator} dimension of {@link #OPERATOR_LATENCY} (and of the {@code operator}
     * log field), as the runbooks spell them.
     */
    public enum OperatorName {
        DESERIALIZATION("deserialization"), VALIDATION("validation"), DEDUP("dedup"), ENRICHMENT("enrichment"),
        AGGREGATION("aggregation"), FIREHOSE_DELAY("firehose_delay");

        private final String dimensionValue;

        OperatorName(String dimensionValue) {
            this.dimensionValue = dimensionValue;
        }

        public String dimensionValue() {
            return dimensionValue;
        }
    }

    /**
     * Seed signals a task cannot measure, so the job does not publish them: Flink's network buffer pools
     * are visible to the runtime, not to a user function. The runbooks query the platform metric named
     * here instead (namespace AWS/KinesisAnalytics on MSF, the Flink Web UI elsewhere).
     */
    public enum PlatformSignal {
        /**
         * Output buffer pool usage is Flink's {@code buffers.outPoolUsage}: full output buffers are what
         * backpressure is. MSF publishes the time a task is backpressured, at metrics level TASK or finer
         * (dimensions Application, TaskName); the Flink Web UI shows both per task (BackPressure tab).
         */
        OUTPUT_BUFFER_POOL_USAGE("task_buffer_out_pool_usage_percentage", "AWS/KinesisAnalytics",
                "backPressuredTimeMsPerSecond", "milliseconds per second a task was backpressured (1000 = always),"
                        + " per task; published when the application's metrics level is TASK or finer");

        private final String seedName;
        private final String namespace;
        private final String metricName;
        private final String description;

        PlatformSignal(String seedName, String namespace, String metricName, String description) {
            this.seedName = seedName;
            this.namespace = namespace;
            this.metricName = metricName;
            this.description = description;
        }

        /** The seed's metric name this platform metric replaces. */
        public String seedName() {
            return seedName;
        }

        public String namespace() {
            return namespace;
        }

        public String metricName() {
            return metricName;
        }

        public String description() {
            return description;
        }
    }

    /** The CloudWatch namespace of every custom metric. */
    public static final String NAMESPACE = "ecommerce-streaming";

    /** CloudWatch units used by the contract (StandardUnit names). */
    public enum Unit {
        COUNT("Count"), MILLISECONDS("Milliseconds"), PERCENT("Percent"), BYTES("Bytes");

        private final String cloudWatchName;

        Unit(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }

        public String cloudWatchName() {
            return cloudWatchName;
        }
    }

    /** The statistic that gives a metric its meaning (what alarms and dashboards use). */
    public enum Statistic {
        SUM("Sum"), MAXIMUM("Maximum"), MINIMUM("Minimum"), AVERAGE("Average"), P99("p99");

        private final String cloudWatchName;

        Statistic(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }

        public String cloudWatchName() {
            return cloudWatchName;
        }
    }

    /** Dimension names, as runbooks and Logs Insights queries spell them. */
    public enum Dimension {
        ERROR_TYPE("error_type"), OPERATOR("operator"), DELIVERY_STREAM("DeliveryStreamName");

        private final String cloudWatchName;

        Dimension(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }

        public String cloudWatchName() {
            return cloudWatchName;
        }
    }

    private final String metricName;
    private final Unit unit;
    private final Statistic statistic;
    private final List<Dimension> dimensions;
    private final String description;
    private final String replacesSeedName;

    Metric(String metricName, Unit unit, Statistic statistic, List<Dimension> dimensions, String description,
           String replacesSeedName) {
        this.metricName = metricName;
        this.unit = unit;
        this.statistic = statistic;
        this.dimensions = dimensions;
        this.description = description;
        this.replacesSeedName = replacesSeedName;
    }

    public String metricName() {
        return metricName;
    }

    public Unit unit() {
        return unit;
    }

    public Statistic statistic() {
        return statistic;
    }

    public List<Dimension> dimensions() {
        return dimensions;
    }

    public String description() {
        return description;
    }

    /** The seed's metric name(s) this one replaces, or null when the name is the seed's own. */
    public String replacesSeedName() {
        return replacesSeedName;
    }
}
