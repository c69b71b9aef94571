package io.orderstream.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamType;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationConfiguration;
import software.amazon.awssdk.services.firehose.model.ResourceInUseException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * LocalStack (S3, Firehose and friends) as a plain host process from the project venv that
 * {@code scripts/setup-localstack.sh} creates. There is no Docker on the build machines, and LocalStack
 * runs fine without it for the services we use.
 *
 * <p>Each instance gets its own port and its own filesystem root under the work dir, so it never
 * collides with another LocalStack (e.g. a developer's on 4566) and never writes to /var/lib/localstack.
 */
public final class LocalStack implements AutoCloseable {

    public static final String FIREHOSE_ROLE_ARN = "arn:aws:iam::000000000000:role/firehose";
    private static final String REGION = "us-east-1";
    private static final String SERVICES = "s3,firehose,cloudwatch,sns,sqs,sts,iam,kms,logs,secretsmanager";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private final Path logFile;
    private final int port;
    private final Process process;
    private final Thread shutdownHook;
    private final S3Client s3;
    private final FirehoseClient firehose;

    private LocalStack(Path workDir, Path python, String services) throws IOException {
        Files.createDirectories(workDir);
        this.logFile = workDir.resolve("localstack.log");
        this.port = Processes.freePort();
        ProcessBuilder pb = new ProcessBuilder(Processes.inOwnSession(List.of(python.toString(), "-m", "localstack.runtime.main")))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Map<String, String> env = pb.environment();
        env.put("GATEWAY_LISTEN", "127.0.0.1:" + port);
        env.put("SERVICES", services);
        // The build machines are containers: without this LocalStack believes it runs in its own
        // Docker image and uses /var/lib/localstack; host mode keeps everything under FILESYSTEM_ROOT.
        env.put("OVERRIDE_IN_DOCKER", "0");
        env.put("FILESYSTEM_ROOT", workDir.resolve("localstack-fs").toString());
        // No telemetry, no certificate download, no DNS server: the network only reaches registries.
        env.put("DISABLE_EVENTS", "1");
        env.put("SKIP_SSL_CERT_DOWNLOAD", "1");
        env.put("DNS_ADDRESS", "0");
        env.put("PERSISTENCE", "0");
        this.process = pb.start();
        this.shutdownHook = new Thread(() -> Processes.destroyTree(process, Duration.ofSeconds(5)),
                "localstack-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);

        AwsCredentialsProvider creds = credentials();
        this.s3 = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint())
                .region(Region.of(REGION))
                .credentialsProvider(creds)
                // Virtual-host style would need DNS for <bucket>.127.0.0.1.
                .forcePathStyle(true)
                .build();
        this.firehose = FirehoseClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint())
                .region(Region.of(REGION))
                .credentialsProvider(creds)
                .build();
    }

    /** Starts LocalStack with its files under {@code workDir}; returns when the health endpoint answers. */
    public static LocalStack start(Path workDir) {
        return start(workDir, SERVICES);
    }

    /**
     * Starts LocalStack with its files under {@code workDir} and only {@code services} (LocalStack's
     * SERVICES list, e.g. with cloudformation and ssm for {@code cdklocal deploy}); returns when healthy.
     */
    public static LocalStack start(Path workDir, String services) {
        Path python = python();
        if (!Files.isExecutable(python)) {
            throw new IllegalStateException("LocalStack python not found at " + python
                    + ". Run `scripts/setup-localstack.sh` from the repo root (needs Python >= 3.13), "
                    + "or point -Dorderstream.localstack.python / ORDERSTREAM_LOCALSTACK_PYTHON at a "
                    + "python that has localstack-core installed.");
        }
        LocalStack ls;
        try {
            ls = new LocalStack(workDir.toAbsolutePath(), python, services);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start LocalStack with " + python, e);
        }
        try {
            ls.awaitHealthy();
        } catch (RuntimeException e) {
            ls.close();
            throw e;
        }
        return ls;
    }

    static Path python() {
        String prop = System.getProperty("orderstream.localstack.python");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String env = System.getenv("ORDERSTREAM_LOCALSTACK_PYTHON");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return RepoRoot.find().resolve(".local/venv-localstack/bin/python");
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public String region() {
        return REGION;
    }

    /** LocalStack accepts any credentials; static ones keep the SDK from probing the environment. */
    public AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    }

    public S3Client s3() {
        return s3;
    }

    public FirehoseClient firehose() {
        return firehose;
    }

    public Path logFile() {
        return logFile;
    }

    /** Creates a bucket; an existing one is fine. Names must be valid S3 names (3+ chars, lowercase). */
    public void createBucket(String bucket) {
        try {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException ignored) {
            // idempotent on purpose: tests share one LocalStack per JVM
        }
    }

    /**
     * Creates a DirectPut delivery stream into {@code bucket}/{@code prefix} and waits until ACTIVE.
     * LocalStack writes every PutRecord(Batch) call straight to S3 as one object (no buffering).
     */
    public void createDeliveryStream(String streamName, String bucket, String prefix) {
        try {
            firehose.createDeliveryStream(r -> r
                    .deliveryStreamName(streamName)
                    .deliveryStreamType(DeliveryStreamType.DIRECT_PUT)
                    .extendedS3DestinationConfiguration(ExtendedS3DestinationConfiguration.builder()
                            .bucketARN("arn:aws:s3:::" + bucket)
                            .roleARN(FIREHOSE_ROLE_ARN)
                            .prefix(prefix)
                            .build()));
        } catch (ResourceInUseException ignored) {
            // already there; fall through to the ACTIVE check
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            DeliveryStreamStatus status = firehose.describeDeliveryStream(r -> r.deliveryStreamName(streamName))
                    .deliveryStreamDescription().deliveryStreamStatus();
            if (status == DeliveryStreamStatus.ACTIVE) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("delivery stream " + streamName + " is " + status + " after 30 s");
            }
            Processes.sleep(200);
        }
    }

    /**
     * Stores {@code value} as the SecretString of secret {@code name} (created, or given a new version
     * when it exists); returns its ARN. How the harness hands the job the customer API token.
     */
    public String putSecret(String name, String value) {
        try (SecretsManagerClient secrets = SecretsManagerClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint())
                .region(Region.of(REGION))
                .credentialsProvider(credentials())
                .build()) {
            try {
                return secrets.createSecret(r -> r.name(name).secretString(value)).arn();
            } catch (ResourceExistsException exists) {
                return secrets.putSecretValue(r -> r.secretId(name).secretString(value)).arn();
            }
        }
    }

    /** Every non-empty line of every object under {@code prefix}, objects in key order, UTF-8. */
    public List<String> readLines(String bucket, String prefix) {
        List<S3Object> objects = new ArrayList<>();
        s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().forEach(objects::add);
        objects.sort(Comparator.comparing(S3Object::key));
        List<String> lines = new ArrayList<>();
        for (S3Object o : objects) {
            String body = s3.getObjectAsBytes(r -> r.bucket(bucket).key(o.key())).asString(StandardCharsets.UTF_8);
            for (String line : body.split("\\R")) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    @Override
    public void close() {
        s3.close();
        firehose.close();
        Processes.destroyTree(process, Duration.ofSeconds(10));
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // JVM already shutting down
        }
    }

    private void awaitHealthy() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest req = HttpRequest.newBuilder(endpoint().resolve("/_localstack/health"))
                .timeout(Duration.ofSeconds(3)).GET().build();
        Processes.awaitReady("LocalStack", process, logFile, STARTUP_TIMEOUT,
                () -> http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    @Override
    public String toString() {
        return "LocalStack[" + endpoint() + "]";
    }
}
