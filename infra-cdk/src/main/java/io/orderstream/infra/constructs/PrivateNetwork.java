package io.orderstream.infra.constructs;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IInterfaceVpcEndpointService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * A VPC over three AZs with private (isolated) subnets only and VPC endpoints for every AWS API the job
 * calls: S3 (gateway), CloudWatch, Logs, Firehose, STS, KMS, Secrets Manager. No NAT: the job reaches
 * AWS through the endpoints and MSK inside the VPC. Flow logs go to CloudWatch Logs.
 */
public final class PrivateNetwork extends Construct {

    /** Interface endpoints, by construct id. */
    public static final Map<String, IInterfaceVpcEndpointService> INTERFACE_ENDPOINTS = Map.of(
            "CloudWatch", InterfaceVpcEndpointAwsService.CLOUDWATCH_MONITORING,
            "Logs", InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
            "Firehose", InterfaceVpcEndpointAwsService.KINESIS_FIREHOSE,
            "Sts", InterfaceVpcEndpointAwsService.STS,
            "Kms", InterfaceVpcEndpointAwsService.KMS,
            "SecretsManager", InterfaceVpcEndpointAwsService.SECRETS_MANAGER);

    /** Props. */
    public record Props(List<String> availabilityZones, String cidr, RetentionDays flowLogRetention) {
        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private List<String> availabilityZones;
            private String cidr = "10.40.0.0/16";
            private RetentionDays flowLogRetention = RetentionDays.ONE_MONTH;

            public Builder availabilityZones(List<String> v) {
                availabilityZones = v;
                return this;
            }

            public Builder cidr(String v) {
                cidr = v;
                return this;
            }

            public Builder flowLogRetention(RetentionDays v) {
                flowLogRetention = v;
                return this;
            }

            public Props build() {
                if (availabilityZones == null || availabilityZones.size() != 3) {
                    throw new IllegalArgumentException("exactly 3 availability zones");
                }
                return new Props(List.copyOf(availabilityZones), cidr, flowLogRetention);
            }
        }
    }

    private final Vpc vpc;
    private final SecurityGroup applicationSecurityGroup;

    public PrivateNetwork(Construct scope, String id, Props props) {
        super(scope, id);
        LogGroup flowLogs = LogGroup.Builder.create(this, "FlowLogs")
                .retention(props.flowLogRetention()).removalPolicy(RemovalPolicy.DESTROY).build();
        this.vpc = Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr(props.cidr()))
                .availabilityZones(props.availabilityZones())
                .natGateways(0)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("private").subnetType(SubnetType.PRIVATE_ISOLATED).cidrMask(20).build()))
                .flowLogs(Map.of("all", FlowLogOptions.builder()
                        .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
                        .trafficType(FlowLogTrafficType.ALL).build()))
                .build();
        // The AZs are named (context availabilityZones, default <region>a/b/c) so that synth needs no
        // account lookup and MSK gets three distinct AZs in every account.
        software.amazon.awscdk.Validations.of(vpc).acknowledge(software.amazon.awscdk.Acknowledgment.builder()
                .id("CloudFormation-Validate::W3010")
                .reason("AZs come from context on purpose: offline synth, three distinct AZs for MSK").build());
        vpc.addGatewayEndpoint("S3", GatewayVpcEndpointOptions.builder()
                .service(GatewayVpcEndpointAwsService.S3).build());
        // One security group for every interface endpoint: HTTPS from inside the VPC only (the CIDR as a
        // literal, so the rule is checkable).
        SecurityGroup endpointSg = SecurityGroup.Builder.create(this, "EndpointSg").vpc(vpc)
                .description("VPC interface endpoints: HTTPS from the VPC").allowAllOutbound(false).build();
        endpointSg.addIngressRule(Peer.ipv4(props.cidr()), Port.tcp(443), "HTTPS from the VPC");
        INTERFACE_ENDPOINTS.forEach((name, service) -> vpc.addInterfaceEndpoint(name,
                InterfaceVpcEndpointOptions.builder().service(service).privateDnsEnabled(true)
                        .open(false).securityGroups(List.of(endpointSg))
                        .subnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
                        .build()));
        this.applicationSecurityGroup = SecurityGroup.Builder.create(this, "ApplicationSg")
                .vpc(vpc).description("Managed Flink application ENIs (Kafka client, AWS endpoints)")
                .allowAllOutbound(true).build();
    }

    public Vpc vpc() {
        return vpc;
    }

    /** The security group of the Flink application's ENIs: MSK admits Kafka clients by it. */
    public SecurityGroup applicationSecurityGroup() {
        return applicationSecurityGroup;
    }
}
