package io.orderstream.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

/**
 * The monitoring stack ({@code orderstream-monitoring}: SNS page and ticket topics, the catalog's alarms,
 * dashboard, saved queries) deployed into a LocalStack through the real CDK CLI, as production deploys it:
 * {@code cdk synth} of infra-cdk's app (optionally with context {@code drillPeriodSeconds}, which shortens
 * every alarm period and changes nothing else), {@code cdklocal bootstrap}, then
 * {@code cdklocal deploy --exclusively orderstream-monitoring}. The same path as infra-cdk's
 * CdkCliAndLocalStackTest and the alarm drills (io.orderstream.drills.DrillMonitoring, which could use this).
 *
 * <p>The LocalStack must run {@link #SERVICES}. Needs infra-cdk built ({@code target/classes} and
 * {@code target/classpath.txt}, which its Maven build writes) and the CDK CLI in {@code .local/cdk-cli}
 * ({@code scripts/setup-cdk-cli.sh}); {@link #missingPrerequisite()} says what is missing.
 */
public final class MonitoringDeployment implements AutoCloseable {
    public static final String STACK = "orderstream-monitoring";
    public static final String ACCOUNT = "000000000000";
    /** CloudFormation and SSM (cdk bootstrap) on top of what the stack and the job use. */
    public static final String SERVICES = "cloudformation,ssm,s3,kms,firehose,sns,sqs,cloudwatch,logs,iam,sts,secretsmanager";
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(4);

    private final LocalStack localStack;
    private final CloudWatchClient cloudWatch;
    private final Duration took;

    private MonitoringDeployment(LocalStack localStack, Duration took) {
        this.localStack = localStack;
        this.took = took;
        this.cloudWatch = CloudWatchClient.builder()
                .endpointOverride(localStack.endpoint())
                .region(Region.of(localStack.region()))
                .credentialsProvider(localStack.credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Why a deploy cannot run here, or null when it can. */
    public static String missingPrerequisite() {
        Path root = RepoRoot.find();
        Path module = root.resolve("infra-cdk");
        if (!Files.isRegularFile(module.resolve("target/classpath.txt")) || !Files.isDirectory(module.resolve("target/classes"))) {
            return "infra-cdk is not built (no infra-cdk/target/classes or classpath.txt): mvn install -DskipTests";
        }
        if (!Files.isExecutable(root.resolve(".local/cdk-cli/node_modules/.bin/cdklocal"))) {
            return "CDK CLI missing in .local/cdk-cli: scripts/setup-cdk-cli.sh (needs Node.js 20+ and npm)";
        }
        return null;
    }

    /**
     * Synthesizes, bootstraps and deploys the monitoring stack into {@code localStack}; logs and the cloud
     * assembly go to {@code workDir}. {@code periodSeconds} 0 keeps the catalog's periods, else 10, 30 or a
     * multiple of 60 (context {@code drillPeriodSeconds}). Blocks until deployed (about a minute).
     */
    public static MonitoringDeployment deploy(LocalStack localStack, Path workDir, int periodSeconds) {
        String missing = missingPrerequisite();
        if (missing != null) {
            throw new IllegalStateException(missing);
        }
        long start = System.nanoTime();
        try {
            Files.createDirectories(workDir);
            Path root = RepoRoot.find();
            Path module = root.resolve("infra-cdk");
            Path cli = root.resolve(".local/cdk-cli/node_modules/.bin");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String app = java + " -cp " + module.resolve("target/classes") + ":"
                    + Files.readString(module.resolve("target/classpath.txt")).trim() + " io.orderstream.infra.OrderstreamApp";
            Path assembly = workDir.resolve("cdk.out");
            List<String> synth = new ArrayList<>(List.of("synth", "--quiet", "--no-notices", "--app", app, "--output",
                    assembly.toString(), "-c", "account=" + ACCOUNT, "-c", "region=" + localStack.region()));
            if (periodSeconds != 0) {
                synth.addAll(List.of("-c", "drillPeriodSeconds=" + periodSeconds));
            }
            run(cli.resolve("cdk"), module, synth, localStack, workDir);
            run(cli.resolve("cdklocal"), module, List.of("bootstrap", "--no-notices", "--app", assembly.toString(),
                    "aws://" + ACCOUNT + "/" + localStack.region()), localStack, workDir);
            run(cli.resolve("cdklocal"), module, List.of("deploy", "--no-notices", "--app", assembly.toString(),
                    "--require-approval", "never", "--exclusively", STACK), localStack, workDir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot deploy " + STACK, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deploying " + STACK, e);
        }
        return new MonitoringDeployment(localStack, Duration.ofNanos(System.nanoTime() - start));
    }

    private static void run(Path tool, Path dir, List<String> args, LocalStack localStack, Path workDir)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(tool.toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("CDK_"));
        env.put("CDK_DISABLE_VERSION_CHECK", "1");
        env.put("CDK_DISABLE_CLI_TELEMETRY", "true");
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_REGION", localStack.region());
        env.put("AWS_ENDPOINT_URL", localStack.endpoint().toString());
        // No DNS for s3.localhost.localstack.cloud here: path-style S3 on the same endpoint.
        env.put("AWS_ENDPOINT_URL_S3", localStack.endpoint().toString());
        env.put("AWS_S3_FORCE_PATH_STYLE", "1");
        Path log = workDir.resolve(tool.getFileName() + "-" + args.get(0) + ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        // Also when the JVM exits in the middle (Ctrl-C during the deploy): node and the CDK app must not outlive it.
        Thread hook = new Thread(() -> Processes.destroyTree(p, Duration.ofSeconds(2)), "cdk-cli-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (!p.waitFor(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException(tool.getFileName() + " " + args.get(0) + " timed out after "
                        + STEP_TIMEOUT.toMinutes() + " min; see " + log);
            }
        } finally {
            Processes.destroyTree(p, Duration.ofSeconds(5));
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // JVM already shutting down: the hook does it
            }
        }
        if (p.exitValue() != 0) {
            String out = Files.readString(log);
            throw new IllegalStateException(tool.getFileName() + " " + args.get(0) + " failed (" + log + "):\n"
                    + out.substring(Math.max(0, out.length() - 3000)));
        }
    }

    /** How long synth, bootstrap and deploy took. */
    public Duration took() {
        return took;
    }

    public CloudWatchClient cloudWatch() {
        return cloudWatch;
    }

    public LocalStack localStack() {
        return localStack;
    }

    /** Every alarm as LocalStack's CloudWatch describes it (DescribeAlarms), by name. */
    public Map<String, MetricAlarm> alarms() {
        Map<String, MetricAlarm> out = new LinkedHashMap<>();
        cloudWatch.describeAlarmsPaginator(b -> b.maxRecords(100)).metricAlarms().forEach(a -> out.put(a.alarmName(), a));
        return out;
    }

    /**
     * Whether LocalStack 4.14 community evaluates this alarm: only single-metric alarms with a plain statistic
     * (metric math and percentile alarms stay INSUFFICIENT_DATA; see docs/DRILLS.md).
     */
    public static boolean evaluatedByLocalStack(MetricAlarm a) {
        return a.metrics().isEmpty() && a.extendedStatistic() == null && a.statistic() != null && a.metricName() != null;
    }

    @Override
    public void close() {
        cloudWatch.close();
    }
}
