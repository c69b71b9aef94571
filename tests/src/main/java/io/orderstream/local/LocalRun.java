package io.orderstream.local;

import io.orderstream.harness.CustomerApiServer;
import io.orderstream.harness.KafkaBroker;
import io.orderstream.harness.LocalDeployment;
import io.orderstream.harness.LocalFlinkCluster;
import io.orderstream.harness.LocalStack;
import io.orderstream.job.config.ConfigKeys;
import io.orderstream.job.config.InvalidConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.util.TimeUtils;

/**
 * The whole pipeline on this machine: a Kafka broker, LocalStack (Firehose and S3), a customer API,
 * an order generator and the job on a Flink cluster with its Web UI at http://localhost:8081.
 * Prints what comes out every few seconds; Ctrl-C or {@code --duration} stops everything.
 */
public final class LocalRun {
    private static final String USAGE = """
            usage: ./orderstream run [--duration 2m] [--rate 50] [--ui-port 8081]
              --duration D   stop after D (e.g. 90s, 2m); default: run until Ctrl-C
              --rate N       orders per second written to orders.raw (default 50)
              --ui-port P    port of the Flink Web UI (default 8081; 0 for any free port)
            """;

    private LocalRun() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Duration duration = options.containsKey("duration") ? TimeUtils.parseDuration(options.get("duration")) : null;
        int rate = Integer.parseInt(options.getOrDefault("rate", "50"));
        int uiPort = Integer.parseInt(options.getOrDefault("ui-port", "8081"));
        // LocalStack accepts any credentials; the job's AWS SDK finds these through its default chain.
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");

        Path workDir = Files.createDirectories(Path.of(".local", "run-" + Instant.now().toEpochMilli()));
        System.out.println("orderstream local run, work dir " + workDir.toAbsolutePath());
        try (KafkaBroker kafka = KafkaBroker.start(workDir.resolve("kafka"));
             LocalStack localStack = LocalStack.start(workDir.resolve("localstack"));
             CustomerApiServer api = CustomerApiServer.start();
             LocalFlinkCluster flink = LocalFlinkCluster.start(1, 2, 2, uiPort)) {
            LocalDeployment deployment = LocalDeployment.create("", kafka, localStack);
            Map<String, String> props = deployment.jobProperties(api.baseUrl());
            props.put(ConfigKeys.WINDOW_SIZE.key(), "1min");
            props.put(ConfigKeys.WINDOW_ALLOWED_LATENESS.key(), "1min");
            JobClient job = flink.submit(props);
            System.out.println("Kafka " + kafka.bootstrapServers() + " | LocalStack " + localStack.endpoint()
                    + " | customer API " + api.baseUrl() + " | Flink Web UI " + flink.restAddress());
            System.out.println("outputs: s3://" + deployment.ordersBucket() + ", s3://" + deployment.aggregatesBucket()
                    + ", s3://" + deployment.dlqBucket());

            try (OrderGenerator generator = new OrderGenerator(kafka.bootstrapServers(), deployment.topic(), rate)) {
                Thread producer = new Thread(generator, "order-generator");
                producer.setDaemon(true);
                producer.start();
                Status status = new Status(localStack.s3(), deployment);
                Thread shutdown = Thread.currentThread();
                Runtime.getRuntime().addShutdownHook(new Thread(shutdown::interrupt));
                long end = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
                try {
                    while (System.nanoTime() < end) {
                        Thread.sleep(5_000);
                        System.out.println(status.line(generator.sent()));
                    }
                } catch (InterruptedException stopRequested) {
                    System.out.println("stopping");
                }
                System.out.println(status.summary(generator.sent()));
            }
            job.cancel().get();
        } catch (InvalidConfigurationException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || !args[i].startsWith("--") || i + 1 >= args.length) {
                System.out.print(USAGE);
                System.exit(args[i].equals("--help") ? 0 : 2);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
