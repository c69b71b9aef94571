package io.orderstream.job.config;

import static io.orderstream.job.config.ConfigKeys.*;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The whole configuration of the job: typed, validated, immutable. Built only through
 * {@link #fromProperties}, which reports every bad key at once.
 */
public record JobConfig(
        Kafka kafka,
        EventTime eventTime,
        int maxRecordBytes,
        Duration dedupTtl,
        Enrichment enrichment,
        Windows windows,
        Firehose firehose,
        Checkpoints checkpoints,
        Metrics metrics) implements Serializable {

    public record Kafka(String bootstrapServers, String topic, String groupId, KafkaSecurity security,
                        Duration partitionDiscoveryInterval) implements Serializable {}

    public record EventTime(Duration maxOutOfOrderness, Duration idleness) implements Serializable {}

    /**
     * The customer API. {@code credentialsSecret} is the Secrets Manager secret id (never its value),
     * read at the enrich operator's start with {@code awsRegion}/{@code awsEndpoint} (aws.region,
     * aws.endpoint); null means the API is called without credentials. {@code trustedCertificate}:
     * a PEM file replacing the JVM's trust store for the API, or null.
     */
    public record Enrichment(URI apiUrl, String credentialsSecret, String trustedCertificate, String awsRegion,
                             URI awsEndpoint, Duration timeout, Duration requestTimeout, int maxRetries,
                             Duration retryBackoff, int capacity, Duration cacheTtl, int cacheMaxSize)
            implements Serializable {}

    public record Windows(Duration size, Duration allowedLateness) implements Serializable {}

    public record Firehose(String region, URI endpoint, String ordersStream, String aggregatesStream,
                           String dlqStream, int maxInFlightRequests, Duration maxBufferTime) implements Serializable {}

    public record Checkpoints(Duration interval, Duration timeout, Duration minPause, int tolerableFailures,
                              boolean retainOnCancel, String dir, StateBackendKind stateBackend) implements Serializable {}

    /**
     * Custom CloudWatch metrics and structured logs. {@code region} is the resolved AWS region;
     * {@code endpoint} is {@code metrics.endpoint}, else {@code aws.endpoint}, else null (AWS).
     */
    public record Metrics(boolean enabled, String namespace, String region, URI endpoint, Duration publishInterval,
                          boolean highResolution, int maxBufferedDatums, int logSamplesPerSecond) implements Serializable {
        /** Flink metric groups only: nothing is sent to CloudWatch (unit tests, benchmarks). */
        public static Metrics disabled() {
            return new Metrics(false, io.orderstream.job.metrics.Metric.NAMESPACE, "us-east-1", null,
                    Duration.ofSeconds(60), false, 20000, 0);
        }
    }

    /**
     * Reads flat {@code group.key} properties.
     *
     * @throws InvalidConfigurationException naming every missing, unknown or invalid key
     */
    public static JobConfig fromProperties(Map<String, String> properties) {
        ConfigReader r = new ConfigReader(properties);
        String region = region(r);
        URI awsEndpoint = r.get(AWS_ENDPOINT);
        JobConfig config = new JobConfig(
                new Kafka(r.get(KAFKA_BOOTSTRAP_SERVERS), r.get(KAFKA_TOPIC), r.get(KAFKA_GROUP_ID),
                        r.get(KAFKA_SECURITY), r.get(KAFKA_PARTITION_DISCOVERY)),
                new EventTime(r.get(MAX_OUT_OF_ORDERNESS), r.get(SOURCE_IDLENESS)),
                orZero(r.get(MAX_RECORD_BYTES)),
                r.get(DEDUP_TTL),
                new Enrichment(r.get(ENRICHMENT_API_URL), r.get(ENRICHMENT_API_CREDENTIALS_SECRET),
                        r.get(ENRICHMENT_API_TRUSTED_CERTIFICATE), region, awsEndpoint,
                        r.get(ENRICHMENT_TIMEOUT), r.get(ENRICHMENT_REQUEST_TIMEOUT),
                        orZero(r.get(ENRICHMENT_MAX_RETRIES)), r.get(ENRICHMENT_RETRY_BACKOFF),
                        orZero(r.get(ENRICHMENT_CAPACITY)), r.get(ENRICHMENT_CACHE_TTL),
                        orZero(r.get(ENRICHMENT_CACHE_MAX_SIZE))),
                new Windows(r.get(WINDOW_SIZE), r.get(WINDOW_ALLOWED_LATENESS)),
                new Firehose(region, awsEndpoint, r.get(FIREHOSE_ORDERS_STREAM),
                        r.get(FIREHOSE_AGGREGATES_STREAM), r.get(FIREHOSE_DLQ_STREAM),
                        orZero(r.get(FIREHOSE_MAX_IN_FLIGHT)), r.get(FIREHOSE_MAX_BUFFER_TIME)),
                new Checkpoints(r.get(CHECKPOINT_INTERVAL), r.get(CHECKPOINT_TIMEOUT), r.get(CHECKPOINT_MIN_PAUSE),
                        orZero(r.get(CHECKPOINT_TOLERABLE_FAILURES)), Boolean.TRUE.equals(r.get(CHECKPOINT_RETAIN_ON_CANCEL)),
                        r.get(CHECKPOINT_DIR), r.get(STATE_BACKEND)),
                null);
        config = withMetrics(config, metrics(r, config.firehose()));
        checkCombinations(config, r);
        r.failIfInvalid();
        return config;
    }

    private static JobConfig withMetrics(JobConfig c, Metrics metrics) {
        return new JobConfig(c.kafka(), c.eventTime(), c.maxRecordBytes(), c.dedupTtl(), c.enrichment(), c.windows(),
                c.firehose(), c.checkpoints(), metrics);
    }

    private static Metrics metrics(ConfigReader r, Firehose firehose) {
        URI endpoint = r.get(METRICS_ENDPOINT);
        return new Metrics(Boolean.TRUE.equals(r.get(METRICS_ENABLED)), r.get(METRICS_NAMESPACE), firehose.region(),
                endpoint != null ? endpoint : firehose.endpoint(), r.get(METRICS_PUBLISH_INTERVAL),
                Boolean.TRUE.equals(r.get(METRICS_HIGH_RESOLUTION)), orZero(r.get(METRICS_MAX_BUFFERED)),
                orZero(r.get(METRICS_LOG_SAMPLES)));
    }

    /** Rules that involve two keys; checked only when both parsed. */
    private static void checkCombinations(JobConfig c, ConfigReader r) {
        Enrichment e = c.enrichment();
        boolean allowPlaintext = Boolean.TRUE.equals(r.get(ENRICHMENT_API_ALLOW_PLAINTEXT));
        if (e.apiUrl() != null && "http".equals(e.apiUrl().getScheme()) && !allowPlaintext) {
            r.reject(ENRICHMENT_API_URL.key(), "must be https (the API credentials and customer data travel on it); "
                    + "http only with " + ENRICHMENT_API_ALLOW_PLAINTEXT.key() + "=true, for local runs and tests");
        }
        if (e.requestTimeout() != null && e.timeout() != null && e.requestTimeout().compareTo(e.timeout()) > 0) {
            r.reject(ENRICHMENT_REQUEST_TIMEOUT.key(), "must not exceed " + ENRICHMENT_TIMEOUT.key()
                    + " (" + e.timeout() + "), or no attempt could finish in time");
        }
    }

    /** The configured region, else the runtime's (MSF sets AWS_REGION); one of them must exist. */
    private static String region(ConfigReader r) {
        String configured = r.get(AWS_REGION);
        String region = configured != null ? configured : System.getenv("AWS_REGION");
        if (region == null || region.isBlank()) {
            r.reject(AWS_REGION.key(), "missing, and the runtime sets no AWS_REGION");
        }
        return region;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
