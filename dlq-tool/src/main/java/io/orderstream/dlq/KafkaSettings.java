package io.orderstream.dlq;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * How the tool connects to Kafka: bootstrap servers, security ({@code IAM}: SASL_SSL with
 * AWS_MSK_IAM and the default AWS credential chain, as the job's source; {@code PLAINTEXT}: the
 * local broker only), a timeout for reaching the cluster, and extra client properties.
 */
public record KafkaSettings(String bootstrapServers, Security security, Duration timeout, Map<String, String> extra) {

    public enum Security { IAM, PLAINTEXT;

        static Security parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--kafka-security must be IAM or PLAINTEXT, got '" + text + "'");
            }
        }
    }

    public KafkaSettings {
        extra = Map.copyOf(extra);
    }

    Properties common() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "orderstream-dlq-tool");
        long ms = timeout.toMillis();
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.min(ms, 30_000)));
        if (security == Security.IAM) {
            p.put("security.protocol", "SASL_SSL");
            p.put("sasl.mechanism", "AWS_MSK_IAM");
            p.put("sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;");
            p.put("sasl.client.callback.handler.class", "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
        }
        return p;
    }

    /** An idempotent producer (acks=all) of raw bytes. */
    public KafkaProducer<byte[], byte[]> producer() {
        Properties p = common();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeout.toMillis()));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.putAll(extra);
        try {
            return new KafkaProducer<>(p);
        } catch (KafkaException e) {
            throw new ToolException("cannot create a Kafka producer for " + bootstrapServers + ": " + rootMessage(e), e);
        }
    }

    /**
     * Checks that the cluster answers and the topic exists, within the timeout; returns the topic's
     * partition count. Errors name what to check.
     */
    public int checkTopic(String topic) {
        Properties p = common();
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
        p.putAll(extra);
        Admin admin;
        try {
            admin = Admin.create(p);
        } catch (KafkaException e) {
            throw new ToolException("cannot connect to Kafka at " + bootstrapServers + ": " + rootMessage(e), e);
        }
        try {
            TopicDescription d = admin.describeTopics(java.util.List.of(topic)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            return d.partitions().size();
        } catch (TimeoutException e) {
            throw unreachable(null);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof UnknownTopicOrPartitionException) {
                throw new ToolException("topic '" + topic + "' does not exist on " + bootstrapServers);
            }
            if (c instanceof TopicAuthorizationException) {
                throw new ToolException("not authorized to describe topic '" + topic + "' on " + bootstrapServers
                        + " (IAM needs kafka-cluster:Connect, DescribeTopic, WriteData, WriteDataIdempotently)");
            }
            if (c instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(null);
            }
            throw unreachable(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("interrupted while connecting to Kafka");
        } finally {
            admin.close(Duration.ofSeconds(2));
        }
    }

    private ToolException unreachable(Throwable cause) {
        String hint = security == Security.IAM
                ? "MSK with IAM listens on port 9098 and needs AWS credentials allowed kafka-cluster:Connect"
                : "a PLAINTEXT listener (the local broker); for MSK use --kafka-security IAM";
        return new ToolException("cannot reach Kafka at " + bootstrapServers + " within " + timeout.toSeconds()
                + " s with --kafka-security " + security + (cause == null ? "" : " (" + rootMessage(cause) + ")")
                + ". Check --bootstrap-servers, the network path and the security mode: " + hint, cause);
    }

    static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c == t ? String.valueOf(t.getMessage()) : t.getMessage() + ": " + c.getMessage();
    }
}
