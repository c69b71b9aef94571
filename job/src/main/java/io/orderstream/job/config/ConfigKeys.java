package io.orderstream.job.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.apache.flink.util.TimeUtils;

/**
 * Every configuration key of the job, defined once. Keys are {@code group.name}: on Managed Service
 * for Apache Flink the group is the application property group id and the rest the property key.
 */
public final class ConfigKeys {
    private ConfigKeys() {}

    // --- Kafka source
    public static final Setting<String> KAFKA_BOOTSTRAP_SERVERS = Setting.required(
            "kafka.bootstrap.servers", "Kafka bootstrap servers (MSK: the IAM/TLS bootstrap brokers)", ConfigKeys::text);
    public static final Setting<String> KAFKA_TOPIC = Setting.withDefault(
            "kafka.topic", "topic the orders are read from", "orders.raw", ConfigKeys::text);
    public static final Setting<String> KAFKA_GROUP_ID = Setting.withDefault(
            "kafka.group.id", "consumer group whose offsets are committed on checkpoint", "order-processor", ConfigKeys::text);
    public static final Setting<KafkaSecurity> KAFKA_SECURITY = Setting.withDefault(
            "kafka.security", "IAM (SASL_SSL with aws-msk-iam-auth, for MSK) or PLAINTEXT (local broker only)", "IAM",
            text -> KafkaSecurity.valueOf(text.toUpperCase()));
    public static final Setting<Duration> KAFKA_PARTITION_DISCOVERY = Setting.withDefault(
            "kafka.partition.discovery.interval", "how often new partitions are picked up", "1min", ConfigKeys::duration)
            .allowing(d -> !d.isNegative() && !d.isZero(), "positive");

    // --- Event time
    public static final Setting<Duration> MAX_OUT_OF_ORDERNESS = Setting.withDefault(
            "event-time.max-out-of-orderness", "how far event times may run backwards before a record counts as late",
            "30s", ConfigKeys::duration).allowing(d -> !d.isNegative(), "zero or positive");
    public static final Setting<Duration> SOURCE_IDLENESS = Setting.withDefault(
            "event-time.idleness", "after this long without records a source split stops holding the watermark back",
            "1min", ConfigKeys::duration).allowing(d -> !d.isNegative() && !d.isZero(), "positive");

    // --- Input
    /**
     * The largest order whose enriched line surely fits one Firehose record (1,000 KiB): the line
     * repeats the order's known fields and adds at most the customer (an API answer is read up to
     * 64 KiB), longer decimals (500 items' unit prices in plain digits) and ~1 KiB of its own
     * (EnrichedOrderJsonTest builds the largest such line).
     */
    public static final int MAX_DELIVERABLE_RECORD_BYTES = 900_000;
    public static final Setting<Integer> MAX_RECORD_BYTES = Setting.withDefault(
            "input.max-record-bytes", "larger records go to the DLQ as parse_error", "900000", ConfigKeys::integer)
            .allowing(n -> n > 0 && n <= MAX_DELIVERABLE_RECORD_BYTES,
                    "between 1 and " + MAX_DELIVERABLE_RECORD_BYTES + " (an enriched order must fit one Firehose record)");

    // --- Dedup
    public static final Setting<Duration> DEDUP_TTL = Setting.withDefault(
            "dedup.ttl", "how long an order_id is remembered to reject repeats", "24h", ConfigKeys::duration)
            .allowing(d -> d.toMillis() >= 1000, "at least 1s");

