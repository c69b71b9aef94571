package io.orderstream.alarms;

import java.util.List;

/**
 * AWS platform metrics the catalog uses: published by MSK, Firehose and Managed Service for Apache
 * Flink themselves, so they keep reporting when the job is dead. Dimension names are CloudWatch's.
 */
public enum PlatformMetric {
    /** Total offset lag of a consumer group on a topic (enhanced monitoring PER_TOPIC_PER_PARTITION not needed for this one). */
    KAFKA_SUM_OFFSET_LAG(Namespaces.KAFKA, "SumOffsetLag", Dims.KAFKA_GROUP_TOPIC),
    /** Largest partition offset lag of a consumer group on a topic. */
    KAFKA_MAX_OFFSET_LAG(Namespaces.KAFKA, "MaxOffsetLag", Dims.KAFKA_GROUP_TOPIC),
    /** MSK's estimate (seconds) to drain MaxOffsetLag. */
    KAFKA_ESTIMATED_MAX_TIME_LAG(Namespaces.KAFKA, "EstimatedMaxTimeLag", Dims.KAFKA_GROUP_TOPIC),
    /**
     * Partitions (replicas included) hosted by one broker: a gauge from the Kafka process's own JMX,
     * published every minute by every running broker (DEFAULT monitoring level). It stops when the
     * broker process stops, which is what makes it usable as a per-broker "alive" signal.
     */
    KAFKA_BROKER_PARTITION_COUNT(Namespaces.KAFKA, "PartitionCount", Dims.KAFKA_BROKER),
    /** Cluster-wide count of partitions without an active leader. */
    KAFKA_OFFLINE_PARTITIONS(Namespaces.KAFKA, "OfflinePartitionsCount", List.of(Dims.CLUSTER_NAME)),
    /** Fraction (0..1) of records delivered to S3 successfully in the period. */
    FIREHOSE_DELIVERY_TO_S3_SUCCESS(Namespaces.FIREHOSE, "DeliveryToS3.Success", Dims.FIREHOSE_STREAM),
    /** Records delivered to S3 in the period. */
    FIREHOSE_DELIVERY_TO_S3_RECORDS(Namespaces.FIREHOSE, "DeliveryToS3.Records", Dims.FIREHOSE_STREAM),
    /** Records received by a delivery stream. */
    FIREHOSE_INCOMING_RECORDS(Namespaces.FIREHOSE, "IncomingRecords", Dims.FIREHOSE_STREAM),
    /**
     * Restarts of the application's job since it was started (a counter). Flink 2.2 on MSF removed
     * {@code fullRestarts} for it and deprecated {@code uptime}/{@code downtime}, which orderstream does not use.
     */
    MSF_NUM_RESTARTS(Namespaces.KINESIS_ANALYTICS, "numRestarts", Dims.MSF_APPLICATION),
    /** Failed checkpoints since the job started (a counter). */
    MSF_FAILED_CHECKPOINTS(Namespaces.KINESIS_ANALYTICS, "numberOfFailedCheckpoints", Dims.MSF_APPLICATION);

    /** Namespaces of the platform metrics. */
    public static final class Namespaces {
        public static final String KAFKA = "AWS/Kafka";
        public static final String FIREHOSE = "AWS/Firehose";
        public static final String KINESIS_ANALYTICS = "AWS/KinesisAnalytics";

        private Namespaces() {}
    }

    /** Dimension names of the platform metrics. */
    public static final class Dims {
        public static final String CLUSTER_NAME = "Cluster Name";
        public static final String BROKER_ID = "Broker ID";
        public static final String CONSUMER_GROUP = "Consumer Group";
        public static final String TOPIC = "Topic";
        public static final String DELIVERY_STREAM = "DeliveryStreamName";
        public static final String APPLICATION = "Application";
        static final List<String> KAFKA_GROUP_TOPIC = List.of(CLUSTER_NAME, CONSUMER_GROUP, TOPIC);
        static final List<String> KAFKA_BROKER = List.of(CLUSTER_NAME, BROKER_ID);
        static final List<String> FIREHOSE_STREAM = List.of(DELIVERY_STREAM);
        static final List<String> MSF_APPLICATION = List.of(APPLICATION);

        private Dims() {}
    }

    private final String namespace;
    private final String metricName;
    private final List<String> dimensionNames;

    PlatformMetric(String namespace, String metricName, List<String> dimensionNames) {
        this.namespace = namespace;
        this.metricName = metricName;
        this.dimensionNames = dimensionNames;
    }

    public String namespace() {
        return namespace;
    }

    public String metricName() {
        return metricName;
    }

    public List<String> dimensionNames() {
        return dimensionNames;
    }
}
