package io.orderstream.job.sink.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;

import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;

class FirehoseClientConfigTest {

    @Test
    void defaultsToTheDefaultCredentialChain() {
        FirehoseClientConfig config = FirehoseClientConfig.builder().region("eu-west-1").build();

        assertThat(config.hasStaticCredentials()).isFalse();
        assertThat(config.endpointOverride()).isEmpty();
        assertThat(config.maxConcurrency()).isEqualTo(FirehoseClientConfig.DEFAULT_MAX_CONCURRENCY);
    }

    @Test
    void survivesJavaSerializationAndHidesTheSecret() throws Exception {
        FirehoseClientConfig config =
                FirehoseClientConfig.builder()
                        .region("us-east-1")
                        .endpointOverride(URI.create("http://127.0.0.1:4566"))
                        .staticCredentials("test", "very-secret")
                        .apiCallTimeout(Duration.ofSeconds(30))
                        .build();

        FirehoseClientConfig copy =
                InstantiationUtil.clone(config, FirehoseClientConfigTest.class.getClassLoader());

        assertThat(copy.endpointOverride()).contains(URI.create("http://127.0.0.1:4566"));
        assertThat(copy.secretAccessKey()).isEqualTo("very-secret");
        assertThat(copy.apiCallTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(copy.toString()).contains("test").doesNotContain("very-secret");
    }

    @Test
    void rejectsIncompleteSettings() {
        assertThatThrownBy(() -> FirehoseClientConfig.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("region");
        assertThatThrownBy(
                        () ->
                                FirehoseClientConfig.builder()
                                        .region("us-east-1")
                                        .staticCredentials("test", null)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret access key");
        assertThatThrownBy(
                        () ->
                                FirehoseClientConfig.builder()
                                        .region("us-east-1")
                                        .connectionTimeout(Duration.ZERO)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connectionTimeout");
    }

    @Test
    void factoryBuildsAClientForTheConfiguredRegion() {
        FirehoseClientConfig config =
                FirehoseClientConfig.builder()
                        .region("us-east-1")
                        .endpointOverride(URI.create("http://127.0.0.1:4566"))
                        .staticCredentials("test", "test")
                        .build();

        try (FirehoseAsyncClient client = FirehoseClientFactory.create(config)) {
            assertThat(client.serviceClientConfiguration().region().id()).isEqualTo("us-east-1");
            assertThat(client.serviceClientConfiguration().endpointOverride())
                    .contains(URI.create("http://127.0.0.1:4566"));
        }
    }
}
