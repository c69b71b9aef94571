package io.orderstream.infra.constructs;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kinesisfirehose.CfnDeliveryStream;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.LogStream;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.Stack;
import software.constructs.Construct;

/**
 * One DirectPut Firehose delivery stream into its own bucket: date/hour prefixes, an error-output
 * prefix, GZIP, CMK encryption at rest (stream and objects), delivery error logging, and a role
 * that can write only its bucket (under its prefixes), use only its key and log only to its stream.
 */
public final class DeliveryStream extends Construct {

    public static final String DELIVERY_LOG_STREAM = "DestinationDelivery";

    /** Props. */
    public record Props(String streamName, IBucket bucket, IKey key, String prefix, int bufferSeconds, int bufferMb,
                        RetentionDays logRetention) {
        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private String streamName;
            private IBucket bucket;
            private IKey key;
            private String prefix;
            private int bufferSeconds = 300;
            private int bufferMb = 64;
            private RetentionDays logRetention = RetentionDays.ONE_MONTH;

            public Builder streamName(String v) { streamName = v; return this; }
            public Builder bucket(IBucket v) { bucket = v; return this; }
            public Builder key(IKey v) { key = v; return this; }
            /** Top-level prefix ("orders"): objects land under prefix/year=/month=/day=/hour=/. */
            public Builder prefix(String v) { prefix = v; return this; }
            public Builder bufferSeconds(int v) { bufferSeconds = v; return this; }
            public Builder bufferMb(int v) { bufferMb = v; return this; }
            public Builder logRetention(RetentionDays v) { logRetention = v; return this; }

            public Props build() {
                Objects.requireNonNull(streamName, "streamName");
                Objects.requireNonNull(bucket, "bucket");
                Objects.requireNonNull(key, "key");
                Objects.requireNonNull(prefix, "prefix");
                return new Props(streamName, bucket, key, prefix, bufferSeconds, bufferMb, logRetention);
            }
        }
    }

    private final CfnDeliveryStream stream;
    private final Role role;

    public DeliveryStream(Construct scope, String id, Props props) {
        super(scope, id);
        String datePath = "year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/";
        String dataPrefix = props.prefix() + "/" + datePath;
        String errorPrefix = "errors/" + props.prefix() + "/!{firehose:error-output-type}/" + datePath;

        LogGroup logGroup = LogGroup.Builder.create(this, "DeliveryLogs")
                .logGroupName("/aws/kinesisfirehose/" + props.streamName())
                .retention(props.logRetention()).removalPolicy(RemovalPolicy.DESTROY).build();
        LogStream logStream = LogStream.Builder.create(this, "DeliveryLogStream")
                .logGroup(logGroup).logStreamName(DELIVERY_LOG_STREAM).removalPolicy(RemovalPolicy.DESTROY).build();

        this.role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("firehose.amazonaws.com"))
                .description("Firehose " + props.streamName() + ": write its bucket, use its key, log delivery errors")
                .build();
        role.addToPolicy(PolicyStatement.Builder.create().sid("BucketLevel").effect(Effect.ALLOW)
                .actions(List.of("s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"))
                .resources(List.of(props.bucket().getBucketArn())).build());
        // Object ARNs are the narrowest S3 allows for object actions: limited to this stream's prefixes.
        role.addToPolicy(PolicyStatement.Builder.create().sid("ObjectLevel").effect(Effect.ALLOW)
                .actions(List.of("s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"))
                .resources(List.of(props.bucket().arnForObjects(props.prefix() + "/*"),
                        props.bucket().arnForObjects("errors/" + props.prefix() + "/*")))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create().sid("BucketKey").effect(Effect.ALLOW)
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                .resources(List.of(props.key().getKeyArn()))
                .conditions(Map.of("StringEquals", Map.of("kms:ViaService",
                        "s3." + Stack.of(this).getRegion() + ".amazonaws.com")))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create().sid("DeliveryLogs").effect(Effect.ALLOW)
                .actions(List.of("logs:PutLogEvents"))
                .resources(List.of(Stack.of(this).formatArn(software.amazon.awscdk.ArnComponents.builder()
                        .service("logs").resource("log-group")
                        .arnFormat(software.amazon.awscdk.ArnFormat.COLON_RESOURCE_NAME)
                        .resourceName(logGroup.getLogGroupName() + ":log-stream:" + DELIVERY_LOG_STREAM).build())))
                .build());

        Nag.suppressMatching(role, "AwsSolutions-IAM5",
                "S3 object actions need object ARNs: limited to this stream's data and error prefixes of its own bucket",
                "/^Resource::<.*\\.Arn>\\/(errors\\/)?" + props.prefix() + "\\/\\*$/g");

        this.stream = CfnDeliveryStream.Builder.create(this, "Stream")
                .deliveryStreamName(props.streamName())
                .deliveryStreamType("DirectPut")
                .deliveryStreamEncryptionConfigurationInput(
                        CfnDeliveryStream.DeliveryStreamEncryptionConfigurationInputProperty.builder()
                                .keyType("CUSTOMER_MANAGED_CMK").keyArn(props.key().getKeyArn()).build())
                .extendedS3DestinationConfiguration(CfnDeliveryStream.ExtendedS3DestinationConfigurationProperty.builder()
                        .bucketArn(props.bucket().getBucketArn())
                        .roleArn(role.getRoleArn())
                        .prefix(dataPrefix)
                        .errorOutputPrefix(errorPrefix)
                        .bufferingHints(CfnDeliveryStream.BufferingHintsProperty.builder()
                                .intervalInSeconds(props.bufferSeconds()).sizeInMBs(props.bufferMb()).build())
                        .compressionFormat("GZIP")
                        .encryptionConfiguration(CfnDeliveryStream.EncryptionConfigurationProperty.builder()
                                .kmsEncryptionConfig(CfnDeliveryStream.KMSEncryptionConfigProperty.builder()
                                        .awskmsKeyArn(props.key().getKeyArn()).build())
                                .build())
                        .cloudWatchLoggingOptions(CfnDeliveryStream.CloudWatchLoggingOptionsProperty.builder()
                                .enabled(true).logGroupName(logGroup.getLogGroupName())
                                .logStreamName(logStream.getLogStreamName()).build())
                        .build())
                .build();
        stream.getNode().addDependency(role);
    }

    public CfnDeliveryStream stream() {
        return stream;
    }

    public String streamArn() {
        return stream.getAttrArn();
    }

    public Role role() {
        return role;
    }
}
