package io.orderstream.job.enrich;

import io.orderstream.job.config.ConfigKeys;
import io.orderstream.job.config.JobConfig;
import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * The customer API token, read from AWS Secrets Manager once when the enrich operator opens (the
 * application properties hold only the secret's ARN or name). The value is kept in memory, sent as
 * {@code Authorization: Bearer}, and never logged nor put in an exception message: {@link #toString}
 * hides it too.
 */
public final class ApiCredentials {
    private final String token;

    private ApiCredentials(String token) {
        this.token = token;
    }

    /** No credentials: requests carry no Authorization header. */
    public static ApiCredentials none() {
        return new ApiCredentials(null);
    }

    /** A token given directly (tests of the client). */
    public static ApiCredentials bearer(String token) {
        return new ApiCredentials(token);
    }

    /**
     * Reads {@code enrichment.api.credentials-secret} when set, else {@link #none()}.
     *
     * @throws IllegalStateException naming the secret and the key when the secret cannot be read or is
     *     empty: the job must not start and then fail every order with an authentication error
     */
    public static ApiCredentials from(JobConfig.Enrichment settings) {
        String secretId = settings.credentialsSecret();
        if (secretId == null) {
            return none();
        }
        String key = ConfigKeys.ENRICHMENT_API_CREDENTIALS_SECRET.key();
        String value;
        try (SecretsManagerClient client = client(settings)) {
            value = client.getSecretValue(r -> r.secretId(secretId)).secretString();
        } catch (SdkException e) {
            // The SDK's message names the error code and the secret, never its value.
            throw new IllegalStateException("cannot read the customer API credentials from Secrets Manager secret '"
                    + secretId + "' (" + key + "): " + e.getMessage(), e);
        }
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Secrets Manager secret '" + secretId + "' (" + key
                    + ") has no SecretString: the customer API token must be stored as text");
        }
        return new ApiCredentials(value.strip());
    }

    /** The Authorization header value, or null without credentials. */
    String authorization() {
        return token == null ? null : "Bearer " + token;
    }

    @Override
    public String toString() {
        return token == null ? "no credentials" : "bearer token (hidden)";
    }

    private static SecretsManagerClient client(JobConfig.Enrichment settings) {
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
                .region(Region.of(settings.awsRegion()))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5)))
                .overrideConfiguration(o -> o
                        .apiCallTimeout(Duration.ofSeconds(20))
                        .retryStrategy(RetryMode.STANDARD));
        if (settings.awsEndpoint() != null) {
            builder.endpointOverride(settings.awsEndpoint());
        }
        return builder.build();
    }
}
