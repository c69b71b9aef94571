package io.orderstream.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Kafka (KRaft, broker and controller in one process) for tests and local runs.
 *
 * <p>Why a child JVM and not an in-process broker: the broker and the Flink job under test then share
 * nothing (no classloader, no static state, no heap), the broker can be killed and restarted like a
 * real one for failure tests, and Kafka's server jars need no test-only API. The child is started from
 * the jars on this JVM's {@code java.class.path}, which holds kafka_2.13 because this module depends
 * on it; no Kafka distribution needs to be downloaded.
 *
 * <p>Ports and the data dir are chosen once and kept across {@link #restart()}, so clients configured
 * with {@link #bootstrapServers()} keep working and committed data survives a restart.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final Path workDir;
    private final Path dataDir;
    private final Path configFile;
    private final Path logFile;
    private final int brokerPort;
    private final int controllerPort;
    /** The port clients are told to use (metadata); the broker's own port unless a proxy sits in front. */
    private int advertisedPort;
    private final String clusterId;
    private final Thread shutdownHook;
    private volatile Process process;

    private KafkaBroker(Path workDir) {
        this.workDir = workDir;
        this.dataDir = workDir.resolve("data");
        this.configFile = workDir.resolve("server.properties");
        this.logFile = workDir.resolve("kafka.log");
        this.brokerPort = Processes.freePort();
        this.controllerPort = Processes.freePort();
        this.advertisedPort = brokerPort;
        this.clusterId = Uuid.randomUuid().toString();
        // If the test JVM dies without close(), the broker must not be left running.
        this.shutdownHook = new Thread(() -> Processes.destroyTree(process, Duration.ofSeconds(5)),
                "kafka-broker-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Formats a fresh data dir under {@code workDir} and starts the broker; returns when it serves. */
    public static KafkaBroker start(Path workDir) {
        KafkaBroker broker;
        try {
            Files.createDirectories(workDir);
            broker = new KafkaBroker(workDir.toAbsolutePath());
            broker.writeConfig();
            broker.format();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        broker.launch();
        return broker;
    }

    /**
     * A broker whose clients all go through a proxy: {@code proxyFor} gets the broker's own port, sets
     * up a proxy to it (e.g. Toxiproxy) and returns the proxy's port, which the broker then advertises
     * in its metadata. Every client connection after bootstrap goes through the proxy, so faults of the
     * proxy are faults between the clients and Kafka.
     */
    public static KafkaBroker startBehindProxy(Path workDir, java.util.function.IntUnaryOperator proxyFor) {
        KafkaBroker broker;
        try {
            Files.createDirectories(workDir);
            broker = new KafkaBroker(workDir.toAbsolutePath());
            broker.advertisedPort = proxyFor.applyAsInt(broker.brokerPort);
            broker.writeConfig();
            broker.format();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        broker.launch();
        return broker;
    }

    /** {@code 127.0.0.1:<advertised port>}: the proxy's address for a broker behind a proxy, else {@link #bootstrapServers()}. */
    public String advertisedServers() {
        return "127.0.0.1:" + advertisedPort;
    }

    /** {@code 127.0.0.1:<port>}; stable across {@link #restart()}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** Creates a topic with replication factor 1; an existing topic is accepted as is. */
    public void createTopic(String name, int partitions) {
        try (Admin admin = Admin.create(adminProps())) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name, e.getCause());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name, e);
        }
    }

    /** Stops the broker process (graceful first, then forced) and waits until it is gone. */
    public synchronized void stop() {
        Processes.destroyTree(process, Duration.ofSeconds(20));
        process = null;
    }

    /** Stops and starts again on the same ports and the same data dir. */
    public synchronized void restart() {
        stop();
        launch();
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook runs anyway and finds nothing to do
        }
    }

    public Path logFile() {
        return logFile;
    }

    private void writeConfig() throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        // Static quorum: one voter, this node. Simpler than a dynamic quorum and enough for one node.
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners",
                "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + advertisedPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dataDir.toString());
        // One broker: every internal topic must be satisfiable with a single replica,
        // or transactions (exactly-once sinks) and consumer groups hang.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "3");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "3");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        // Consumers in tests should get their partitions immediately, not after 3 s.
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Topics are part of the contract: tests create them explicitly, as production does.
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("num.partitions", "1");
        // Keep the small machine calm.
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "2");
        try (Writer w = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
            p.store(w, "orderstream test broker");
        }
    }

    /** Formats the KRaft metadata dir once; it is reused as is by every later start. */
    private void format() throws IOException {
        Files.createDirectories(dataDir);
        Process fmt = new ProcessBuilder(javaCommand("kafka.tools.StorageTool",
                "format", "-t", clusterId, "-c", configFile.toString(), "--ignore-formatted"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        try {
            if (!fmt.waitFor(60, TimeUnit.SECONDS)) {
                fmt.destroyForcibly();
                throw new IllegalStateException("kafka storage format timed out; log:\n" + Processes.tail(logFile, 40));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting kafka storage", e);
        }
        if (fmt.exitValue() != 0) {
            throw new IllegalStateException("kafka storage format failed (exit " + fmt.exitValue()
                    + "); log " + logFile + ":\n" + Processes.tail(logFile, 40));
        }
    }

    private synchronized void launch() {
        try {
            process = new ProcessBuilder(Processes.inOwnSession(javaCommand("kafka.Kafka", configFile.toString())))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start kafka broker", e);
        }
        awaitReady();
    }

    private void awaitReady() {
        Processes.awaitReady("kafka broker", process, logFile, STARTUP_TIMEOUT, () -> {
            Properties props = adminProps();
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
            try (Admin admin = Admin.create(props)) {
                // Brokers listed means the broker registered with the controller and serves metadata.
                return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
            }
        });
    }

    private Properties adminProps() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    private List<String> javaCommand(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Small heap: the broker handles test volumes only, and the machine runs Flink next to it.
        cmd.add("-Xmx512m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Dlog4j2.configurationFile=" + writeBrokerLog4j());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * The broker inherits our classpath, log4j config included; give it its own INFO config so its
     * log file is useful for diagnosing start failures without flooding the test output.
     */
    private String writeBrokerLog4j() {
        Path f = workDir.resolve("broker-log4j2.xml");
        if (!Files.exists(f)) {
            String xml = "<Configuration status=\"WARN\"><Appenders><Console name=\"c\" target=\"SYSTEM_OUT\">"
                    + "<PatternLayout pattern=\"%d{HH:mm:ss.SSS} %-5p [%c{1}] %m%n\"/></Console></Appenders>"
                    + "<Loggers><Logger name=\"kafka\" level=\"INFO\"/><Logger name=\"org.apache.kafka\" level=\"WARN\"/>"
                    + "<Logger name=\"state.change.logger\" level=\"WARN\"/>"
                    + "<Root level=\"WARN\"><AppenderRef ref=\"c\"/></Root></Loggers></Configuration>";
            try {
                Files.writeString(f, xml, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return f.toString();
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + ", " + workDir + "]";
    }

}
