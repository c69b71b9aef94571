package io.orderstream.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderstream.alarms.AlarmCatalog;
import io.orderstream.alarms.AlarmDefinition;
import io.orderstream.alarms.Routing;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamDescription;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The real CDK CLI: {@code cdk synth} of the whole app (offline, no credentials), then the stacks
 * LocalStack can host (orderstream-data: KMS, S3, Firehose, IAM, Logs; orderstream-monitoring: SNS,
 * KMS, CloudWatch alarms and dashboard, Logs query definitions) deployed with {@code cdklocal
 * bootstrap} + {@code cdklocal deploy}, checked with the SDK. MSK, MSF and the VPC stay out: LocalStack
 * community does not emulate them.
 *
 * <p>Needs {@code scripts/setup-cdk-cli.sh} and {@code scripts/setup-localstack.sh} (both run by
 * {@code ./orderstream test}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CdkCliAndLocalStackTest {

    private static final String ACCOUNT = "000000000000";
    private static final String REGION = "us-east-1";
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path ROOT = MODULE.getParent();
    private static final Path CLI = ROOT.resolve(".local/cdk-cli/node_modules/.bin");
    private static final Path OUT = MODULE.resolve("target/cdk-cli.out");
    private static final Path WORK = MODULE.resolve("target/localstack-deploy");

    private static Process localstack;
    private static int port;

    @BeforeAll
    static void startLocalStack() throws Exception {
        assertThat(CLI.resolve("cdk")).as("CDK CLI: run scripts/setup-cdk-cli.sh (./orderstream test does)").exists();
        Path python = ROOT.resolve(".local/venv-localstack/bin/python");
        assertThat(python).as("LocalStack: run scripts/setup-localstack.sh (./orderstream test does)").exists();
        Files.createDirectories(WORK);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(python.toString(), "-m", "localstack.runtime.main")
                .directory(WORK.toFile()).redirectErrorStream(true)
                .redirectOutput(WORK.resolve("localstack.log").toFile());
        Map<String, String> env = pb.environment();
        env.put("GATEWAY_LISTEN", "127.0.0.1:" + port);
        // CloudFormation and SSM (cdk bootstrap's version parameter) on top of what the stacks use.
        env.put("SERVICES", "cloudformation,ssm,s3,kms,firehose,sns,sqs,cloudwatch,logs,iam,sts,secretsmanager");
        env.put("OVERRIDE_IN_DOCKER", "0");
        env.put("FILESYSTEM_ROOT", WORK.resolve("fs").toString());
        env.put("DISABLE_EVENTS", "1");
        env.put("SKIP_SSL_CERT_DOWNLOAD", "1");
        env.put("DNS_ADDRESS", "0");
        env.put("PERSISTENCE", "0");
        localstack = pb.start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint().resolve("/_localstack/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"cloudformation\"")) {
                    break;
                }
            } catch (IOException e) {
                // not up yet
            }
            if (!localstack.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("LocalStack did not start, see " + WORK.resolve("localstack.log"));
            }
            Thread.sleep(500);
        }
    }

    @AfterAll
    static void stopLocalStack() throws InterruptedException {
        if (localstack != null) {
            localstack.descendants().forEach(ProcessHandle::destroy);
            localstack.destroy();
            if (!localstack.waitFor(10, TimeUnit.SECONDS)) {
                localstack.descendants().forEach(ProcessHandle::destroyForcibly);
                localstack.destroyForcibly();
            }
        }
    }

    private static URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Runs the CDK CLI (cdk or cdklocal) in the module dir; returns its output, fails on a non-zero exit. */
    private static String cli(String tool, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(CLI.resolve(tool).toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(MODULE.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("CDK_"));
        env.put("CDK_DISABLE_VERSION_CHECK", "1");
        env.put("CDK_DISABLE_CLI_TELEMETRY", "true");
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_REGION", REGION);
        if (tool.equals("cdklocal")) {
            env.put("AWS_ENDPOINT_URL", endpoint().toString());
            // No DNS here for s3.localhost.localstack.cloud: path-style S3 on the same endpoint.
            env.put("AWS_ENDPOINT_URL_S3", endpoint().toString());
            env.put("AWS_S3_FORCE_PATH_STYLE", "1");
        }
        Path log = Files.createTempFile(MODULE.resolve("target"), tool + "-", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(tool + " " + args + " timed out; see " + log);
        }
        String output = Files.readString(log);
        assertThat(p.exitValue()).as(tool + " " + args + ":\n" + tail(output)).isZero();
        return output;
    }

    private static String tail(String s) {
        return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }

    @Test
    @Order(1)
    void cdkSynthThroughTheCliWorksOfflineWithoutCredentials() throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        cli("cdk", List.of("synth", "--quiet", "--no-notices",
                "--app", java + " -cp " + classpath + " io.orderstream.infra.OrderstreamApp",
                "--output", OUT.toString(), "-c", "account=" + ACCOUNT, "-c", "region=" + REGION,
                "-c", "pageEmails=oncall@example.com"));
        for (String stack : List.of(Names.NETWORK_STACK, Names.DATA_STACK, Names.KAFKA_STACK,
                Names.APPLICATION_STACK, Names.MONITORING_STACK)) {
            assertThat(OUT.resolve(stack + ".template.json")).exists();
        }
        assertThat(Files.readString(OUT.resolve("manifest.json"))).doesNotContain("\"missing\"");
        String monitoring = Files.readString(OUT.resolve(Names.MONITORING_STACK + ".template.json"));
        for (AlarmDefinition a : AlarmCatalog.defaults().all()) {
            assertThat(monitoring).contains("\"AlarmName\": \"" + a.id() + "\"");
        }
    }

    @Test
    @Order(2)
    void dataAndMonitoringStacksDeployToLocalStack() throws Exception {
        cli("cdklocal", List.of("bootstrap", "--no-notices", "--app", OUT.toString(),
                "aws://" + ACCOUNT + "/" + REGION));
        cli("cdklocal", List.of("deploy", "--no-notices", "--app", OUT.toString(), "--require-approval", "never",
                Names.DATA_STACK, Names.MONITORING_STACK));

        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        try (CloudWatchClient cw = CloudWatchClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint()).region(Region.of(REGION)).credentialsProvider(creds).build();
             FirehoseClient firehose = FirehoseClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                     .endpointOverride(endpoint()).region(Region.of(REGION)).credentialsProvider(creds).build();
             S3Client s3 = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                     .endpointOverride(endpoint()).region(Region.of(REGION)).credentialsProvider(creds)
                     .forcePathStyle(true).build()) {

            Map<String, MetricAlarm> alarms = new HashMap<>();
            cw.describeAlarmsPaginator(b -> b.maxRecords(100)).metricAlarms().forEach(a -> alarms.put(a.alarmName(), a));
            for (AlarmDefinition def : AlarmCatalog.defaults().all()) {
                MetricAlarm a = alarms.get(def.id());
                assertThat(a).as(def.id()).isNotNull();
                assertThat(a.threshold()).as(def.id()).isEqualTo(def.threshold());
                assertThat(a.treatMissingData()).as(def.id()).isEqualTo(def.missingData().cloudFormationName());
                String topic = "arn:aws:sns:" + REGION + ":" + ACCOUNT + ":" + Names.alarmTopic(def.routing());
                assertThat(a.alarmActions()).as(def.id()).containsExactly(topic);
                assertThat(a.okActions()).as(def.id()).containsExactly(topic);
            }

            for (String stream : List.of("order-firehose", "order-aggregates-firehose", "order-dlq-firehose")) {
                DeliveryStreamDescription d = firehose.describeDeliveryStream(b -> b.deliveryStreamName(stream))
                        .deliveryStreamDescription();
                assertThat(d.deliveryStreamStatusAsString()).as(stream).isEqualTo("ACTIVE");
                assertThat(d.destinations().get(0).extendedS3DestinationDescription().bucketARN()).as(stream)
                        .startsWith("arn:aws:s3:::orderstream-data-");
            }
            List<String> buckets = s3.listBuckets().buckets().stream().map(b -> b.name()).toList();
            for (String prefix : List.of("orderstream-data-ordersbucket", "orderstream-data-aggregatesbucket",
                    "orderstream-data-dlqbucket", "orderstream-data-codebucket", "orderstream-data-accesslogs")) {
                assertThat(buckets).as(prefix).anyMatch(b -> b.startsWith(prefix));
            }
            String ordersBucket = buckets.stream().filter(b -> b.startsWith("orderstream-data-ordersbucket"))
                    .findFirst().orElseThrow();
            // LocalStack 4.14's CloudFormation provider reports AES256 for a bucket whose template says aws:kms
            // with a CMK (checked in ApplicationTemplateTest), so only the presence of encryption is checked here.
            assertThat(s3.getBucketEncryption(b -> b.bucket(ordersBucket)).serverSideEncryptionConfiguration()
                    .rules()).isNotEmpty();
            assertThat(s3.getBucketVersioning(b -> b.bucket(ordersBucket)).statusAsString()).isEqualTo("Enabled");
        }
        // SNS: the SDK's sns module is not on this build's Maven mirror; the Query API needs no signature on LocalStack.
        String topics = query("sns", "Action=ListTopics&Version=2010-03-31");
        for (Routing r : Routing.values()) {
            assertThat(topics).contains(":" + Names.alarmTopic(r) + "<");
        }
        String stacks = query("cloudformation", "Action=DescribeStacks&Version=2010-05-15");
        assertThat(stacks).contains("<StackName>" + Names.DATA_STACK + "</StackName>")
                .contains("<StackName>" + Names.MONITORING_STACK + "</StackName>")
                .doesNotContain("ROLLBACK").doesNotContain("FAILED");
    }

    private static String query(String service, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(endpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/" + REGION + "/" + service
                        + "/aws4_request, SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(service + ": " + r.body()).isEqualTo(200);
        return r.body();
    }
}
