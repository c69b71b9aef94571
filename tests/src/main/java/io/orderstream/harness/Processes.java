package io.orderstream.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Small helpers shared by the harness classes that run external processes. */
final class Processes {
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Processes() {}

    /**
     * Destroys a process and all its descendants, then waits for them. The descendants matter:
     * LocalStack spawns helper processes, and a broker that outlives the test JVM would keep its
     * ports and data dir locked.
     */
    static void destroyTree(Process process, Duration gracePeriod) {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = process.descendants().collect(Collectors.toList());
        all.add(0, process.toHandle());
        // Polite first (SIGTERM) so Kafka can close its logs cleanly, which keeps restart() fast.
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + gracePeriod.toNanos();
        for (ProcessHandle h : all) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    h.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            } catch (Exception ignored) {
                // fall through to the forced kill below
            }
        }
        for (ProcessHandle h : all) {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // a zombie we cannot reap is not worth failing a test over
            }
        }
    }

    /**
     * The command run in a session of its own ({@code setsid}) when the system has it. A Ctrl-C in a
     * terminal signals the whole foreground process group; without this the broker and LocalStack
     * would die with it, before the local run could drain what is in flight and print its summary.
     * {@code setsid} execs in place (the JVM's child is never a group leader), so the Process we get
     * back is still the service itself.
     */
    static List<String> inOwnSession(List<String> command) {
        if (!Files.isExecutable(SETSID)) {
            return command;
        }
        List<String> detached = new java.util.ArrayList<>(command.size() + 1);
        detached.add(SETSID.toString());
        detached.addAll(command);
        return detached;
    }

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    /** One readiness check of a starting service: true when it serves, false or an exception when not yet. */
    @FunctionalInterface
    interface ReadinessProbe {
        boolean ready() throws Exception;
    }

    /**
     * Polls {@code probe} every 250 ms until it answers true. Fails at once when the process exits
     * (with its log's tail, which says why) and after {@code timeout} with the probe's last error.
     */
    static void awaitReady(String name, Process process, Path logFile, Duration timeout, ReadinessProbe probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue()
                        + "; log " + logFile + ":\n" + tail(logFile, 60));
            }
            try {
                if (probe.ready()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            } catch (Exception e) {
                last = e;
            }
            sleep(250);
        }
        throw new IllegalStateException(name + " not ready after " + timeout.toSeconds()
                + " s (last error: " + last + "); log " + logFile + ":\n" + tail(logFile, 60));
    }

    /** Thread.sleep for polling loops: an interrupt ends the wait with an exception, flag kept. */
    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The last {@code maxLines} lines of a log file, for error messages. */
    static String tail(Path file, int maxLines) {
        try {
            if (!Files.exists(file)) {
                return "<no log file " + file + ">";
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(),
                    lines.subList(Math.max(0, lines.size() - maxLines), lines.size()));
        } catch (IOException e) {
            return "<cannot read " + file + ": " + e + ">";
        }
    }

    /**
     * A free TCP port on 127.0.0.1 that this JVM has not handed out before. Ports are picked before the
     * process that binds them starts, so two picks in a row could be the same port (seen: Toxiproxy
     * listening on the port its Kafka broker was about to bind). Still racy with other processes on the
     * machine, which is good enough for a test machine.
     */
    static int freePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1,
                    java.net.InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
                port = s.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException("cannot find a free port", e);
            }
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port that was not handed out before in 100 attempts");
    }
}
