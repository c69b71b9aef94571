package io.orderstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderstream.harness.MonitoringDeployment;
import io.orderstream.harness.SampleOrder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ./orderstream run} as a user runs it: LocalRun in its own JVM, which starts Kafka, LocalStack (with
 * the monitoring stack deployed by the CDK CLI), the customer API, Flink and the job, and must stop all of
 * them. Each test checks that the process ends by itself with exit code 0, that no process it started
 * outlives it, and that its summary file adds up.
 */
class LocalRunIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One run: the scenario's alarm reaches ALARM (when the CDK CLI is installed), counts balance at the end. */
    @Test
    void dlqSpikeRunStopsCleanlyBalancesItsCountsAndFiresItsAlarm() throws Exception {
        Path dir = workDir("dlq-spike");
        Path summaryFile = dir.resolve("summary.json");
        Run run = Run.start(dir, "--duration", "40s", "--scenario", "dlq-spike", "--fault-after", "5s",
                "--summary-file", summaryFile.toString(), "--ui-port", "0", "--drain-timeout", "60s");
        run.awaitExit(Duration.ofMinutes(6));

        JsonNode s = JSON.readTree(summaryFile.toFile());
        JsonNode counts = s.path("counts");
        long in = counts.path("in").asLong();
        assertThat(in).as("orders written").isGreaterThan(500);
        assertThat(counts.path("in_flight").asLong()).as("in flight at the end: " + counts).isZero();
        assertThat(counts.path("out").asLong() + counts.path("dlq").asLong()).isEqualTo(in);
        assertThat(s.path("balanced").asBoolean()).isTrue();
        long byType = 0;
        for (JsonNode n : counts.path("dlq_by_error_type")) {
            byType += n.asLong();
        }
        assertThat(byType).isEqualTo(counts.path("dlq").asLong());
        // Half of the records are malformed for most of the run: parse_error dominates the DLQ.
        assertThat(counts.path("dlq_by_error_type").path("parse_error").asLong()).isGreaterThan(in / 4);
        assertThat(counts.path("dlq_by_error_type").path("duplicate").asLong()).isPositive();
        assertThat(s.path("windows").size()).as("windows closed").isGreaterThan(0);
        assertThat(s.path("outputs").path("orders").path("s3").asText()).startsWith("s3://orderstream-orders/");
        assertThat(Path.of(s.path("outputs").path("dlq").path("local_copy").asText())).isRegularFile();

        JsonNode alarms = s.path("alarms");
        if (MonitoringDeployment.missingPrerequisite() == null) {
            assertThat(alarms.path("deployed").asBoolean()).as("alarms deployed: " + alarms).isTrue();
            assertThat(alarms.path("states").size()).isEqualTo(16);
            assertThat(alarms.path("ever_in_alarm").toString()).contains("dlq-spike-critical");
            assertThat(alarms.path("transitions").toString()).contains("dlq-spike-critical");
        }
    }

    /** --replay: every line of the file is accounted for, by line, and the run ends by itself. */
    @Test
    void replayPushesAFileThroughAndAccountsForEveryLine() throws Exception {
        Path dir = workDir("replay");
        Random random = new Random(11);
        List<String> lines = new ArrayList<>();
        Map<Integer, String> expected = new HashMap<>();
        List<String> valid = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < 30; i++) {
            SampleOrder o = SampleOrder.random(random, "ORD-REPLAY-" + i, "CUST-" + (i % 7), now - i, "EUR");
            valid.add(o.toJson());
            lines.add(o.toJson());
            expected.put(lines.size(), "delivered-or-duplicate");
            if (i % 10 == 3) {
                lines.add("{\"order_id\":\"ORD-BROKEN-" + i + "\", \"cust");
                expected.put(lines.size(), "dlq:parse_error");
            }
            if (i % 10 == 6) {
                lines.add(o.toJson().replace("ORD-REPLAY-" + i, "ORD-BAD-" + i).replace("\"EUR\"", "\"XXY\""));
                expected.put(lines.size(), "dlq:validation_error");
            }
            if (i == 12) {
                lines.add("");
            }
        }
        for (int i : new int[] {2, 9, 20, 27}) {
            lines.add(valid.get(i));
            expected.put(lines.size(), "delivered-or-duplicate");
        }
        Path file = dir.resolve("records.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        Path summaryFile = dir.resolve("summary.json");
        Run run = Run.start(dir, "--replay", file.toString(), "--no-alarms", "--summary-file", summaryFile.toString(),
                "--ui-port", "0", "--rate", "200");
        run.awaitExit(Duration.ofMinutes(4));

        JsonNode s = JSON.readTree(summaryFile.toFile());
        JsonNode replay = s.path("replay");
        assertThat(s.path("stop_reason").asText()).isEqualTo("replay complete");
        assertThat(replay.path("records_sent").asInt()).isEqualTo(lines.size() - 1);
        assertThat(replay.path("blank_lines_skipped").asInt()).isEqualTo(1);
        assertThat(replay.path("all_accounted_for").asBoolean()).isTrue();
        assertThat(s.path("counts").path("in").asLong()).isEqualTo(lines.size() - 1);
        assertThat(s.path("counts").path("in_flight").asLong()).isZero();
        JsonNode outcomes = replay.path("outcomes");
        assertThat(outcomes.path("delivered").asInt()).as(outcomes.toString()).isEqualTo(30);
        assertThat(outcomes.path("dlq:duplicate").asInt()).isEqualTo(4);
        assertThat(outcomes.path("dlq:parse_error").asInt()).isEqualTo(3);
        assertThat(outcomes.path("dlq:validation_error").asInt()).isEqualTo(3);
        Set<Integer> seen = new LinkedHashSet<>();
        for (JsonNode l : replay.path("lines")) {
            int n = l.path("line").asInt();
            seen.add(n);
            String want = expected.get(n);
            String got = l.path("outcome").asText();
            if (want.equals("delivered-or-duplicate")) {
                assertThat(got).as("line " + n).isIn("delivered", "dlq:duplicate");
            } else {
                assertThat(got).as("line " + n).isEqualTo(want);
            }
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(expected.keySet());
    }

    /**
     * Ctrl-C in a terminal signals the whole foreground process group. The run must still drain: the
     * broker and LocalStack it started are in sessions of their own, so they outlive the signal until
     * the run stops them, and every order written is accounted for.
     */
    @Test
    void ctrlCToTheWholeProcessGroupDrainsAndBalances() throws Exception {
        Path dir = workDir("ctrl-c");
        Path summaryFile = dir.resolve("summary.json");
        Run run = Run.startAsATerminalJob(dir, "--no-alarms", "--summary-file", summaryFile.toString(),
                "--ui-port", "0", "--rate", "300", "--drain-timeout", "90s");
        run.awaitOutput("traffic:", Duration.ofMinutes(3));
        Thread.sleep(15_000);   // orders in every stage, windows open
        run.interruptLikeATerminal();
        run.awaitExit(Duration.ofMinutes(3));

        JsonNode s = JSON.readTree(summaryFile.toFile());
        JsonNode counts = s.path("counts");
        assertThat(s.path("stop_reason").asText()).isEqualTo("signal");
        assertThat(counts.path("in").asLong()).as("orders written").isGreaterThan(1000);
        assertThat(counts.path("in_flight").asLong()).as("in flight after the drain: " + counts).isZero();
        assertThat(counts.path("out").asLong() + counts.path("dlq").asLong()).isEqualTo(counts.path("in").asLong());
        assertThat(s.path("balanced").asBoolean()).isTrue();
    }

    private static Path workDir(String name) throws IOException {
        return Files.createDirectories(Path.of("target", "local-run-it", name + "-" + System.currentTimeMillis()))
                .toAbsolutePath();
    }

    /** LocalRun in a child JVM, its output in {@code run.log}; watches every process it starts. */
    private static final class Run {
        private final Process process;
        private final Path log;
        private final Set<ProcessHandle> descendants = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final Thread watcher;

        private Run(Process process, Path log) {
            this.process = process;
            this.log = log;
            this.watcher = new Thread(() -> {
                while (process.isAlive()) {
                    process.descendants().forEach(descendants::add);
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "local-run-watcher");
            watcher.setDaemon(true);
            watcher.start();
        }

        static Run start(Path dir, String... args) throws IOException {
            return start(dir, List.of(), args);
        }

        /** In a process group of its own, as a shell starts a foreground job (pgid = pid). */
        static Run startAsATerminalJob(Path dir, String... args) throws IOException {
            return start(dir, List.of("setsid"), args);
        }

        private static Run start(Path dir, List<String> prefix, String... args) throws IOException {
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> cmd = new ArrayList<>(prefix);
            cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1500m", "-cp", classpath, LocalRun.class.getName()));
            cmd.addAll(List.of(args));
            Path log = dir.resolve("run.log");
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            return new Run(p, log);
        }

        void awaitOutput(String text, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!Files.readString(log).contains(text)) {
                assertThat(process.isAlive()).as("run alive; output:\n" + tail(Files.readString(log))).isTrue();
                assertThat(System.nanoTime()).as("'" + text + "' within " + timeout).isLessThan(deadline);
                Thread.sleep(500);
            }
        }

        /** SIGINT to the run's whole process group, as Ctrl-C in its terminal sends it. */
        void interruptLikeATerminal() throws Exception {
            Process kill = new ProcessBuilder("kill", "-INT", "--", "-" + process.pid()).inheritIO().start();
            assertThat(kill.waitFor()).as("kill -INT to process group " + process.pid()).isZero();
        }

        void awaitExit(Duration timeout) throws Exception {
            boolean exited = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
            if (!exited) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            watcher.join(2_000);
            String output = Files.readString(log);
            assertThat(exited).as("local run ended by itself; output:\n" + tail(output)).isTrue();
            assertThat(process.exitValue()).as("exit code; output:\n" + tail(output)).isZero();
            assertThat(descendants).as("processes the run started (Kafka, LocalStack, CDK CLI)").isNotEmpty();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (descendants.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            List<String> orphans = descendants.stream().filter(ProcessHandle::isAlive)
                    .map(h -> h.pid() + " " + h.info().commandLine().orElse("?")).toList();
            orphans.forEach(o -> ProcessHandle.of(Long.parseLong(o.split(" ")[0])).ifPresent(ProcessHandle::destroyForcibly));
            assertThat(orphans).as("orphan processes after the run").isEmpty();
            assertThat(output).contains("==== summary ====", "stopped: job cancelled");
        }

        private static String tail(String s) {
            return s.substring(Math.max(0, s.length() - 6000));
        }
    }
}
