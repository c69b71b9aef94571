package io.orderstream.job.sink.firehose;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClientBuilder;

/**
 * Builds the Firehose client of one writer from a {@link FirehoseClientConfig}.
 *
 * <p>The Netty HTTP client is handed over as a builder, and without static credentials no
 * provider is set so the SDK uses its default chain: the SDK then owns both, and closing the
 * Firehose client also closes the connections, the event loop and the credential refresh threads.
 */
public final class FirehoseClientFactory {

    private FirehoseClientFactory() {}

    public static FirehoseAsyncClient create(FirehoseClientConfig config) {
        FirehoseAsyncClientBuilder builder =
                FirehoseAsyncClient.builder()
                        .region(Region.of(config.region()))
                        .httpClientBuilder(
                                NettyNioAsyncHttpClient.builder()
                                        .maxConcurrency(config.maxConcurrency())
                                        .connectionTimeout(config.connectionTimeout()))
                        .overrideConfiguration(
                                o -> o.apiCallTimeout(config.apiCallTimeout()));
        config.endpointOverride().ifPresent(builder::endpointOverride);
        if (config.hasStaticCredentials()) {
            builder.credentialsProvider(
                    StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(
                                    config.accessKeyId(), config.secretAccessKey())));
        }
        return builder.build();
    }
}
