package io.orderstream.infra;

import io.orderstream.alarms.Targets;
import io.orderstream.infra.constructs.KafkaCluster;
import io.orderstream.infra.constructs.PrivateNetwork;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.msk.CfnTopic;
import software.constructs.Construct;

/** Lifecycle: the cluster's (retained on delete). MSK cluster OrderProcessing. */
public final class KafkaStack extends Stack {
    private final KafkaCluster cluster;

    public KafkaStack(Construct scope, String id, StackProps props, Settings settings, PrivateNetwork network,
                      Targets targets) {
        super(scope, id, props);
        this.cluster = new KafkaCluster(this, "Kafka", KafkaCluster.Props.builder()
                .clusterName(Names.KAFKA_CLUSTER)
                .kafkaVersion(settings.kafkaVersion())
                .brokers(3)
                .instanceType(settings.brokerInstanceType())
                .volumeGb(settings.brokerVolumeGb())
                .vpc(network.vpc())
                .clientSecurityGroup(network.applicationSecurityGroup())
                .logRetention(DataStack.retention(settings.logRetentionDays()))
                .build());
        // orders.raw with the cluster: partitions from context, replication 3; min.insync.replicas 2 and no
        // unclean leader election come from the brokers' configuration (KafkaCluster.SERVER_PROPERTIES).
        CfnTopic.Builder.create(this, "OrdersTopic")
                .clusterArn(cluster.clusterArn())
                .topicName(targets.topic())
                .partitionCount(targets.topicPartitions())
                .replicationFactor(Integer.parseInt(KafkaCluster.SERVER_PROPERTIES.get("default.replication.factor")))
                .build();
        CfnOutput.Builder.create(this, "ClusterArn").value(cluster.clusterArn()).build();
        CfnOutput.Builder.create(this, "BootstrapBrokersIam").value(cluster.bootstrapBrokers()).build();
    }

    public KafkaCluster cluster() {
        return cluster;
    }
}
