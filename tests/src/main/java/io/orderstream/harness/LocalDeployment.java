package io.orderstream.harness;

import static io.orderstream.job.config.ConfigKeys.*;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * orderstream's AWS-side resources in the harness: the topic on the local broker and, in
 * LocalStack, the three buckets with their DirectPut delivery streams. Each deployment has its own
 * names, so tests sharing one broker and one LocalStack never see each other's records.
 */
public final class LocalDeployment {
    public static final int PARTITIONS = 3;
    /** Top-level prefixes of the three delivery streams, as infra-cdk's DataStack deploys them. */
    public static final String ORDERS_PREFIX = "orders/";
    public static final String AGGREGATES_PREFIX = "aggregates/";
    public static final String DLQ_PREFIX = "dlq/";

    private final LocalStack localStack;
    private final String bootstrapServers;
    private final String topic;
    private final String groupId;
    private final String ordersStream;
    private final String aggregatesStream;
    private final String dlqStream;
    private final String ordersBucket;
    private final String aggregatesBucket;
    private final String dlqBucket;
    private final String apiSecret;

    private LocalDeployment(String name, KafkaBroker kafka, LocalStack localStack) {
        this.localStack = localStack;
        this.bootstrapServers = kafka.bootstrapServers();
        String suffix = name.isEmpty() ? "" : "-" + name;
        this.topic = "orders.raw" + suffix;
        this.groupId = "order-processor" + suffix;
        this.ordersStream = "order-firehose" + suffix;
        this.aggregatesStream = "order-aggregates-firehose" + suffix;
        this.dlqStream = "order-dlq-firehose" + suffix;
        this.ordersBucket = "orderstream-orders" + suffix;
        this.aggregatesBucket = "orderstream-aggregates" + suffix;
        this.dlqBucket = "orderstream-dlq" + suffix;
        this.apiSecret = "orderstream/customer-api" + suffix;
    }

    /**
     * Creates topic, buckets, delivery streams and the customer API credentials secret (holding
     * {@link CustomerApiServer#token()}); {@code name} (lowercase, digits, dashes) keeps them apart.
     */
    public static LocalDeployment create(String name, KafkaBroker kafka, LocalStack localStack) {
        LocalDeployment d = new LocalDeployment(name, kafka, localStack);
        kafka.createTopic(d.topic, PARTITIONS);
        for (String[] output : List.of(
                new String[] {d.ordersBucket, d.ordersStream, ORDERS_PREFIX},
                new String[] {d.aggregatesBucket, d.aggregatesStream, AGGREGATES_PREFIX},
                new String[] {d.dlqBucket, d.dlqStream, DLQ_PREFIX})) {
            localStack.createBucket(output[0]);
            localStack.createDeliveryStream(output[1], output[0], output[2]);
        }
        localStack.putSecret(d.apiSecret, CustomerApiServer.token());
        return d;
    }

    /**
     * The job's properties for this deployment, with short timings so tests and the local run see
     * windows close in seconds. Callers override what their scenario needs.
     */
    public Map<String, String> jobProperties(URI customerApi) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(KAFKA_BOOTSTRAP_SERVERS.key(), bootstrapServers);
        p.put(KAFKA_TOPIC.key(), topic);
        p.put(KAFKA_GROUP_ID.key(), groupId);
        p.put(KAFKA_SECURITY.key(), "PLAINTEXT");
        p.put(KAFKA_PARTITION_DISCOVERY.key(), "10s");
        p.put(MAX_OUT_OF_ORDERNESS.key(), "2s");
        p.put(SOURCE_IDLENESS.key(), "5s");
        p.put(ENRICHMENT_API_URL.key(), customerApi.toString());
        p.put(ENRICHMENT_API_CREDENTIALS_SECRET.key(), apiSecret);
        if ("https".equals(customerApi.getScheme())) {
            p.put(ENRICHMENT_API_TRUSTED_CERTIFICATE.key(), CustomerApiServer.trustedCertificate().toString());
        } else {
            p.put(ENRICHMENT_API_ALLOW_PLAINTEXT.key(), "true");
        }
        p.put(AWS_REGION.key(), localStack.region());
        p.put(AWS_ENDPOINT.key(), localStack.endpoint().toString());
        p.put(FIREHOSE_ORDERS_STREAM.key(), ordersStream);
        p.put(FIREHOSE_AGGREGATES_STREAM.key(), aggregatesStream);
        p.put(FIREHOSE_DLQ_STREAM.key(), dlqStream);
        p.put(FIREHOSE_MAX_BUFFER_TIME.key(), "200ms");
        p.put(CHECKPOINT_INTERVAL.key(), "2s");
        p.put(CHECKPOINT_MIN_PAUSE.key(), "500ms");
        // Custom metrics go to LocalStack's CloudWatch (aws.endpoint) every 5 s instead of every minute.
        p.put(METRICS_PUBLISH_INTERVAL.key(), "5s");
        return p;
    }

    /** Name of the Secrets Manager secret holding the customer API token. */
    public String apiSecret() {
        return apiSecret;
    }

    public String topic() {
        return topic;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Every enriched order delivered so far, one JSON line each. */
    public List<String> orderLines() {
        return localStack.readLines(ordersBucket, ORDERS_PREFIX);
    }

    public List<String> aggregateLines() {
        return localStack.readLines(aggregatesBucket, AGGREGATES_PREFIX);
    }

    public List<String> dlqLines() {
        return localStack.readLines(dlqBucket, DLQ_PREFIX);
    }

    public String ordersBucket() {
        return ordersBucket;
    }

    public String aggregatesBucket() {
        return aggregatesBucket;
    }

    public String dlqBucket() {
        return dlqBucket;
    }
}
