package io.orderstream.infra.constructs;

import io.orderstream.job.config.ConfigKeys;
import io.orderstream.job.metrics.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kinesisanalyticsv2.CfnApplication;
import software.amazon.awscdk.services.kinesisanalyticsv2.CfnApplicationCloudWatchLoggingOption;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The Managed Service for Apache Flink application running the job jar, with its role. The role is
 * least privilege: its topic and group on MSK, PutRecordBatch on its three delivery streams,
 * PutMetricData only in namespace ecommerce-streaming, its jar, its log stream, its key, the customer
 * API credentials secret (GetSecretValue on that secret only, Decrypt through Secrets Manager only),
 * and the ENI permissions MSF needs to run inside the VPC. The application properties carry the
 * secret's ARN, never its value.
 */
public final class FlinkApplication extends Construct {

    /** The Flink runtime: MSF's API lists FLINK-2_2 (botocore RuntimeEnvironment); the L1 takes the string. */
    public static final String RUNTIME = "FLINK-2_2";

    /** Props. */
    public record Props(String applicationName, IBucket codeBucket, String jarKey, IKey codeKey,
                        String credentialsSecretArn, IKey credentialsKey, String kafkaClusterArn, String kafkaClusterName, String kafkaClusterUuid,
                        String bootstrapServers, List<String> deliveryStreamArns, String logGroupName,
                        String logStreamName, List<ISubnet> subnets, ISecurityGroup securityGroup, int parallelism,
                        int parallelismPerKpu, boolean autoScaling, Map<String, String> jobProperties) {
        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private String applicationName;
            private IBucket codeBucket;
            private String jarKey;
            private IKey codeKey;
            private String credentialsSecretArn;
            private IKey credentialsKey;
            private String kafkaClusterArn;
            private String kafkaClusterName;
            private String kafkaClusterUuid;
            private String bootstrapServers;
            private List<String> deliveryStreamArns;
            private String logGroupName;
            private String logStreamName;
            private List<ISubnet> subnets;
            private ISecurityGroup securityGroup;
            private int parallelism = 4;
            private int parallelismPerKpu = 1;
            private boolean autoScaling = true;
            private Map<String, String> jobProperties = Map.of();

            public Builder applicationName(String v) { applicationName = v; return this; }
            public Builder codeBucket(IBucket v) { codeBucket = v; return this; }
            public Builder jarKey(String v) { jarKey = v; return this; }
            public Builder codeKey(IKey v) { codeKey = v; return this; }
            public Builder credentialsSecretArn(String v) { credentialsSecretArn = v; return this; }
            public Builder credentialsKey(IKey v) { credentialsKey = v; return this; }
            public Builder kafkaClusterArn(String v) { kafkaClusterArn = v; return this; }
            public Builder kafkaClusterName(String v) { kafkaClusterName = v; return this; }
            public Builder kafkaClusterUuid(String v) { kafkaClusterUuid = v; return this; }
            public Builder bootstrapServers(String v) { bootstrapServers = v; return this; }
            public Builder deliveryStreamArns(List<String> v) { deliveryStreamArns = v; return this; }
            public Builder logGroupName(String v) { logGroupName = v; return this; }
            public Builder logStreamName(String v) { logStreamName = v; return this; }
            public Builder subnets(List<ISubnet> v) { subnets = v; return this; }
            public Builder securityGroup(ISecurityGroup v) { securityGroup = v; return this; }
            public Builder parallelism(int v) { parallelism = v; return this; }
            public Builder parallelismPerKpu(int v) { parallelismPerKpu = v; return this; }
            public Builder autoScaling(boolean v) { autoScaling = v; return this; }
            public Builder jobProperties(Map<String, String> v) { jobProperties = v; return this; }

            public Props build() {
                Objects.requireNonNull(applicationName, "applicationName");
                Objects.requireNonNull(codeBucket, "codeBucket");
                Objects.requireNonNull(jarKey, "jarKey");
                Objects.requireNonNull(codeKey, "codeKey");
                Objects.requireNonNull(credentialsSecretArn, "credentialsSecretArn");
                Objects.requireNonNull(credentialsKey, "credentialsKey");
                Objects.requireNonNull(kafkaClusterArn, "kafkaClusterArn");
                Objects.requireNonNull(kafkaClusterName, "kafkaClusterName");
                Objects.requireNonNull(kafkaClusterUuid, "kafkaClusterUuid");
                Objects.requireNonNull(bootstrapServers, "bootstrapServers");
                Objects.requireNonNull(deliveryStreamArns, "deliveryStreamArns");
                Objects.requireNonNull(logGroupName, "logGroupName");
                Objects.requireNonNull(logStreamName, "logStreamName");
                Objects.requireNonNull(subnets, "subnets");
                Objects.requireNonNull(securityGroup, "securityGroup");
                return new Props(applicationName, codeBucket, jarKey, codeKey, credentialsSecretArn, credentialsKey,
                        kafkaClusterArn, kafkaClusterName,
                        kafkaClusterUuid, bootstrapServers, List.copyOf(deliveryStreamArns), logGroupName,
                        logStreamName, List.copyOf(subnets), securityGroup, parallelism, parallelismPerKpu,
                        autoScaling, Map.copyOf(jobProperties));
            }
        }
    }

    private final CfnApplication application;
    private final Role role;

    public FlinkApplication(Construct scope, String id, Props props) {
        super(scope, id);
        String topic = props.jobProperties().getOrDefault(ConfigKeys.KAFKA_TOPIC.key(),
                ConfigKeys.KAFKA_TOPIC.defaultText().orElseThrow());
        String group = props.jobProperties().getOrDefault(ConfigKeys.KAFKA_GROUP_ID.key(),
                ConfigKeys.KAFKA_GROUP_ID.defaultText().orElseThrow());
        String kafkaPrefix = "arn:" + Aws.PARTITION + ":kafka:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":";
        String topicArn = kafkaPrefix + "topic/" + props.kafkaClusterName() + "/" + props.kafkaClusterUuid() + "/" + topic;
        String groupArn = kafkaPrefix + "group/" + props.kafkaClusterName() + "/" + props.kafkaClusterUuid() + "/" + group;
        String logGroupArn = "arn:" + Aws.PARTITION + ":logs:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":log-group:"
                + props.logGroupName();
        String ec2Prefix = "arn:" + Aws.PARTITION + ":ec2:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":";

        this.role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("kinesisanalytics.amazonaws.com"))
                .description("Managed Flink application " + props.applicationName())
                .build();
        role.addToPolicy(statement("KafkaCluster", List.of("kafka-cluster:Connect", "kafka-cluster:DescribeCluster"),
                List.of(props.kafkaClusterArn())));
        role.addToPolicy(statement("KafkaTopic", List.of("kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"),
                List.of(topicArn)));
        role.addToPolicy(statement("KafkaGroup", List.of("kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"),
                List.of(groupArn)));
        role.addToPolicy(statement("Firehose", List.of("firehose:PutRecordBatch"), props.deliveryStreamArns()));
        // PutMetricData has no resource-level permissions: "*" is the only resource AWS accepts. The
        // namespace condition limits it to the job's namespace.
        role.addToPolicy(PolicyStatement.Builder.create().sid("MetricsJustifiedWildcard").effect(Effect.ALLOW)
                .actions(List.of("cloudwatch:PutMetricData")).resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("cloudwatch:namespace", Metric.NAMESPACE))).build());
        role.addToPolicy(statement("Code", List.of("s3:GetObject", "s3:GetObjectVersion"),
                List.of(props.codeBucket().arnForObjects(props.jarKey()))));
        role.addToPolicy(PolicyStatement.Builder.create().sid("CodeKey").effect(Effect.ALLOW)
                .actions(List.of("kms:Decrypt")).resources(List.of(props.codeKey().getKeyArn()))
                .conditions(Map.of("StringEquals", Map.of("kms:ViaService", "s3." + Aws.REGION + ".amazonaws.com")))
                .build());
        role.addToPolicy(statement("CustomerApiSecret", List.of("secretsmanager:GetSecretValue"),
                List.of(props.credentialsSecretArn())));
        role.addToPolicy(PolicyStatement.Builder.create().sid("CustomerApiSecretKey").effect(Effect.ALLOW)
                .actions(List.of("kms:Decrypt")).resources(List.of(props.credentialsKey().getKeyArn()))
                .conditions(Map.of("StringEquals",
                        Map.of("kms:ViaService", "secretsmanager." + Aws.REGION + ".amazonaws.com")))
                .build());
        role.addToPolicy(statement("LogGroup", List.of("logs:DescribeLogStreams"), List.of(logGroupArn + ":*")));
        role.addToPolicy(statement("LogStream", List.of("logs:PutLogEvents"),
                List.of(logGroupArn + ":log-stream:" + props.logStreamName())));
        // EC2 Describe* calls have no resource-level permissions: "*" is the only resource AWS accepts.
        role.addToPolicy(PolicyStatement.Builder.create().sid("VpcDescribeJustifiedWildcard").effect(Effect.ALLOW)
                .actions(List.of("ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups",
                        "ec2:DescribeDhcpOptions", "ec2:DescribeNetworkInterfaces"))
                .resources(List.of("*")).build());
        // MSF creates its ENIs in our subnets with our security group; the ENI's own id is not known in advance.
        List<String> eniResources = new ArrayList<>();
        eniResources.add(ec2Prefix + "network-interface/*");
        props.subnets().forEach(s -> eniResources.add(ec2Prefix + "subnet/" + s.getSubnetId()));
        eniResources.add(ec2Prefix + "security-group/" + props.securityGroup().getSecurityGroupId());
        role.addToPolicy(statement("VpcEni", List.of("ec2:CreateNetworkInterface",
                "ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface"), eniResources));

        Nag.suppress(role, "AwsSolutions-IAM5",
                "cloudwatch:PutMetricData and ec2:Describe* accept only Resource * (PutMetricData is limited by the "
                        + "cloudwatch:namespace condition); MSF's ENIs do not exist before it creates them "
                        + "(network-interface/*); DescribeLogStreams needs the log group's :* ARN",
                List.of("Resource::*",
                        "Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:network-interface/*",
                        "Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:"
                                + props.logGroupName() + ":*"));

        java.util.Map<String, String> values = new java.util.LinkedHashMap<>(props.jobProperties());
        values.put(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.key(), props.bootstrapServers());
        values.put(ConfigKeys.KAFKA_SECURITY.key(), "IAM");
        values.put(ConfigKeys.ENRICHMENT_API_CREDENTIALS_SECRET.key(), props.credentialsSecretArn());
        values.putIfAbsent(ConfigKeys.AWS_REGION.key(), Aws.REGION);
        List<CfnApplication.PropertyGroupProperty> groups = new ArrayList<>();
        ApplicationProperties.groups(values).forEach((groupId, map) -> groups.add(
                CfnApplication.PropertyGroupProperty.builder().propertyGroupId(groupId).propertyMap(map).build()));

        this.application = CfnApplication.Builder.create(this, "Application")
                .applicationName(props.applicationName())
                .applicationDescription("orderstream: orders.raw to Firehose (orders, aggregates, DLQ)")
                .runtimeEnvironment(RUNTIME)
                .serviceExecutionRole(role.getRoleArn())
                .applicationConfiguration(CfnApplication.ApplicationConfigurationProperty.builder()
                        .applicationCodeConfiguration(CfnApplication.ApplicationCodeConfigurationProperty.builder()
                                .codeContentType("ZIPFILE")
                                .codeContent(CfnApplication.CodeContentProperty.builder()
                                        .s3ContentLocation(CfnApplication.S3ContentLocationProperty.builder()
                                                .bucketArn(props.codeBucket().getBucketArn())
                                                .fileKey(props.jarKey()).build())
                                        .build())
                                .build())
                        .environmentProperties(CfnApplication.EnvironmentPropertiesProperty.builder()
                                .propertyGroups(groups).build())
                        .flinkApplicationConfiguration(CfnApplication.FlinkApplicationConfigurationProperty.builder()
                                .checkpointConfiguration(CfnApplication.CheckpointConfigurationProperty.builder()
                                        .configurationType("CUSTOM")
                                        .checkpointingEnabled(true)
                                        .checkpointInterval(ApplicationProperties.defaultMillis(ConfigKeys.CHECKPOINT_INTERVAL))
                                        .minPauseBetweenCheckpoints(ApplicationProperties.defaultMillis(ConfigKeys.CHECKPOINT_MIN_PAUSE))
                                        .build())
                                .monitoringConfiguration(CfnApplication.MonitoringConfigurationProperty.builder()
                                        .configurationType("CUSTOM").logLevel("INFO").metricsLevel("APPLICATION")
                                        .build())
                                .parallelismConfiguration(CfnApplication.ParallelismConfigurationProperty.builder()
                                        .configurationType("CUSTOM").parallelism(props.parallelism())
                                        .parallelismPerKpu(props.parallelismPerKpu())
                                        .autoScalingEnabled(props.autoScaling()).build())
                                .build())
                        .applicationSnapshotConfiguration(CfnApplication.ApplicationSnapshotConfigurationProperty.builder()
                                .snapshotsEnabled(true).build())
                        .vpcConfigurations(List.of(CfnApplication.VpcConfigurationProperty.builder()
                                .subnetIds(props.subnets().stream().map(ISubnet::getSubnetId).toList())
                                .securityGroupIds(List.of(props.securityGroup().getSecurityGroupId()))
                                .build()))
                        .build())
                .build();
        application.getNode().addDependency(role);

        CfnApplicationCloudWatchLoggingOption logging = CfnApplicationCloudWatchLoggingOption.Builder
                .create(this, "Logging")
                .applicationName(application.getRef())
                .cloudWatchLoggingOption(CfnApplicationCloudWatchLoggingOption.CloudWatchLoggingOptionProperty.builder()
                        .logStreamArn(logGroupArn + ":log-stream:" + props.logStreamName()).build())
                .build();
        logging.addResourceDependency(application);
    }

    private static PolicyStatement statement(String sid, List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create().sid(sid).effect(Effect.ALLOW).actions(actions).resources(resources).build();
    }

    public CfnApplication application() {
        return application;
    }

    public Role role() {
        return role;
    }
}
