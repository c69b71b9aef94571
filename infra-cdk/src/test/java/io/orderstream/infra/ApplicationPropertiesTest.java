package io.orderstream.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderstream.infra.constructs.ApplicationProperties;
import io.orderstream.job.config.ConfigKeys;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApplicationPropertiesTest {

    private static final Map<String, String> REQUIRED = Map.of(
            "kafka.bootstrap.servers", "b-1:9098", "enrichment.api.url", "https://api.example.com");

    @Test
    void groupIsThePartBeforeTheFirstDot() {
        Map<String, Map<String, String>> groups = ApplicationProperties.groups(REQUIRED);
        assertThat(groups.get("kafka")).containsEntry("bootstrap.servers", "b-1:9098").containsEntry("group.id", "order-processor");
        assertThat(groups.get("event-time")).containsKey("max-out-of-orderness");
        assertThat(groups.get("enrichment")).containsEntry("api.url", "https://api.example.com");
    }

    @Test
    void unknownMissingAndLocalOnlyKeysFailTheSynth() {
        assertThatThrownBy(() -> ApplicationProperties.groups(Map.of("kafka.bootstrap.servers", "b:9098")))
                .hasMessageContaining("enrichment.api.url");
        java.util.Map<String, String> unknown = new java.util.HashMap<>(REQUIRED);
        unknown.put("kafka.nope", "x");
        assertThatThrownBy(() -> ApplicationProperties.groups(unknown)).hasMessageContaining("kafka.nope");
        java.util.Map<String, String> endpoint = new java.util.HashMap<>(REQUIRED);
        endpoint.put("aws.endpoint", "http://localhost:4566");
        assertThatThrownBy(() -> ApplicationProperties.groups(endpoint)).hasMessageContaining("aws.endpoint");
        java.util.Map<String, String> certificate = new java.util.HashMap<>(REQUIRED);
        certificate.put("enrichment.api.trusted-certificate", "/tmp/api.pem");
        assertThatThrownBy(() -> ApplicationProperties.groups(certificate))
                .hasMessageContaining("enrichment.api.trusted-certificate");
    }

    @Test
    void plaintextToTheApiIsNeverAllowedOnManagedFlink() {
        assertThat(ApplicationProperties.groups(REQUIRED).get("enrichment")).containsEntry("api.allow-plaintext", "false");
        java.util.Map<String, String> plaintext = new java.util.HashMap<>(REQUIRED);
        plaintext.put("enrichment.api.allow-plaintext", "true");
        assertThatThrownBy(() -> ApplicationProperties.groups(plaintext))
                .hasMessageContaining("enrichment.api.allow-plaintext must stay false");
    }

    @Test
    void checkpointDefaultsAreReadFromConfigKeys() {
        assertThat(ApplicationProperties.defaultMillis(ConfigKeys.CHECKPOINT_INTERVAL)).isEqualTo(60_000);
        assertThat(ApplicationProperties.defaultMillis(ConfigKeys.CHECKPOINT_MIN_PAUSE)).isEqualTo(5_000);
    }
}
