package io.orderstream.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path file(String content) throws Exception {
        Path f = dir.resolve("job.properties");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void fileThenSpaceAndEqualsOverrides() throws Exception {
        Path f = file("""
                kafka.bootstrap.servers=file-broker:9092
                kafka.topic=from-file
                kafka.group.id=from-file
                enrichment.api.url=https://file-api:8080
                aws.region=eu-west-1
                window.size=10min
                """);
        Map<String, String> props = ConfigLoader.fromArgs(new String[] {
            "--kafka.topic", "from-args",
            "--config", f.toString(),
            "--kafka.group.id=from-equals",
            "--enrichment.api.url=https://api:8080/a=b",
        });
        assertThat(props).containsEntry("kafka.bootstrap.servers", "file-broker:9092")
                .containsEntry("kafka.topic", "from-args")
                .containsEntry("kafka.group.id", "from-equals")
                .containsEntry("enrichment.api.url", "https://api:8080/a=b")
                .containsEntry("window.size", "10min")
                .doesNotContainKey("config");
        JobConfig c = JobConfig.fromProperties(props);
        assertThat(c.kafka().topic()).isEqualTo("from-args");
        assertThat(c.kafka().groupId()).isEqualTo("from-equals");
        assertThat(c.windows().size()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.firehose().region()).isEqualTo("eu-west-1");
    }

    @Test
    void argsWithoutFile() throws Exception {
        Map<String, String> props = ConfigLoader.fromArgs(new String[] {
            "--kafka.bootstrap.servers", "localhost:9092", "--aws.region=us-east-1",
            "--enrichment.api.url", "https://localhost:8080", "--kafka.security=PLAINTEXT"});
        JobConfig c = JobConfig.fromProperties(props);
        assertThat(c.kafka().bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(c.kafka().security()).isEqualTo(KafkaSecurity.PLAINTEXT);
    }

    @Test
    void badArgumentsAreAllReported() {
        assertThatThrownBy(() -> ConfigLoader.fromArgs(new String[] {"stray", "--", "--kafka.topic"}))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .containsExactly(
                                "stray: not an option (expected --key value or --key=value)",
                                "--: not an option (expected --key value or --key=value)",
                                "kafka.topic: no value given"));
    }

    @Test
    void unreadableFile() {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> ConfigLoader.fromArgs(new String[] {"--config", missing.toString()}))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .singleElement().asString().startsWith("config: file").contains("cannot be read"));
    }

    @Test
    void flattenManagedFlinkPropertyGroups() {
        Properties kafka = new Properties();
        kafka.setProperty("bootstrap.servers", "b-1:9098");
        kafka.setProperty("topic", "orders.raw");
        Properties enrichment = new Properties();
        enrichment.setProperty("api.url", "https://api");
        enrichment.setProperty("request-timeout", "1s");
        Properties aws = new Properties();
        aws.setProperty("region", "eu-central-1");
        Map<String, Properties> groups = new LinkedHashMap<>();
        groups.put("kafka", kafka);
        groups.put("enrichment", enrichment);
        groups.put("aws", aws);

        Map<String, String> flat = ConfigLoader.flatten(groups);
        assertThat(flat).containsOnly(
                Map.entry("kafka.bootstrap.servers", "b-1:9098"),
                Map.entry("kafka.topic", "orders.raw"),
                Map.entry("enrichment.api.url", "https://api"),
                Map.entry("enrichment.request-timeout", "1s"),
                Map.entry("aws.region", "eu-central-1"));
        JobConfig c = JobConfig.fromProperties(flat);
        assertThat(c.kafka().bootstrapServers()).isEqualTo("b-1:9098");
        assertThat(c.enrichment().requestTimeout()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void loadOutsideManagedFlinkUsesArgs() throws Exception {
        ConfigLoader.Loaded loaded = ConfigLoader.load(new String[] {
            "--kafka.bootstrap.servers", "localhost:9092", "--aws.region", "us-east-1",
            "--enrichment.api.url", "https://localhost:8080"});
        assertThat(loaded.managedFlink()).isFalse();
        assertThat(loaded.config().kafka().bootstrapServers()).isEqualTo("localhost:9092");
    }
}