    // --- Enrichment
    public static final Setting<URI> ENRICHMENT_API_URL = Setting.required(
            "enrichment.api.url", "base URL of the customer API (GET {url}/customers/{customer_id}); https unless "
                    + "enrichment.api.allow-plaintext", ConfigKeys::httpUri);
    public static final Setting<Boolean> ENRICHMENT_API_ALLOW_PLAINTEXT = Setting.withDefault(
            "enrichment.api.allow-plaintext", "accept an http enrichment.api.url (local runs and tests only; the "
                    + "credentials would travel in clear)", "false", ConfigKeys::bool);
    public static final Setting<String> ENRICHMENT_API_CREDENTIALS_SECRET = Setting.optional(
            "enrichment.api.credentials-secret", "AWS Secrets Manager secret (ARN or name, never the value) whose "
                    + "SecretString is the customer API token, read once at start and sent as Authorization: Bearer",
            ConfigKeys::text);
    public static final Setting<String> ENRICHMENT_API_TRUSTED_CERTIFICATE = Setting.optional(
            "enrichment.api.trusted-certificate", "path of a PEM certificate the API's TLS certificate must chain to, "
                    + "instead of the JVM's trust store (local runs with a self-signed certificate); never set on AWS",
            ConfigKeys::text);
    public static final Setting<Duration> ENRICHMENT_TIMEOUT = Setting.withDefault(
            "enrichment.timeout", "total time for one enrichment, retries included; then the order goes to the DLQ as timeout",
            "10s", ConfigKeys::duration).allowing(d -> d.toMillis() > 0, "positive");
    public static final Setting<Duration> ENRICHMENT_REQUEST_TIMEOUT = Setting.withDefault(
            "enrichment.request-timeout", "time for one HTTP attempt", "2s", ConfigKeys::duration)
            .allowing(d -> d.toMillis() > 0, "positive");
    public static final Setting<Integer> ENRICHMENT_MAX_RETRIES = Setting.withDefault(
            "enrichment.max-retries", "retries of a transient API error (5xx, 429, connection error)", "2", ConfigKeys::integer)
            .allowing(n -> n >= 0 && n <= 10, "between 0 and 10");
    public static final Setting<Duration> ENRICHMENT_RETRY_BACKOFF = Setting.withDefault(
            "enrichment.retry-backoff", "wait before the first retry, doubled for each further one", "100ms", ConfigKeys::duration)
            .allowing(d -> !d.isNegative(), "zero or positive");
    public static final Setting<Integer> ENRICHMENT_CAPACITY = Setting.withDefault(
            "enrichment.capacity",
            "enrichments in flight per subtask (async I/O capacity), and so the connections each subtask opens to the customer API",
            "200", ConfigKeys::integer)
            .allowing(n -> n > 0, "positive");
    public static final Setting<Duration> ENRICHMENT_CACHE_TTL = Setting.withDefault(
            "enrichment.cache.ttl",
            "how long a customer is served from the cache; a read after half to three quarters of it refreshes it in the background",
            "10min", ConfigKeys::duration)
            .allowing(d -> !d.isNegative(), "zero or positive");
    public static final Setting<Integer> ENRICHMENT_CACHE_MAX_SIZE = Setting.withDefault(
            "enrichment.cache.max-size", "customers kept in the cache per subtask", "100000", ConfigKeys::integer)
            .allowing(n -> n >= 0, "zero or positive");

    // --- Windows
    public static final Setting<Duration> WINDOW_SIZE = Setting.withDefault(
            "window.size", "length of the tumbling event-time windows", "5min", ConfigKeys::duration)
            .allowing(d -> d.toMillis() >= 1000, "at least 1s");
    public static final Setting<Duration> WINDOW_ALLOWED_LATENESS = Setting.withDefault(
            "window.allowed-lateness", "late records still counted after a window fired; later ones go to the DLQ",
            "5min", ConfigKeys::duration).allowing(d -> !d.isNegative(), "zero or positive");

