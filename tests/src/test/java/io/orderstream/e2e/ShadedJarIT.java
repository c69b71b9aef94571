package io.orderstream.e2e;

import static io.orderstream.e2e.OrderProducer.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderstream.harness.CustomerApiServer;
import io.orderstream.harness.Eventually;
import io.orderstream.harness.LocalDeployment;
import io.orderstream.harness.SampleOrder;
import io.orderstream.harness.TestEnvironment;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shaded job jar, exactly as a data engineer submits it: loaded in its own user-code class
 * loader the way {@code flink run} does, configured by a properties file plus command-line
 * overrides, on a Flink cluster whose class path holds Flink only. Proves the jar carries every
 * dependency the job needs.
 */
class ShadedJarIT {

    @Test
    void theShadedJarRunsWithFlinkRunArguments() throws Exception {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        File jar = shadedJar();
        TestEnvironment env = TestEnvironment.get();
        LocalDeployment deployment = LocalDeployment.create("shaded", env.kafka(), env.localStack());
        try (CustomerApiServer api = CustomerApiServer.start();
             OrderProducer producer = new OrderProducer(deployment.bootstrapServers(), deployment.topic())) {
            Map<String, String> props = deployment.jobProperties(api.baseUrl());
            String bootstrap = props.remove("kafka.bootstrap.servers");
            Path propertiesFile = Files.createTempFile("orderstream", ".properties");
            List<String> lines = new ArrayList<>();
            props.forEach((k, v) -> lines.add(k + "=" + v));
            Files.write(propertiesFile, lines);

            Path log = Files.createTempFile("flink-run", ".log");
            Process flinkRun = flinkRun(log, jar, "--config", propertiesFile.toString(), "--kafka.bootstrap.servers", bootstrap);
            try {
                Random random = new Random(3);
                long now = System.currentTimeMillis();
                for (int i = 0; i < 20; i++) {
                    SampleOrder order = SampleOrder.random(random, "ORD-SHADED-" + i, "CUST-" + i % 4, now - 60_000 + i, "USD");
                    producer.send(order.orderId, bytes(order.toJson()));
                }
                producer.send(null, bytes("not an order"));
                Eventually.await("orders and the bad record delivered", Duration.ofMinutes(2),
                        () -> deployment.orderLines().size() == 20 && deployment.dlqLines().size() == 1,
                        () -> deployment.orderLines().size() + " orders, " + deployment.dlqLines().size()
                                + " dlq; flink run log: " + tail(log));
                assertThat(Ledger.parse(deployment.dlqLines().get(0)).get("error_type").asText()).isEqualTo("parse_error");
            } finally {
                flinkRun.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * Starts {@link FlinkRunMain} in a JVM with this test's classpath minus the job and every
     * dependency the shaded jar must bring itself, as on a cluster whose lib/ holds only Flink.
     */
    private static Process flinkRun(Path log, File jar, String... args) throws Exception {
        String classpath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !JOB_DEPENDENCY.matcher(entry).find())
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-Daws.accessKeyId=test", "-Daws.secretAccessKey=test",
                "-cp", classpath, FlinkRunMain.class.getName(), jar.getAbsolutePath()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Class path entries a Flink cluster does not have: the job and what its jar shades in. */
    private static final Pattern JOB_DEPENDENCY = Pattern.compile(
            "orderstream-job|job/target/classes|flink-connector-kafka|kafka-clients|aws-msk-iam-auth"
                    + "|kinesisanalytics|caffeine|/software/amazon/|jackson-core");

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (Exception e) {
            return "(no log)";
        }
    }

    /** The jar `mvn package` built in job/target (the test command runs `mvn verify`, so it exists). */
    private static File shadedJar() throws Exception {
        Path target = io.orderstream.harness.RepoRoot.find().resolve("job/target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("orderstream-job-.*-all\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no shaded jar in " + target + ": run `mvn verify`, not `mvn test`"))
                    .toFile();
        }
    }
}
