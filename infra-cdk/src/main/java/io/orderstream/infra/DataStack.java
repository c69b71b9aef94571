package io.orderstream.infra;

import io.orderstream.alarms.Targets;
import io.orderstream.infra.constructs.DeliveryStream;
import io.orderstream.infra.constructs.EncryptedBucket;
import io.orderstream.infra.constructs.Nag;
import io.orderstream.job.config.ConfigKeys;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.LogStream;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * Lifecycle: the data's. Keys, buckets (orders, aggregates, DLQ, application code), the three
 * delivery streams, the application's log group and the customer API credentials secret (its value
 * outlives application releases). Hosts nothing that needs a VPC, so it deploys to
 * LocalStack too.
 */
public final class DataStack extends Stack {
    private final Key key;
    private final Bucket codeBucket;
    private final List<DeliveryStream> streams;
    private final LogGroup applicationLogs;
    private final Secret customerApiSecret;

    public DataStack(Construct scope, String id, StackProps props, Settings settings, Targets targets) {
        super(scope, id, props);
        RetentionDays logRetention = retention(settings.logRetentionDays());
        this.key = Key.Builder.create(this, "DataKey").enableKeyRotation(true).alias("alias/orderstream-data")
                .description("orderstream data: buckets, delivery streams, application code, customer API credentials")
                .removalPolicy(RemovalPolicy.RETAIN).build();

        // S3 server access logs can only be delivered to an SSE-S3 bucket; it holds no order data.
        Bucket accessLogs = Bucket.Builder.create(this, "AccessLogs")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
                .enforceSsl(true)
                .lifecycleRules(List.of(LifecycleRule.builder().id("expire").expiration(Duration.days(90)).build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Nag.suppress(accessLogs, "AwsSolutions-S1",
                "This is the server access log bucket of the other buckets; logging it into itself would loop");

        Bucket orders = bucket("Orders", accessLogs, true, null, Duration.days(30)).bucket();
        Bucket aggregates = bucket("Aggregates", accessLogs, true, null, Duration.days(30)).bucket();
        // DLQ records carry raw payloads (personal data): expire them, no versions to outlive the expiry.
        Bucket dlq = bucket("Dlq", accessLogs, false, Duration.days(settings.dlqRetentionDays()), null).bucket();
        this.codeBucket = bucket("Code", accessLogs, true, null, null).bucket();

        this.streams = List.of(
                new DeliveryStream(this, "OrdersStream", DeliveryStream.Props.builder()
                        .streamName(targets.ordersStream()).bucket(orders).key(key).prefix("orders")
                        .bufferSeconds(60).bufferMb(64).logRetention(logRetention).build()),
                new DeliveryStream(this, "AggregatesStream", DeliveryStream.Props.builder()
                        .streamName(targets.aggregatesStream()).bucket(aggregates).key(key).prefix("aggregates")
                        .bufferSeconds(300).bufferMb(16).logRetention(logRetention).build()),
                new DeliveryStream(this, "DlqStream", DeliveryStream.Props.builder()
                        .streamName(targets.dlqStream()).bucket(dlq).key(key).prefix("dlq")
                        .bufferSeconds(60).bufferMb(16).logRetention(logRetention).build()));

        this.applicationLogs = LogGroup.Builder.create(this, "ApplicationLogs")
                .logGroupName(Names.APPLICATION_LOG_GROUP).retention(logRetention)
                .removalPolicy(RemovalPolicy.RETAIN).build();
        LogStream.Builder.create(this, "ApplicationLogStream").logGroup(applicationLogs)
                .logStreamName(Names.APPLICATION_LOG_STREAM).removalPolicy(RemovalPolicy.RETAIN).build();

        // The token is issued by the customer API's owners: the secret starts with a random placeholder
        // (the job then gets HTTP 401, DLQ external_api_error) until they put the real value.
        this.customerApiSecret = Secret.Builder.create(this, "CustomerApiCredentials")
                .secretName(Names.CUSTOMER_API_SECRET)
                .description("Bearer token of the customer API, read by the Flink job at start (job key "
                        + ConfigKeys.ENRICHMENT_API_CREDENTIALS_SECRET.key() + " holds this secret's ARN); "
                        + "set with secretsmanager put-secret-value, then restart the application")
                .encryptionKey(key)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Nag.suppress(customerApiSecret, "AwsSolutions-SMG4",
                "The token is issued and rotated by the customer API's owners, not by a rotation Lambda of ours: "
                        + "they put the new value and restart the application, which reads it only at start "
                        + "(docs/SECURITY.md)");

        CfnOutput.Builder.create(this, "CustomerApiSecretArn").value(customerApiSecret.getSecretArn())
                .description("put the customer API token here (secretsmanager put-secret-value)").build();
        CfnOutput.Builder.create(this, "CodeBucketName").value(codeBucket.getBucketName())
                .description("upload the job jar here (key: context jobJarKey)").build();
        CfnOutput.Builder.create(this, "OrdersBucketName").value(orders.getBucketName()).build();
        CfnOutput.Builder.create(this, "AggregatesBucketName").value(aggregates.getBucketName()).build();
        CfnOutput.Builder.create(this, "DlqBucketName").value(dlq.getBucketName()).build();
    }

    private EncryptedBucket bucket(String id, Bucket accessLogs, boolean versioned, Duration expire, Duration ia) {
        return new EncryptedBucket(this, id, EncryptedBucket.Props.builder()
                .key(key).accessLogs(accessLogs).accessLogPrefix(id.toLowerCase() + "/")
                .versioned(versioned).expireAfter(expire).infrequentAccessAfter(ia).build());
    }

    static RetentionDays retention(int days) {
        return switch (days) {
            case 7 -> RetentionDays.ONE_WEEK;
            case 14 -> RetentionDays.TWO_WEEKS;
            case 30 -> RetentionDays.ONE_MONTH;
            case 90 -> RetentionDays.THREE_MONTHS;
            case 180 -> RetentionDays.SIX_MONTHS;
            case 365 -> RetentionDays.ONE_YEAR;
            default -> throw new IllegalArgumentException("logRetentionDays must be 7, 14, 30, 90, 180 or 365");
        };
    }

    public Key key() {
        return key;
    }

    public Bucket codeBucket() {
        return codeBucket;
    }

    public List<DeliveryStream> streams() {
        return streams;
    }

    public Secret customerApiSecret() {
        return customerApiSecret;
    }

    public LogGroup applicationLogs() {
        return applicationLogs;
    }
}
