package io.orderstream.infra.constructs;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.msk.CfnCluster;
import software.amazon.awscdk.services.msk.CfnConfiguration;
import software.constructs.Construct;

/**
 * The MSK cluster: brokers in three AZs, IAM authentication over TLS only, TLS between brokers,
 * encryption at rest with a customer-managed key, enhanced monitoring PER_TOPIC_PER_PARTITION (the
 * lag alarms' metrics), broker logs to CloudWatch Logs, and broker defaults that make every topic
 * replicated 3 times with min.insync.replicas 2. The IAM/TLS bootstrap string is read from the MSK
 * API at deploy time (CloudFormation does not return it).
 */
public final class KafkaCluster extends Construct {

    /** Kafka port for IAM (SASL/SCRAM-IAM over TLS) clients. */
    public static final int IAM_TLS_PORT = 9098;

    /** Broker defaults. Topics are created with these (see docs/INFRA.md for orders.raw). */
    public static final Map<String, String> SERVER_PROPERTIES = Map.of(
            "auto.create.topics.enable", "false",
            "default.replication.factor", "3",
            "min.insync.replicas", "2",
            "num.partitions", "12",
            "unclean.leader.election.enable", "false");

    /** Props. */
    public record Props(String clusterName, String kafkaVersion, int brokers, String instanceType, int volumeGb,
                        IVpc vpc, ISecurityGroup clientSecurityGroup, RetentionDays logRetention) {
        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private String clusterName;
            private String kafkaVersion = "3.8.x";
            private int brokers = 3;
            private String instanceType = "kafka.m7g.large";
            private int volumeGb = 500;
            private IVpc vpc;
            private ISecurityGroup clientSecurityGroup;
            private RetentionDays logRetention = RetentionDays.ONE_MONTH;

            public Builder clusterName(String v) { clusterName = v; return this; }
            public Builder kafkaVersion(String v) { kafkaVersion = v; return this; }
            public Builder brokers(int v) { brokers = v; return this; }
            public Builder instanceType(String v) { instanceType = v; return this; }
            public Builder volumeGb(int v) { volumeGb = v; return this; }
            public Builder vpc(IVpc v) { vpc = v; return this; }
            public Builder clientSecurityGroup(ISecurityGroup v) { clientSecurityGroup = v; return this; }
            public Builder logRetention(RetentionDays v) { logRetention = v; return this; }

            public Props build() {
                Objects.requireNonNull(clusterName, "clusterName");
                Objects.requireNonNull(vpc, "vpc");
                Objects.requireNonNull(clientSecurityGroup, "clientSecurityGroup");
                return new Props(clusterName, kafkaVersion, brokers, instanceType, volumeGb, vpc, clientSecurityGroup,
                        logRetention);
            }
        }
    }

    private final CfnCluster cluster;
    private final String bootstrapBrokers;
    private final String clusterName;

    public KafkaCluster(Construct scope, String id, Props props) {
        super(scope, id);
        this.clusterName = props.clusterName();
        Key key = Key.Builder.create(this, "Key").enableKeyRotation(true)
                .alias("alias/orderstream-kafka").description("MSK " + props.clusterName() + " data at rest")
                .removalPolicy(RemovalPolicy.RETAIN).build();
        LogGroup brokerLogs = LogGroup.Builder.create(this, "BrokerLogs")
                .logGroupName("/aws/msk/" + props.clusterName())
                .retention(props.logRetention()).removalPolicy(RemovalPolicy.DESTROY).build();
        SecurityGroup brokerSg = SecurityGroup.Builder.create(this, "BrokerSg").vpc(props.vpc())
                .description("MSK " + props.clusterName() + " brokers").allowAllOutbound(false).build();
        brokerSg.addIngressRule(Peer.securityGroupId(props.clientSecurityGroup().getSecurityGroupId()),
                Port.tcp(IAM_TLS_PORT), "Kafka clients (IAM over TLS)");
        brokerSg.addIngressRule(brokerSg, Port.allTcp(), "broker to broker replication");

        StringBuilder serverProperties = new StringBuilder();
        new java.util.TreeMap<>(SERVER_PROPERTIES).forEach((k, v) -> serverProperties.append(k).append('=')
                .append(v).append('\n'));
        CfnConfiguration configuration = CfnConfiguration.Builder.create(this, "Configuration")
                .name(props.clusterName() + "-config")
                .serverProperties(serverProperties.toString())
                .build();

        List<String> subnets = props.vpc().selectSubnets(SubnetSelection.builder()
                .subnetType(SubnetType.PRIVATE_ISOLATED).build()).getSubnetIds();
        this.cluster = CfnCluster.Builder.create(this, "Cluster")
                .clusterName(props.clusterName())
                .kafkaVersion(props.kafkaVersion())
                .numberOfBrokerNodes(props.brokers())
                .brokerNodeGroupInfo(CfnCluster.BrokerNodeGroupInfoProperty.builder()
                        .clientSubnets(subnets)
                        .instanceType(props.instanceType())
                        .securityGroups(List.of(brokerSg.getSecurityGroupId()))
                        .storageInfo(CfnCluster.StorageInfoProperty.builder()
                                .ebsStorageInfo(CfnCluster.EBSStorageInfoProperty.builder()
                                        .volumeSize(props.volumeGb()).build()).build())
                        .build())
                .clientAuthentication(CfnCluster.ClientAuthenticationProperty.builder()
                        .sasl(CfnCluster.SaslProperty.builder()
                                .iam(CfnCluster.IamProperty.builder().enabled(true).build()).build())
                        .unauthenticated(CfnCluster.UnauthenticatedProperty.builder().enabled(false).build())
                        .build())
                .encryptionInfo(CfnCluster.EncryptionInfoProperty.builder()
                        .encryptionAtRest(CfnCluster.EncryptionAtRestProperty.builder()
                                .dataVolumeKmsKeyId(key.getKeyArn()).build())
                        .encryptionInTransit(CfnCluster.EncryptionInTransitProperty.builder()
                                .clientBroker("TLS").inCluster(true).build())
                        .build())
                .enhancedMonitoring("PER_TOPIC_PER_PARTITION")
                .loggingInfo(CfnCluster.LoggingInfoProperty.builder()
                        .brokerLogs(CfnCluster.BrokerLogsProperty.builder()
                                .cloudWatchLogs(CfnCluster.CloudWatchLogsProperty.builder()
                                        .enabled(true).logGroup(brokerLogs.getLogGroupName()).build())
                                .build())
                        .build())
                .configurationInfo(CfnCluster.ConfigurationInfoProperty.builder()
                        .arn(configuration.getAttrArn()).revision(1).build())
                .build();
        cluster.applyRemovalPolicy(RemovalPolicy.RETAIN);

        AwsCustomResource bootstrap = AwsCustomResource.Builder.create(this, "BootstrapBrokers")
                .onUpdate(AwsSdkCall.builder()
                        .service("Kafka").action("getBootstrapBrokers")
                        .parameters(Map.of("ClusterArn", cluster.getAttrArn()))
                        .physicalResourceId(PhysicalResourceId.of(props.clusterName() + "-bootstrap"))
                        .outputPaths(List.of("BootstrapBrokerStringSaslIam"))
                        .build())
                .policy(AwsCustomResourcePolicy.fromStatements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("kafka:GetBootstrapBrokers"))
                        .resources(List.of(cluster.getAttrArn())).build())))
                .installLatestAwsSdk(false)
                .build();
        this.bootstrapBrokers = bootstrap.getResponseField("BootstrapBrokerStringSaslIam");
        // The custom resource's Lambda is CDK's singleton (fixed construct id in the stack): CDK-owned code.
        Stack stack = Stack.of(this);
        String lambdaPath = "/" + stack.getStackName() + "/AWS679f53fac002430cb0da5b7982bd2287";
        io.github.cdklabs.cdknag.NagSuppressions.addResourceSuppressionsByPath(stack, lambdaPath, List.of(
                io.github.cdklabs.cdknag.NagPackSuppression.builder().id("AwsSolutions-IAM4")
                        .reason("CDK's AwsCustomResource Lambda uses AWSLambdaBasicExecutionRole for its own logs only")
                        .appliesTo(List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                                + "AWSLambdaBasicExecutionRole")).build(),
                io.github.cdklabs.cdknag.NagPackSuppression.builder().id("AwsSolutions-L1")
                        .reason("The runtime of CDK's AwsCustomResource Lambda is chosen by aws-cdk-lib and "
                                + "upgraded with it").build()), true);
    }

    public String clusterArn() {
        return cluster.getAttrArn();
    }

    public String clusterName() {
        return clusterName;
    }

    /** The UUID part of the cluster ARN: topic and group ARNs embed it. */
    public String clusterUuid() {
        return Fn.select(2, Fn.split("/", cluster.getAttrArn()));
    }

    /** IAM/TLS bootstrap brokers (host:9098,...), resolved at deploy time. */
    public String bootstrapBrokers() {
        return bootstrapBrokers;
    }
}
