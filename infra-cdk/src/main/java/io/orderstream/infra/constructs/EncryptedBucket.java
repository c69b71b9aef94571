package io.orderstream.infra.constructs;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.constructs.Construct;

/**
 * An S3 bucket as every data bucket of orderstream must be: KMS CMK encryption (bucket key on),
 * public access blocked, TLS-only bucket policy, server access logs, lifecycle rules; versioning
 * where data must survive a bad write; expiry where the data is personal.
 */
public final class EncryptedBucket extends Construct {

    /**
     * Props.
     *
     * @param expireAfter delete objects this long after creation (personal data), or null to keep
     * @param infrequentAccessAfter move objects to Standard-IA after this long, or null
     */
    public record Props(IKey key, IBucket accessLogs, String accessLogPrefix, boolean versioned, Duration expireAfter,
                        Duration infrequentAccessAfter, Duration noncurrentVersionExpiry, RemovalPolicy removalPolicy) {
        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private IKey key;
            private IBucket accessLogs;
            private String accessLogPrefix;
            private boolean versioned;
            private Duration expireAfter;
            private Duration infrequentAccessAfter;
            private Duration noncurrentVersionExpiry = Duration.days(30);
            private RemovalPolicy removalPolicy = RemovalPolicy.RETAIN;

            public Builder key(IKey v) { key = v; return this; }
            public Builder accessLogs(IBucket v) { accessLogs = v; return this; }
            public Builder accessLogPrefix(String v) { accessLogPrefix = v; return this; }
            public Builder versioned(boolean v) { versioned = v; return this; }
            public Builder expireAfter(Duration v) { expireAfter = v; return this; }
            public Builder infrequentAccessAfter(Duration v) { infrequentAccessAfter = v; return this; }
            public Builder noncurrentVersionExpiry(Duration v) { noncurrentVersionExpiry = v; return this; }
            public Builder removalPolicy(RemovalPolicy v) { removalPolicy = v; return this; }

            public Props build() {
                Objects.requireNonNull(key, "key");
                Objects.requireNonNull(accessLogs, "accessLogs");
                Objects.requireNonNull(accessLogPrefix, "accessLogPrefix");
                return new Props(key, accessLogs, accessLogPrefix, versioned, expireAfter, infrequentAccessAfter,
                        noncurrentVersionExpiry, removalPolicy);
            }
        }
    }

    private final Bucket bucket;

    public EncryptedBucket(Construct scope, String id, Props props) {
        super(scope, id);
        List<LifecycleRule> rules = new ArrayList<>();
        rules.add(LifecycleRule.builder().id("abort-incomplete-uploads")
                .abortIncompleteMultipartUploadAfter(Duration.days(1)).build());
        if (props.expireAfter() != null) {
            LifecycleRule.Builder expire = LifecycleRule.builder().id("expire").expiration(props.expireAfter());
            if (props.versioned()) {
                expire.noncurrentVersionExpiration(Duration.days(1));
            }
            rules.add(expire.build());
        }
        if (props.infrequentAccessAfter() != null) {
            rules.add(LifecycleRule.builder().id("infrequent-access").transitions(List.of(Transition.builder()
                    .storageClass(StorageClass.INFREQUENT_ACCESS).transitionAfter(props.infrequentAccessAfter()).build()))
                    .build());
        }
        if (props.versioned() && props.expireAfter() == null) {
            rules.add(LifecycleRule.builder().id("noncurrent-versions")
                    .noncurrentVersionExpiration(props.noncurrentVersionExpiry()).build());
        }
        this.bucket = Bucket.Builder.create(this, "Bucket")
                .encryption(BucketEncryption.KMS)
                .encryptionKey(props.key())
                .bucketKeyEnabled(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .enforceSsl(true)
                .versioned(props.versioned())
                .serverAccessLogsBucket(props.accessLogs())
                .serverAccessLogsPrefix(props.accessLogPrefix())
                .lifecycleRules(rules)
                .removalPolicy(props.removalPolicy())
                .build();
    }

    public Bucket bucket() {
        return bucket;
    }
}
