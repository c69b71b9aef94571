package io.orderstream.infra;

import io.orderstream.infra.constructs.DeliveryStream;
import io.orderstream.infra.constructs.FlinkApplication;
import io.orderstream.infra.constructs.KafkaCluster;
import io.orderstream.infra.constructs.PrivateNetwork;
import io.orderstream.job.config.ConfigKeys;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.constructs.Construct;

/** Lifecycle: every release. The Managed Flink application and its role. */
public final class ApplicationStack extends Stack {
    private final FlinkApplication application;

    public ApplicationStack(Construct scope, String id, StackProps props, Settings settings, PrivateNetwork network,
                            KafkaCluster kafka, DataStack data) {
        super(scope, id, props);
        Map<String, String> jobProperties = new LinkedHashMap<>(settings.jobProperties());
        jobProperties.putIfAbsent(ConfigKeys.ENRICHMENT_API_URL.key(), settings.enrichmentApiUrl());
        this.application = new FlinkApplication(this, "Flink", FlinkApplication.Props.builder()
                .applicationName(Names.APPLICATION)
                .codeBucket(data.codeBucket())
                .jarKey(settings.jobJarKey())
                .codeKey(data.key())
                .credentialsSecretArn(data.customerApiSecret().getSecretArn())
                .credentialsKey(data.key())
                .kafkaClusterArn(kafka.clusterArn())
                .kafkaClusterName(kafka.clusterName())
                .kafkaClusterUuid(kafka.clusterUuid())
                .bootstrapServers(kafka.bootstrapBrokers())
                .deliveryStreamArns(data.streams().stream().map(DeliveryStream::streamArn).toList())
                .logGroupName(Names.APPLICATION_LOG_GROUP)
                .logStreamName(Names.APPLICATION_LOG_STREAM)
                .subnets(network.vpc().selectSubnets(SubnetSelection.builder()
                        .subnetType(SubnetType.PRIVATE_ISOLATED).build()).getSubnets())
                .securityGroup(network.applicationSecurityGroup())
                .parallelism(settings.parallelism())
                .parallelismPerKpu(settings.parallelismPerKpu())
                .autoScaling(settings.autoScaling())
                .jobProperties(jobProperties)
                .build());
        CfnOutput.Builder.create(this, "ApplicationName").value(application.application().getRef()).build();
    }

    public FlinkApplication application() {
        return application;
    }
}
