package io.orderstream.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderstream.harness.CustomerApiServer;
import io.orderstream.harness.KafkaBroker;
import io.orderstream.harness.LocalDeployment;
import io.orderstream.harness.LocalFlinkCluster;
import io.orderstream.harness.LocalStack;
import io.orderstream.harness.MonitoringDeployment;
import io.orderstream.harness.TcpProxy;
import io.orderstream.job.config.ConfigKeys;
import io.orderstream.job.config.InvalidConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.util.TimeUtils;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * The whole pipeline on this machine: a Kafka broker, LocalStack with the monitoring stack deployed by the
 * CDK CLI (alarms and SNS topics, as in production), a customer API, an order generator (or a replayed
 * file) and the job on a Flink cluster with its Web UI at http://localhost:8081. Prints a status block
 * every few seconds; Ctrl-C, SIGTERM or {@code --duration} stops everything and prints a summary.
 */
public final class LocalRun {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static final String USAGE = """
            usage: ./orderstream run [options]
              --duration D        stop after D of traffic (e.g. 90s, 2m); default: until Ctrl-C
              --scenario NAME     an incident preset (below); its fault starts --fault-after into the run
              --fault-after D     when the scenario's fault starts (default 15s)
              --fault-for D       how long it lasts (default: until the run stops; healed then, to drain)
              --replay FILE       send FILE's lines (one raw record each) to orders.raw instead of generating,
                                  wait until every one is delivered or in the DLQ, then stop
              --summary-file F    write the summary as JSON to F
              --rate N            orders per second (default 50)
              --malformed P       share of unparseable records (default 2%; P as 0.02 or 2%)
              --invalid P         share of records breaking the order contract (default 1%)
              --duplicate P       share of repeated orders (default 2%)
              --late P            share of orders beyond window + allowed lateness, dropped as late_arrival (default 0)
              --hot-key P         share of orders from the hot customers (default 20%)
              --hot-customers N   how many hot customers (default 10)
              --customers N       other customers (default 5000; 0: a new customer per order)
              --alarm-period S    alarm period in seconds for the local deploy (context drillPeriodSeconds):
                                  10 (default), 30, or 0 for the catalog's production periods
              --no-alarms         do not deploy the monitoring stack (starts ~1 min faster)
              --window D          window size (default: 10s with 10 s alarm periods, 30s with 30, else 1min);
                                  allowed lateness is the same
              --status-every D    status interval (default 5s)
              --drain-timeout D   at the end, wait up to D for records in flight (default 60s; replay: 180s)
              --ui-port P         Flink Web UI port (default 8081; 0 for any free port)
            scenarios:
            """;

    private LocalRun() {}

