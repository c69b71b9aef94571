package io.orderstream.job.sink.firehose;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the writer builds its {@link software.amazon.awssdk.services.firehose.FirehoseAsyncClient}.
 *
 * <p>The SDK client is not serializable, so the sink carries this small immutable description
 * instead and every writer builds its own client on the task manager.
 *
 * <p>Credentials come from the SDK's default provider chain (the application's IAM role on
 * Managed Service for Apache Flink). Static credentials exist for local runs against LocalStack
 * only: they travel inside the job graph, so real secrets must never be put here.
 */
public final class FirehoseClientConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Netty's default; also the sink's default number of in-flight requests. */
    public static final int DEFAULT_MAX_CONCURRENCY = 50;

    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);

    /** Covers the SDK's own retries of one PutRecordBatch call. */
    public static final Duration DEFAULT_API_CALL_TIMEOUT = Duration.ofMinutes(2);

    private final String region;
    private final URI endpointOverride;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final int maxConcurrency;
    private final Duration connectionTimeout;
    private final Duration apiCallTimeout;

    private FirehoseClientConfig(Builder builder) {
        this.region = builder.region;
        this.endpointOverride = builder.endpointOverride;
        this.accessKeyId = builder.accessKeyId;
        this.secretAccessKey = builder.secretAccessKey;
        this.maxConcurrency = builder.maxConcurrency;
        this.connectionTimeout = builder.connectionTimeout;
        this.apiCallTimeout = builder.apiCallTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String region() {
        return region;
    }

    public Optional<URI> endpointOverride() {
        return Optional.ofNullable(endpointOverride);
    }

    /** True when static credentials were given; otherwise the default provider chain is used. */
    public boolean hasStaticCredentials() {
        return accessKeyId != null;
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    public String secretAccessKey() {
        return secretAccessKey;
    }

    public int maxConcurrency() {
        return maxConcurrency;
    }

    public Duration connectionTimeout() {
        return connectionTimeout;
    }

    public Duration apiCallTimeout() {
        return apiCallTimeout;
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "FirehoseClientConfig{region="
                + region
                + ", endpointOverride="
                + endpointOverride
                + ", credentials="
                + (hasStaticCredentials() ? "static(" + accessKeyId + ")" : "default chain")
                + ", maxConcurrency="
                + maxConcurrency
                + ", connectionTimeout="
                + connectionTimeout
                + ", apiCallTimeout="
                + apiCallTimeout
                + '}';
    }

    /** Builder for {@link FirehoseClientConfig}; only the region is required. */
    public static final class Builder {
        private String region;
        private URI endpointOverride;
        private String accessKeyId;
        private String secretAccessKey;
        private int maxConcurrency = DEFAULT_MAX_CONCURRENCY;
        private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
        private Duration apiCallTimeout = DEFAULT_API_CALL_TIMEOUT;

        private Builder() {}

        /** AWS region id, e.g. {@code eu-west-1}. */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** Endpoint to use instead of the regional one, e.g. a LocalStack URL. */
        public Builder endpointOverride(URI endpointOverride) {
            this.endpointOverride = endpointOverride;
            return this;
        }

        /** Static credentials, for local runs only (see the class comment). */
        public Builder staticCredentials(String accessKeyId, String secretAccessKey) {
            this.accessKeyId = accessKeyId;
            this.secretAccessKey = secretAccessKey;
            return this;
        }

        /** Maximum open HTTP connections; should be at least the sink's in-flight requests. */
        public Builder maxConcurrency(int maxConcurrency) {
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        public Builder connectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = connectionTimeout;
            return this;
        }

        public Builder apiCallTimeout(Duration apiCallTimeout) {
            this.apiCallTimeout = apiCallTimeout;
            return this;
        }

        public FirehoseClientConfig build() {
            if (region == null || region.isBlank()) {
                throw new IllegalArgumentException("The Firehose client needs an AWS region.");
            }
            if ((accessKeyId == null) != (secretAccessKey == null)) {
                throw new IllegalArgumentException(
                        "Static credentials need both an access key id and a secret access key.");
            }
            if (maxConcurrency <= 0) {
                throw new IllegalArgumentException(
                        "maxConcurrency must be positive, was " + maxConcurrency);
            }
            requirePositive(connectionTimeout, "connectionTimeout");
            requirePositive(apiCallTimeout, "apiCallTimeout");
            return new FirehoseClientConfig(this);
        }

        private static void requirePositive(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + duration);
            }
        }
    }
}
