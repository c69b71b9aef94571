package io.orderstream.alarms;

import io.orderstream.job.config.ConfigKeys;
import java.util.List;
import java.util.Objects;

/**
 * The names alarms point at (dimension values). Defaults are the product's: MSK cluster
 * {@code OrderProcessing}, the job's default topic, group and delivery streams (from
 * {@link ConfigKeys}), the MSF application {@code orderstream}.
 *
 * @param topicPartitions partitions of the topic (the partition-lag-skew alarm divides by it)
 */
public record Targets(String clusterName, int brokerCount, String topic, int topicPartitions, String consumerGroup,
                      String applicationName, String ordersStream, String aggregatesStream, String dlqStream) {

    public static final String CLUSTER_NAME = "OrderProcessing";
    public static final int BROKER_COUNT = 3;
    public static final int TOPIC_PARTITIONS = 12;
    public static final String APPLICATION_NAME = "orderstream";

    public Targets {
        Objects.requireNonNull(clusterName);
        if (brokerCount < 1 || brokerCount > 9) {
            throw new IllegalArgumentException("brokerCount 1..9 (metric math takes at most 10 metrics)");
        }
        if (topicPartitions < 1) {
            throw new IllegalArgumentException("topicPartitions must be positive");
        }
    }

    public static Targets defaults() {
        return new Targets(CLUSTER_NAME, BROKER_COUNT, ConfigKeys.KAFKA_TOPIC.defaultText().orElseThrow(),
                TOPIC_PARTITIONS, ConfigKeys.KAFKA_GROUP_ID.defaultText().orElseThrow(), APPLICATION_NAME,
                ConfigKeys.FIREHOSE_ORDERS_STREAM.defaultText().orElseThrow(),
                ConfigKeys.FIREHOSE_AGGREGATES_STREAM.defaultText().orElseThrow(),
                ConfigKeys.FIREHOSE_DLQ_STREAM.defaultText().orElseThrow());
    }

    public List<String> deliveryStreams() {
        return List.of(ordersStream, aggregatesStream, dlqStream);
    }
}