    /** The command line, validated. */
    record Settings(Duration duration, Scenario scenario, Duration faultAfter, Duration faultFor, Path replay,
                    Path summaryFile, OrderGenerator.Mix mix, int alarmPeriod, boolean alarms, Duration window,
                    Duration statusEvery, Duration drainTimeout, int uiPort) {

        static Settings parse(String[] args) {
            Map<String, String> o = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (!a.startsWith("--")) {
                    throw new IllegalArgumentException("unexpected argument '" + a + "'");
                }
                if (a.equals("--no-alarms") || a.equals("--help")) {
                    o.put(a.substring(2), "true");
                } else if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                } else {
                    o.put(a.substring(2), args[++i]);
                }
            }
            if (o.containsKey("help")) {
                return null;
            }
            java.util.Set<String> known = java.util.Set.of("duration", "scenario", "fault-after", "fault-for", "replay",
                    "summary-file", "rate", "malformed", "invalid", "duplicate", "late", "hot-key", "hot-customers",
                    "customers", "alarm-period", "no-alarms", "window", "status-every", "drain-timeout", "ui-port");
            for (String k : o.keySet()) {
                if (!known.contains(k)) {
                    throw new IllegalArgumentException("unknown option --" + k);
                }
            }
            OrderGenerator.Mix mix = new OrderGenerator.Mix(Integer.parseInt(o.getOrDefault("rate", "50")),
                    share(o.getOrDefault("malformed", "0.02")), share(o.getOrDefault("invalid", "0.01")),
                    share(o.getOrDefault("duplicate", "0.02")), share(o.getOrDefault("late", "0")),
                    share(o.getOrDefault("hot-key", "0.2")), Integer.parseInt(o.getOrDefault("hot-customers", "10")),
                    Integer.parseInt(o.getOrDefault("customers", "5000")));
            int alarmPeriod = Integer.parseInt(o.getOrDefault("alarm-period", "10"));
            if (alarmPeriod != 0 && alarmPeriod != 10 && alarmPeriod != 30 && (alarmPeriod < 0 || alarmPeriod % 60 != 0)) {
                throw new IllegalArgumentException("--alarm-period: 10, 30, a multiple of 60, or 0 (production periods)");
            }
            Duration window = o.containsKey("window") ? duration(o.get("window"))
                    : alarmPeriod == 10 ? Duration.ofSeconds(10) : alarmPeriod == 30 ? Duration.ofSeconds(30)
                    : Duration.ofMinutes(1);
            Path replay = o.containsKey("replay") ? callerPath(o.get("replay")) : null;
            if (replay != null && !Files.isReadable(replay)) {
                throw new IllegalArgumentException("--replay: cannot read " + replay);
            }
            Scenario scenario = Scenario.byId(o.getOrDefault("scenario", "healthy"));
            if (replay != null && scenario != Scenario.HEALTHY) {
                throw new IllegalArgumentException("--replay and --scenario exclude each other");
            }
            return new Settings(o.containsKey("duration") ? duration(o.get("duration")) : null, scenario,
                    duration(o.getOrDefault("fault-after", "15s")),
                    o.containsKey("fault-for") ? duration(o.get("fault-for")) : null, replay,
                    o.containsKey("summary-file") ? callerPath(o.get("summary-file")) : null, mix, alarmPeriod,
                    !o.containsKey("no-alarms"), window, duration(o.getOrDefault("status-every", "5s")),
                    duration(o.getOrDefault("drain-timeout", replay != null ? "180s" : "60s")),
                    Integer.parseInt(o.getOrDefault("ui-port", "8081")));
        }

        /** A path of the command line: relative to the caller's directory ({@code ./orderstream} passes it). */
        private static Path callerPath(String p) {
            String cwd = System.getProperty("orderstream.cwd", "");
            return cwd.isEmpty() ? Path.of(p) : Path.of(cwd).resolve(p);
        }

        private static double share(String s) {
            String t = s.trim();
            return t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1)) / 100 : Double.parseDouble(t);
        }

        private static Duration duration(String s) {
            return TimeUtils.parseDuration(s);
        }
    }

    public static void main(String[] args) {
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (RuntimeException e) {
            System.err.println("orderstream run: " + e.getMessage());
            System.err.print(USAGE + Scenario.help());
            System.exit(2);
            return;
        }
        if (settings == null) {
            System.out.print(USAGE + Scenario.help());
            return;
        }
        int code;
        try {
            code = new LocalRun().run(settings);
        } catch (InvalidConfigurationException e) {
            System.err.println(e.getMessage());
            code = 2;
        } catch (InterruptedException e) {
            System.err.println("stopped during start-up");
            code = 130;
        } catch (Exception | Error e) {
            System.err.println("orderstream run failed: " + e);
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    private volatile Thread mainThread;
    private final AtomicInteger signals = new AtomicInteger();

    /** Released by the first Ctrl-C or SIGTERM: the traffic loop and a replay's drain end on it. */
    private final java.util.concurrent.CountDownLatch stopRequested = new java.util.concurrent.CountDownLatch(1);
    /**
     * While starting (or sending a replay file) a signal interrupts the main thread to abort the
     * blocking start-up steps. Later it must not: an interrupt inside an SDK call of a status poll
     * surfaces as an SdkInterruptedException, not as a clean stop, so those phases poll the latch.
     */
    private volatile boolean interruptOnSignal = true;

    /** Ctrl-C and SIGTERM stop the run, which then drains and stops in order; a second one exits at once. */
    @SuppressWarnings("restriction")
    private void handleSignals() {
        mainThread = Thread.currentThread();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> {
                    if (signals.incrementAndGet() > 1) {
                        System.err.println("second signal: exiting now (shutdown hooks stop the services)");
                        System.exit(130);
                    }
                    System.out.println("\nSIG" + name + ": stopping");
                    stopRequested.countDown();
                    if (interruptOnSignal) {
                        mainThread.interrupt();
                    }
                });
            } catch (IllegalArgumentException ignored) {
                // signal not available on this platform
            }
        }
    }

    private int run(Settings s) throws Exception {
        handleSignals();
        // LocalStack accepts any credentials; the job's AWS SDK finds these through its default chain.
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        Instant startedAt = Instant.now();
        Path workDir = Files.createDirectories(Path.of(".local", "run-" + startedAt.toEpochMilli())).toAbsolutePath();
        System.out.println("orderstream local run, work dir " + workDir + " (logs, outputs/, alarms/)");
        String missing = s.alarms() ? MonitoringDeployment.missingPrerequisite() : null;
        boolean deployAlarms = s.alarms() && missing == null;
        if (missing != null) {
            System.out.println("alarms: not deployed: " + missing);
        }

        CompletableFuture<KafkaBroker> kafkaStarting = CompletableFuture.supplyAsync(() -> KafkaBroker.start(workDir.resolve("kafka")));
        CompletableFuture<LocalStack> lsStarting = CompletableFuture.supplyAsync(() -> LocalStack.start(
                workDir.resolve("localstack"), deployAlarms ? MonitoringDeployment.SERVICES
                        : "s3,firehose,cloudwatch,sns,sqs,sts,iam,kms,logs,secretsmanager"));
        CompletableFuture<MonitoringDeployment> monitoringDeploying = !deployAlarms ? null : lsStarting.thenApplyAsync(ls -> {
            System.out.println("alarms: deploying " + MonitoringDeployment.STACK + " with cdk synth + cdklocal bootstrap "
                    + "+ cdklocal deploy" + (s.alarmPeriod() == 0 ? "" : " (alarm periods " + s.alarmPeriod() + " s)"));
            return MonitoringDeployment.deploy(ls, workDir.resolve("alarms"), s.alarmPeriod());
        });
        KafkaBroker kafka = null;
        LocalStack localStack = null;
        CustomerApiServer api = null;
        LocalFlinkCluster flink = null;
        TcpProxy firehoseProxy = null;
        CloudWatchClient cloudWatch = null;
        MonitoringDeployment monitoring = null;
        String alarmError = missing;
        Status status = null;
        JobClient job = null;
        try {
            kafka = kafkaStarting.join();
            localStack = lsStarting.join();
            // As in production: TLS and a token the job reads from Secrets Manager (LocalDeployment stores it).
            api = CustomerApiServer.startHttps();
            flink = LocalFlinkCluster.start(1, 2, 2, s.uiPort());
            // The job reaches Firehose through a proxy (the firehose-failing scenario cuts it) and CloudWatch directly.
            firehoseProxy = TcpProxy.to(localStack.endpoint());
            firehoseProxy.start();
            LocalDeployment deployment = LocalDeployment.create("", kafka, localStack);
            Map<String, String> props = deployment.jobProperties(api.baseUrl());
            props.put(ConfigKeys.AWS_ENDPOINT.key(), firehoseProxy.endpoint().toString());
            props.put(ConfigKeys.METRICS_ENDPOINT.key(), localStack.endpoint().toString());
            props.put(ConfigKeys.WINDOW_SIZE.key(), s.window().toMillis() + "ms");
            props.put(ConfigKeys.WINDOW_ALLOWED_LATENESS.key(), s.window().toMillis() + "ms");
            if (s.alarmPeriod() == 10 || s.alarmPeriod() == 30) {
                // Short alarm periods need the metrics every second at 1-second resolution, as the drills do.
                props.put(ConfigKeys.METRICS_PUBLISH_INTERVAL.key(), "1s");
                props.put(ConfigKeys.METRICS_HIGH_RESOLUTION.key(), "true");
            }
            props.putAll(s.scenario().jobProperties);
            job = flink.submit(props);
            String groupId = props.get(ConfigKeys.KAFKA_GROUP_ID.key());
            System.out.println("Kafka " + kafka.bootstrapServers() + " | LocalStack " + localStack.endpoint()
                    + " | customer API " + api.baseUrl() + " | Flink Web UI " + flink.restAddress());
            System.out.println("outputs: s3://" + deployment.ordersBucket() + ", s3://" + deployment.aggregatesBucket()
                    + ", s3://" + deployment.dlqBucket() + " (copies in " + workDir.resolve("outputs") + ")");
            if (monitoringDeploying != null) {
                long t0 = System.nanoTime();
                while (!monitoringDeploying.isDone()) {
                    try {
                        monitoringDeploying.get(15, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.TimeoutException stillDeploying) {
                        System.out.printf("alarms: still deploying (%d s)%n", (System.nanoTime() - t0) / 1_000_000_000);
                    } catch (java.util.concurrent.ExecutionException failed) {
                        break;
                    }
                }
                try {
                    monitoring = monitoringDeploying.join();
                    System.out.printf("alarms: %d alarms deployed in %d s (logs in %s)%n", monitoring.alarms().size(),
                            monitoring.took().toSeconds(), workDir.resolve("alarms"));
                } catch (RuntimeException e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    alarmError = String.valueOf(cause.getMessage());
                    System.out.println("alarms: deploy failed, running without them: " + alarmError);
                }
            }
            cloudWatch = CloudWatchClient.builder().endpointOverride(localStack.endpoint())
                    .region(Region.of(localStack.region())).credentialsProvider(localStack.credentials())
                    .httpClient(UrlConnectionHttpClient.create()).build();
            AlarmWatcher alarms = monitoring == null ? null : new AlarmWatcher(monitoring);
            if (alarms != null) {
                alarms.poll();
                System.out.println("    " + alarms.line());
            }

            Scenario.Controls controls = new Scenario.Controls(api, firehoseProxy);
            ObjectNode summary;
            String stopReason;
            if (s.replay() != null) {
                ReplayFile replay = new ReplayFile(s.replay());
                status = new Status(localStack.s3(), deployment, workDir.resolve("outputs"), () -> replay.sent().size(),
                        s.window(), cloudWatch, groupId, alarms);
                System.out.println("replaying " + s.replay() + " into " + deployment.topic() + " at up to "
                        + s.mix().rate() + " records/s");
                replay.send(kafka.bootstrapServers(), deployment.topic(), s.mix().rate());
                System.out.println("replay: " + replay.sent().size() + " records sent (" + replay.blankLines()
                        + " blank lines skipped, " + replay.failed() + " failed); waiting until every one is accounted for");
                interruptOnSignal = false;
                Thread.interrupted();
                stopReason = drain(status, s.drainTimeout(), s.statusEvery(), true) ? "replay complete"
                        : stopRequested.getCount() == 0 ? "signal" : "replay incomplete: drain timeout";
                summary = status.summary();
                summary.set("replay", replaySummary(replay, status));
            } else {
                OrderGenerator generator = new OrderGenerator(kafka.bootstrapServers(), deployment.topic(), s.mix(),
                        s.window().multipliedBy(2).plusSeconds(10));
                status = new Status(localStack.s3(), deployment, workDir.resolve("outputs"), generator::acked,
                        s.window(), cloudWatch, groupId, alarms);
                Thread producer = new Thread(generator, "order-generator");
                producer.setDaemon(true);
                producer.start();
                System.out.println("traffic: " + s.mix().describe() + (s.scenario() == Scenario.HEALTHY ? ""
                        : " | scenario " + s.scenario().id + " from +" + s.faultAfter().toSeconds() + "s: "
                        + s.scenario().description));
                interruptOnSignal = false;
                Thread.interrupted();
                stopReason = loop(s, generator, status, controls);
                generator.stop();
                producer.interrupt();
                producer.join(5_000);
                generator.close();
                s.scenario().heal(controls);
                if (generator.failed() > 0) {
                    System.out.println("generator: " + generator.failed() + " sends failed (not counted as in)");
                }
                // Kafka and LocalStack run in sessions of their own, so a Ctrl-C reaches only this JVM:
                // the drain works the same after a signal (a second Ctrl-C skips it).
                System.out.println("stopping: traffic stopped, fault healed; waiting up to " + s.drainTimeout().toSeconds()
                        + " s for the " + status.inFlight() + " records in flight"
                        + (signals.get() > 0 ? " (Ctrl-C again to stop at once)" : ""));
                drain(status, s.drainTimeout(), s.statusEvery(), false);
                summary = status.summary();
                summary.put("generator_send_failures", generator.failed());
            }
            ObjectNode head = JSON.createObjectNode();
            head.put("mode", s.replay() != null ? "replay" : "generator");
            head.put("scenario", s.scenario().id);
            head.put("started_at", startedAt.toString());
            head.put("stopped_at", Instant.now().toString());
            head.put("stop_reason", stopReason);
            ObjectNode settingsNode = head.putObject("settings");
            settingsNode.put("traffic", s.mix().describe());
            if (s.scenario() != Scenario.HEALTHY) {
                settingsNode.put("scenario_fault", s.scenario().description + " | traffic during the fault: "
                        + s.scenario().faultMix.apply(s.mix()).describe());
            }
            settingsNode.put("window", s.window().toString());
            settingsNode.put("fault_after", s.faultAfter().toString());
            settingsNode.put("fault_for", s.faultFor() == null ? "until stop" : s.faultFor().toString());
            head.setAll(summary);
            head.set("alarms", alarmsSummary(s, monitoring, alarms, alarmError));
            head.put("work_dir", workDir.toString());
            head.put("flink_web_ui", flink.restAddress());
            printSummary(head);
            if (s.summaryFile() != null) {
                Path f = s.summaryFile().toAbsolutePath();
                if (f.getParent() != null) {
                    Files.createDirectories(f.getParent());
                }
                JSON.writeValue(f.toFile(), head);
                System.out.println("summary written to " + f);
            }
            return s.replay() != null && !head.path("balanced").asBoolean() ? 1 : 0;
        } finally {
            Thread.interrupted();   // a late signal must not break the clean-up
            if (job != null) {
                try {
                    job.cancel().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    System.err.println("job cancel: " + e);
                }
            }
            if (monitoringDeploying != null && !monitoringDeploying.isDone()) {
                monitoringDeploying.cancel(true);
            }
            closeQuietly(status);
            closeQuietly(cloudWatch);
            closeQuietly(monitoring);
            closeQuietly(flink);
            closeQuietly(firehoseProxy);
            closeQuietly(api);
            if (localStack == null) {
                lsStarting.thenAccept(LocalStack::close);
            }
            if (kafka == null) {
                kafkaStarting.thenAccept(KafkaBroker::close);
            }
            closeQuietly(localStack);
            closeQuietly(kafka);
            System.out.println("stopped: job cancelled, Flink, Kafka, LocalStack and the customer API are down");
        }
    }

    /** Prints the status until --duration or a signal; starts and ends the scenario's fault. */
    private String loop(Settings s, OrderGenerator generator, Status status, Scenario.Controls controls) {
        long start = System.nanoTime();
        long end = s.duration() == null ? Long.MAX_VALUE : start + s.duration().toNanos();
        long faultStart = start + s.faultAfter().toNanos();
        long faultEnd = s.faultFor() == null ? Long.MAX_VALUE : faultStart + s.faultFor().toNanos();
        OrderGenerator.Mix base = generator.mix();
        boolean faultOn = false;
        boolean faultDone = s.scenario() == Scenario.HEALTHY;
        long nextStatus = start + s.statusEvery().toNanos();
        try {
            while (true) {
                long now = System.nanoTime();
                if (now >= end) {
                    return "duration";
                }
                if (!faultDone && !faultOn && now >= faultStart) {
                    System.out.println(">> fault on: " + s.scenario().id + ": " + s.scenario().description);
                    generator.setMix(s.scenario().faultMix.apply(base));
                    s.scenario().inject(controls);
                    faultOn = true;
                }
                if (faultOn && now >= faultEnd) {
                    System.out.println(">> fault off: " + s.scenario().id);
                    generator.setMix(base);
                    s.scenario().heal(controls);
                    faultOn = false;
                    faultDone = true;
                }
                if (now >= nextStatus) {
                    System.out.println(status.tick());
                    nextStatus += s.statusEvery().toNanos();
                }
                if (stopRequested.await(200, TimeUnit.MILLISECONDS)) {
                    return "signal";
                }
            }
        } catch (InterruptedException e) {
            return "signal";
        }
    }

    /**
     * Polls until nothing is in flight or the timeout; true when everything is accounted for. With
     * {@code stopOnSignal} a Ctrl-C ends it early (a replay's drain is the run itself).
     */
    private boolean drain(Status status, Duration timeout, Duration statusEvery, boolean stopOnSignal) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextStatus = System.nanoTime() + statusEvery.toNanos();
        try {
            while (true) {
                status.pollOutputs();
                if (status.inFlight() <= 0) {
                    System.out.println(status.tick());
                    return true;
                }
                if (System.nanoTime() > deadline) {
                    System.out.println(status.tick());
                    System.out.println("drain: " + status.inFlight() + " records still in flight after " + timeout.toSeconds() + " s");
                    return false;
                }
                if (System.nanoTime() > nextStatus) {
                    System.out.println(status.tick());
                    nextStatus += statusEvery.toNanos();
                }
                if (!stopOnSignal) {
                    Thread.sleep(1_000);
                } else if (stopRequested.await(1, TimeUnit.SECONDS)) {
                    System.out.println("drain stopped by signal: " + status.inFlight() + " records in flight");
                    return false;
                }
            }
        } catch (InterruptedException e) {
            System.out.println("drain interrupted");
            return false;
        } catch (RuntimeException e) {
            System.out.println("drain ended: " + e.getMessage());
            return false;
        }
    }

    private static ObjectNode replaySummary(ReplayFile replay, Status status) {
        ObjectNode r = JSON.createObjectNode();
        r.put("file", replay.file().toAbsolutePath().toString());
        r.put("records_sent", replay.sent().size());
        r.put("blank_lines_skipped", replay.blankLines());
        r.put("send_failures", replay.failed());
        Map<String, String> dlqTypes = status.dlqTypesByPosition();
        Map<String, Long> outcomes = new java.util.TreeMap<>();
        ArrayNode lines = r.putArray("lines");
        for (ReplayFile.Line l : replay.sent()) {
            String outcome = status.outcome(l.position(), dlqTypes);
            outcomes.merge(outcome, 1L, Long::sum);
            ObjectNode n = lines.addObject();
            n.put("line", l.number());
            n.put("position", "orders.raw-" + l.position());
            n.put("outcome", outcome);
        }
        ObjectNode o = r.putObject("outcomes");
        outcomes.forEach(o::put);
        r.put("all_accounted_for", !outcomes.containsKey("in_flight") && replay.failed() == 0);
        return r;
    }

    private static ObjectNode alarmsSummary(Settings s, MonitoringDeployment monitoring, AlarmWatcher alarms, String error) {
        ObjectNode a = JSON.createObjectNode();
        a.put("deployed", monitoring != null);
        if (monitoring == null) {
            a.put("reason", s.alarms() ? "deploy failed or not possible: " + error : "--no-alarms");
            return a;
        }
        alarms.poll();
        a.put("how", "cdk synth (infra-cdk app" + (s.alarmPeriod() == 0 ? "" : ", -c drillPeriodSeconds=" + s.alarmPeriod())
                + ") + cdklocal bootstrap + cdklocal deploy --exclusively " + MonitoringDeployment.STACK + " into LocalStack");
        a.put("period_seconds", s.alarmPeriod() == 0 ? "catalog" : String.valueOf(s.alarmPeriod()));
        a.put("deploy_seconds", monitoring.took().toSeconds());
        ObjectNode first = a.putObject("states_at_start");
        alarms.firstSeen().forEach(first::put);
        ObjectNode states = a.putObject("states");
        alarms.states().forEach(states::put);
        ObjectNode ne = a.putObject("not_evaluated_locally");
        alarms.notEvaluated().forEach(ne::put);
        ArrayNode ever = a.putArray("ever_in_alarm");
        alarms.everInAlarm().forEach(ever::add);
        ArrayNode ts = a.putArray("transitions");
        for (AlarmWatcher.Transition t : alarms.transitions()) {
            ObjectNode n = ts.addObject();
            n.put("at", t.at().toString());
            n.put("alarm", t.alarm());
            n.put("from", t.from());
            n.put("to", t.to());
            n.put("reason", t.reason());
        }
        ArrayNode expected = a.putArray("scenario_alarms");
        s.scenario().alarms.forEach(expected::add);
        return a;
    }

    private static void printSummary(ObjectNode head) {
        System.out.println("==== summary ====");
        System.out.println("stop: " + head.path("stop_reason").asText() + " | " + head.path("counts"));
        System.out.println("balanced (in = out + dlq): " + head.path("balanced").asBoolean()
                + " | p99 " + head.path("latency_p99_ms").asText("-") + " ms");
        long windows = 0;
        long incomplete = 0;
        for (var w : head.path("windows")) {
            windows++;
            if (w.path("completeness").asDouble() < 95) {
                incomplete++;
            }
        }
        System.out.println("windows: " + windows + ", below 95% complete: " + incomplete);
        var alarms = head.path("alarms");
        if (alarms.path("deployed").asBoolean()) {
            System.out.println("alarms ever in ALARM: " + alarms.path("ever_in_alarm") + " | transitions: "
                    + alarms.path("transitions").size());
        } else {
            System.out.println("alarms: not deployed (" + alarms.path("reason").asText() + ")");
        }
        if (head.has("replay")) {
            System.out.println("replay: " + head.path("replay").path("outcomes") + " all accounted for: "
                    + head.path("replay").path("all_accounted_for"));
        }
        System.out.println("outputs: " + head.path("outputs"));
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            System.err.println("closing " + c.getClass().getSimpleName() + ": " + e);
        }
    }
}
