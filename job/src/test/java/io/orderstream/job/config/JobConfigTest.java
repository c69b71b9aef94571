package io.orderstream.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobConfigTest {
    /** The least a valid configuration needs. {@code aws.region} is always set: it falls back to env AWS_REGION. */
    static Map<String, String> minimal() {
        Map<String, String> p = new HashMap<>();
        p.put("kafka.bootstrap.servers", "b-1.msk:9098,b-2.msk:9098");
        p.put("enrichment.api.url", "https://customers.internal");
        p.put("aws.region", "eu-central-1");
        return p;
    }

    @Test
    void defaults() {
        JobConfig c = JobConfig.fromProperties(minimal());
        assertThat(c.kafka().bootstrapServers()).isEqualTo("b-1.msk:9098,b-2.msk:9098");
        assertThat(c.kafka().topic()).isEqualTo("orders.raw");
        assertThat(c.kafka().groupId()).isEqualTo("order-processor");
        assertThat(c.kafka().security()).isEqualTo(KafkaSecurity.IAM);
        assertThat(c.kafka().partitionDiscoveryInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.eventTime().maxOutOfOrderness()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.eventTime().idleness()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.maxRecordBytes()).isEqualTo(900_000);
        assertThat(c.dedupTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(c.enrichment().apiUrl()).isEqualTo(URI.create("https://customers.internal"));
        assertThat(c.enrichment().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.enrichment().requestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.enrichment().maxRetries()).isEqualTo(2);
        assertThat(c.enrichment().retryBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.enrichment().capacity()).isEqualTo(200);
        assertThat(c.enrichment().cacheTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.enrichment().cacheMaxSize()).isEqualTo(100_000);
        assertThat(c.windows().size()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.windows().allowedLateness()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.firehose().region()).isEqualTo("eu-central-1");
        assertThat(c.firehose().endpoint()).isNull();
        assertThat(c.firehose().ordersStream()).isEqualTo("order-firehose");
        assertThat(c.firehose().aggregatesStream()).isEqualTo("order-aggregates-firehose");
        assertThat(c.firehose().dlqStream()).isEqualTo("order-dlq-firehose");
        assertThat(c.firehose().maxInFlightRequests()).isEqualTo(50);
        assertThat(c.firehose().maxBufferTime()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.checkpoints().interval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.checkpoints().timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.checkpoints().minPause()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.checkpoints().tolerableFailures()).isEqualTo(3);
        assertThat(c.checkpoints().retainOnCancel()).isTrue();
        assertThat(c.checkpoints().dir()).isNull();
        assertThat(c.checkpoints().stateBackend()).isEqualTo(StateBackendKind.ROCKSDB);
    }

    @Test
    void valuesOverrideDefaults() {
        Map<String, String> p = minimal();
        p.put("kafka.topic", "orders.other");
        p.put("kafka.security", "plaintext");
        p.put("window.size", "1 min");
        p.put("window.allowed-lateness", "0s");
        p.put("dedup.ttl", "2h");
        p.put("enrichment.max-retries", " 5 ");
        p.put("checkpoint.retain-on-cancel", "FALSE");
        p.put("state.backend", "hashmap");
        p.put("aws.endpoint", "http://localhost:4566");
        JobConfig c = JobConfig.fromProperties(p);
        assertThat(c.kafka().topic()).isEqualTo("orders.other");
        assertThat(c.kafka().security()).isEqualTo(KafkaSecurity.PLAINTEXT);
        assertThat(c.windows().size()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.windows().allowedLateness()).isZero();
        assertThat(c.dedupTtl()).isEqualTo(Duration.ofHours(2));
        assertThat(c.enrichment().maxRetries()).isEqualTo(5);
        assertThat(c.checkpoints().retainOnCancel()).isFalse();
        assertThat(c.checkpoints().stateBackend()).isEqualTo(StateBackendKind.HASHMAP);
        assertThat(c.firehose().endpoint()).isEqualTo(URI.create("http://localhost:4566"));
    }

    @Test
    void everyProblemIsReportedInOneException() {
        Map<String, String> p = minimal();
        p.remove("kafka.bootstrap.servers");
        p.put("window.size", "five minutes");
        p.put("kafka.topik", "orders.raw");
        p.put("enrichment.capacity", "-1");
        p.put("enrichment.request-timeout", "20s"); // enrichment.timeout is 10s by default

        InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
                () -> JobConfig.fromProperties(p));
        assertThat(e).isNotNull();
        List<String> problems = e.problems();
        assertThat(problems).hasSize(5);
        assertThat(problems).anySatisfy(s -> assertThat(s).startsWith("kafka.bootstrap.servers:").contains("missing"));
        assertThat(problems).anySatisfy(s -> assertThat(s).startsWith("window.size:").contains("invalid value 'five minutes'"));
        assertThat(problems).anySatisfy(s -> assertThat(s).isEqualTo("kafka.topik: unknown key"));
        assertThat(problems).anySatisfy(s -> assertThat(s).startsWith("enrichment.capacity:").contains("'-1'", "must be positive"));
        assertThat(problems).anySatisfy(s -> assertThat(s).startsWith("enrichment.request-timeout:")
                .contains("must not exceed enrichment.timeout"));
        assertThat(e.getMessage()).startsWith("Invalid orderstream configuration (5 problems)")
                .contains("kafka.bootstrap.servers", "window.size", "kafka.topik", "enrichment.capacity",
                        "enrichment.request-timeout");
    }

    @Test
    void moreInvalidValues() {
        Map<String, String> p = minimal();
        p.put("enrichment.api.url", "ftp://x");
        p.put("enrichment.max-retries", "11");
        p.put("input.max-record-bytes", "lots");
        p.put("checkpoint.retain-on-cancel", "yes");
        p.put("kafka.security", "SSL");
        p.put("dedup.ttl", "10ms");
        p.put("kafka.topic", "   ");
        InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
                () -> JobConfig.fromProperties(p));
        assertThat(e.problems()).extracting(s -> s.substring(0, s.indexOf(':'))).containsExactlyInAnyOrder(
                "enrichment.api.url", "enrichment.max-retries", "input.max-record-bytes",
                "checkpoint.retain-on-cancel", "kafka.security", "dedup.ttl");
    }

    @Test
    void aMaxRecordSizeWhoseOrdersCouldNotBeDeliveredIsRejected() {
        Map<String, String> p = minimal();
        p.put("input.max-record-bytes", "1048576");
        InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
                () -> JobConfig.fromProperties(p));
        assertThat(e.problems()).singleElement().asString()
                .startsWith("input.max-record-bytes")
                .contains("between 1 and 900000 (an enriched order must fit one Firehose record)");
        p.put("input.max-record-bytes", "900000");
        assertThat(JobConfig.fromProperties(p).maxRecordBytes()).isEqualTo(900_000);
    }

    @Test
    void plaintextApiUrlIsRejectedNamingTheKeyThatAllowsIt() {
        Map<String, String> p = minimal();
        p.put("enrichment.api.url", "http://customers.internal");
        InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
                () -> JobConfig.fromProperties(p));
        assertThat(e.problems()).singleElement().asString()
                .startsWith("enrichment.api.url: must be https").contains("enrichment.api.allow-plaintext=true");

        p.put("enrichment.api.allow-plaintext", "true");
        assertThat(JobConfig.fromProperties(p).enrichment().apiUrl()).isEqualTo(URI.create("http://customers.internal"));
    }

    @Test
    void apiCredentialsAreASecretIdReadWithTheAwsSettings() {
        Map<String, String> p = minimal();
        assertThat(JobConfig.fromProperties(p).enrichment().credentialsSecret()).isNull();
        p.put("enrichment.api.credentials-secret", "arn:aws:secretsmanager:eu-central-1:1:secret:orderstream/customer-api-AbCdEf");
        p.put("aws.endpoint", "http://127.0.0.1:4566");
        JobConfig.Enrichment e = JobConfig.fromProperties(p).enrichment();
        assertThat(e.credentialsSecret()).isEqualTo("arn:aws:secretsmanager:eu-central-1:1:secret:orderstream/customer-api-AbCdEf");
        assertThat(e.awsRegion()).isEqualTo("eu-central-1");
        assertThat(e.awsEndpoint()).isEqualTo(URI.create("http://127.0.0.1:4566"));
        assertThat(e.trustedCertificate()).isNull();
    }

    @Test
    void blankValueMeansDefault() {
        Map<String, String> p = minimal();
        p.put("kafka.topic", "   ");
        assertThat(JobConfig.fromProperties(p).kafka().topic()).isEqualTo("orders.raw");
    }

    @Test
    void requestTimeoutEqualToTimeoutIsAccepted() {
        Map<String, String> p = minimal();
        p.put("enrichment.timeout", "3s");
        p.put("enrichment.request-timeout", "3s");
        assertThat(JobConfig.fromProperties(p).enrichment().requestTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void missingRequiredKeysAreNamed() {
        Map<String, String> p = new HashMap<>();
        p.put("aws.region", "us-east-1");
        assertThatThrownBy(() -> JobConfig.fromProperties(p))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .hasSize(2)
                        .anySatisfy(s -> assertThat(s).startsWith("kafka.bootstrap.servers: missing"))
                        .anySatisfy(s -> assertThat(s).startsWith("enrichment.api.url: missing")));
    }

    @Test
    void everyKeyIsKnownAndUnique() {
        assertThat(ConfigKeys.ALL).extracting(Setting::key).doesNotHaveDuplicates()
                .allSatisfy(k -> assertThat(k).contains("."));
        // every key of ALL is accepted with its default or a value (no "unknown key")
        Map<String, String> p = minimal();
        for (Setting<?> s : ConfigKeys.ALL) {
            s.defaultText().ifPresent(d -> p.put(s.key(), d));
        }
        assertThat(JobConfig.fromProperties(p)).isNotNull();
    }
}