    // --- AWS and Firehose
    public static final Setting<String> AWS_REGION = Setting.optional(
            "aws.region", "AWS region of the Firehose streams (default: the runtime's AWS_REGION)", ConfigKeys::text);
    public static final Setting<URI> AWS_ENDPOINT = Setting.optional(
            "aws.endpoint", "endpoint override for the AWS APIs (LocalStack); never set on AWS", ConfigKeys::httpUri);
    public static final Setting<String> FIREHOSE_ORDERS_STREAM = Setting.withDefault(
            "firehose.orders.stream", "delivery stream of enriched orders", "order-firehose", ConfigKeys::text);
    public static final Setting<String> FIREHOSE_AGGREGATES_STREAM = Setting.withDefault(
            "firehose.aggregates.stream", "delivery stream of window aggregates", "order-aggregates-firehose", ConfigKeys::text);
    public static final Setting<String> FIREHOSE_DLQ_STREAM = Setting.withDefault(
            "firehose.dlq.stream", "delivery stream of DLQ records", "order-dlq-firehose", ConfigKeys::text);
    public static final Setting<Integer> FIREHOSE_MAX_IN_FLIGHT = Setting.withDefault(
            "firehose.max-in-flight-requests", "PutRecordBatch calls in flight per sink subtask; more backpressures",
            "50", ConfigKeys::integer).allowing(n -> n > 0, "positive");
    public static final Setting<Duration> FIREHOSE_MAX_BUFFER_TIME = Setting.withDefault(
            "firehose.max-buffer-time", "longest a record waits in the sink's buffer", "5s", ConfigKeys::duration)
            .allowing(d -> d.toMillis() > 0, "positive");

    // --- Checkpointing (self-managed clusters; on MSF the application's configuration decides)
    public static final Setting<Duration> CHECKPOINT_INTERVAL = Setting.withDefault(
            "checkpoint.interval", "time between exactly-once checkpoints", "60s", ConfigKeys::duration)
            .allowing(d -> d.toMillis() >= 10, "at least 10ms");
    public static final Setting<Duration> CHECKPOINT_TIMEOUT = Setting.withDefault(
            "checkpoint.timeout", "a checkpoint taking longer fails", "10min", ConfigKeys::duration)
            .allowing(d -> d.toMillis() > 0, "positive");
    public static final Setting<Duration> CHECKPOINT_MIN_PAUSE = Setting.withDefault(
            "checkpoint.min-pause", "least time between the end of one checkpoint and the start of the next",
            "5s", ConfigKeys::duration).allowing(d -> !d.isNegative(), "zero or positive");
    public static final Setting<Integer> CHECKPOINT_TOLERABLE_FAILURES = Setting.withDefault(
            "checkpoint.tolerable-failures", "consecutive failed checkpoints before the job restarts", "3",
            ConfigKeys::integer).allowing(n -> n >= 0, "zero or positive");
    public static final Setting<Boolean> CHECKPOINT_RETAIN_ON_CANCEL = Setting.withDefault(
            "checkpoint.retain-on-cancel", "keep the last checkpoint when the job is cancelled", "true", ConfigKeys::bool);
    public static final Setting<String> CHECKPOINT_DIR = Setting.optional(
            "checkpoint.dir", "where checkpoints are written, e.g. s3://bucket/checkpoints (self-managed only)",
            ConfigKeys::text);
    public static final Setting<StateBackendKind> STATE_BACKEND = Setting.withDefault(
            "state.backend", "rocksdb (incremental checkpoints) or hashmap (self-managed only)", "rocksdb",
            text -> StateBackendKind.valueOf(text.toUpperCase()));

