package io.orderstream.job.source;

import io.orderstream.job.config.JobConfig;
import io.orderstream.job.config.KafkaSecurity;
import io.orderstream.job.model.RawRecord;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The KafkaSource on {@code orders.raw}: committed offsets of the group (else the earliest),
 * offsets committed on checkpoint, partition discovery on, and MSK IAM auth over TLS unless the
 * configuration asks for the plaintext local broker.
 */
public final class OrderKafkaSource {
    private OrderKafkaSource() {}

    public static KafkaSource<RawRecord> create(JobConfig.Kafka kafka, int maxRecordBytes) {
        var builder = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(kafka.topic())
                .setGroupId(kafka.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawRecordDeserializer(maxRecordBytes))
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setProperty("partition.discovery.interval.ms",
                        String.valueOf(kafka.partitionDiscoveryInterval().toMillis()))
                .setProperty("client.id.prefix", kafka.groupId());
        if (kafka.security() == KafkaSecurity.IAM) {
            // aws-msk-iam-auth signs with the credentials of the runtime (the MSF application role).
            builder.setProperty("security.protocol", "SASL_SSL")
                    .setProperty("sasl.mechanism", "AWS_MSK_IAM")
                    .setProperty("sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;")
                    .setProperty("sasl.client.callback.handler.class",
                            "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
        }
        return builder.build();
    }
}
