package io.orderstream.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The external services every end-to-end test needs, started once per JVM and shared.
 *
 * <p>Why shared: starting Kafka and LocalStack costs ~10-15 s; Surefire reuses one fork for all test
 * classes, so paying it once keeps {@code mvn test} fast. Tests isolate themselves by using unique
 * topic, bucket and stream names. Both services start in parallel; a shutdown hook stops them.
 */
public final class TestEnvironment {

    private static volatile TestEnvironment instance;

    private final Path workDir;
    private final KafkaBroker kafka;
    private final LocalStack localStack;

    private TestEnvironment(Path workDir, KafkaBroker kafka, LocalStack localStack) {
        this.workDir = workDir;
        this.kafka = kafka;
        this.localStack = localStack;
    }

    /** The shared environment, started on first use. */
    public static TestEnvironment get() {
        TestEnvironment env = instance;
        if (env == null) {
            synchronized (TestEnvironment.class) {
                env = instance;
                if (env == null) {
                    env = startNew();
                    instance = env;
                }
            }
        }
        return env;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public LocalStack localStack() {
        return localStack;
    }

    /** {@code tests/target/harness-<timestamp>}: logs and data of this run, kept for post-mortems. */
    public Path workDir() {
        return workDir;
    }

    private static TestEnvironment startNew() {
        Path workDir = defaultWorkDir();
        CompletableFuture<KafkaBroker> kafka =
                CompletableFuture.supplyAsync(() -> KafkaBroker.start(workDir.resolve("kafka")));
        CompletableFuture<LocalStack> localStack =
                CompletableFuture.supplyAsync(() -> LocalStack.start(workDir.resolve("localstack")));
        try {
            CompletableFuture.allOf(kafka, localStack).join();
        } catch (CompletionException e) {
            // Do not leak whichever one did start.
            kafka.thenAccept(KafkaBroker::close);
            localStack.thenAccept(LocalStack::close);
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
        TestEnvironment env = new TestEnvironment(workDir, kafka.join(), localStack.join());
        Runtime.getRuntime().addShutdownHook(new Thread(env::closeQuietly, "test-environment-shutdown"));
        return env;
    }

    private void closeQuietly() {
        try {
            kafka.close();
        } catch (RuntimeException ignored) {
            // best effort at JVM exit
        }
        try {
            localStack.close();
        } catch (RuntimeException ignored) {
            // best effort at JVM exit
        }
    }

    /**
     * Under the tests module's target/ (found from the repo root, so it also works when a local-run
     * main is started from another working directory).
     */
    static Path defaultWorkDir() {
        String ts = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        Path dir = RepoRoot.find().resolve("tests/target/harness-" + ts);
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dir;
    }
}