    // --- Custom CloudWatch metrics and structured logs (io.orderstream.job.metrics)
    public static final Setting<Boolean> METRICS_ENABLED = Setting.withDefault(
            "metrics.enabled", "publish the custom metrics to CloudWatch (Flink's own metric groups always get them)",
            "true", ConfigKeys::bool);
    public static final Setting<String> METRICS_NAMESPACE = Setting.withDefault(
            "metrics.namespace", "CloudWatch namespace of the custom metrics; alarms expect the default",
            "ecommerce-streaming", ConfigKeys::text);
    public static final Setting<Duration> METRICS_PUBLISH_INTERVAL = Setting.withDefault(
            "metrics.publish-interval", "how often each TaskManager sends what it aggregated (one PutMetricData round)",
            "60s", ConfigKeys::duration).allowing(d -> d.toMillis() >= 1000, "at least 1s");
    public static final Setting<Boolean> METRICS_HIGH_RESOLUTION = Setting.withDefault(
            "metrics.high-resolution", "store the metrics at 1-second resolution (costs more) instead of 60 seconds",
            "false", ConfigKeys::bool);
    public static final Setting<URI> METRICS_ENDPOINT = Setting.optional(
            "metrics.endpoint", "endpoint override for CloudWatch only (default: aws.endpoint); never set on AWS",
            ConfigKeys::httpUri);
    public static final Setting<Integer> METRICS_MAX_BUFFERED = Setting.withDefault(
            "metrics.max-buffered-datums", "datums kept per TaskManager while CloudWatch is unreachable; older ones are dropped",
            "20000", ConfigKeys::integer).allowing(n -> n >= 1000, "at least 1000");
    public static final Setting<Integer> METRICS_LOG_SAMPLES = Setting.withDefault(
            "metrics.log-samples-per-second", "latency and enrichment sample log events per operator subtask and second",
            "1", ConfigKeys::integer).allowing(n -> n >= 0 && n <= 1000, "between 0 and 1000");

    /** Every key, in the order the documentation lists them. */
    public static final List<Setting<?>> ALL = List.of(
            KAFKA_BOOTSTRAP_SERVERS, KAFKA_TOPIC, KAFKA_GROUP_ID, KAFKA_SECURITY, KAFKA_PARTITION_DISCOVERY,
            MAX_OUT_OF_ORDERNESS, SOURCE_IDLENESS, MAX_RECORD_BYTES, DEDUP_TTL,
            ENRICHMENT_API_URL, ENRICHMENT_API_ALLOW_PLAINTEXT, ENRICHMENT_API_CREDENTIALS_SECRET,
            ENRICHMENT_API_TRUSTED_CERTIFICATE, ENRICHMENT_TIMEOUT, ENRICHMENT_REQUEST_TIMEOUT, ENRICHMENT_MAX_RETRIES,
            ENRICHMENT_RETRY_BACKOFF, ENRICHMENT_CAPACITY, ENRICHMENT_CACHE_TTL, ENRICHMENT_CACHE_MAX_SIZE,
            WINDOW_SIZE, WINDOW_ALLOWED_LATENESS,
            AWS_REGION, AWS_ENDPOINT, FIREHOSE_ORDERS_STREAM, FIREHOSE_AGGREGATES_STREAM, FIREHOSE_DLQ_STREAM,
            FIREHOSE_MAX_IN_FLIGHT, FIREHOSE_MAX_BUFFER_TIME,
            CHECKPOINT_INTERVAL, CHECKPOINT_TIMEOUT, CHECKPOINT_MIN_PAUSE, CHECKPOINT_TOLERABLE_FAILURES,
            CHECKPOINT_RETAIN_ON_CANCEL, CHECKPOINT_DIR, STATE_BACKEND,
            METRICS_ENABLED, METRICS_NAMESPACE, METRICS_PUBLISH_INTERVAL, METRICS_HIGH_RESOLUTION, METRICS_ENDPOINT,
            METRICS_MAX_BUFFERED, METRICS_LOG_SAMPLES);

    private static String text(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return s;
    }

    private static Duration duration(String s) {
        return TimeUtils.parseDuration(s);
    }

    private static Integer integer(String s) {
        try {
            return Integer.valueOf(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an integer");
        }
    }

    private static Boolean bool(String s) {
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.valueOf(s);
        }
        throw new IllegalArgumentException("must be true or false");
    }

    private static URI httpUri(String s) {
        URI uri = URI.create(s);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("must be an http(s) URL");
        }
        return uri;
    }
}
