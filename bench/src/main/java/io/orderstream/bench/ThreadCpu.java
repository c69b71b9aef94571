package io.orderstream.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this process by thread group, read from {@code /proc/self/task}: Flink's task threads
 * by stage, and the native threads no Java API sees, RocksDB's compactions ({@code rocksdb:low}) and
 * flushes ({@code rocksdb:high}). A soak that falls behind shows here which part took the cores.
 *
 * <p>A thread's group is its kernel name (15 characters at most, so {@code dedup -> enrich} for the
 * dedup chain) without the subtask or pool number at its end. Threads that ended since the start are
 * not counted, so the groups of short-lived threads are understated; the long-lived ones that matter
 * here (task threads, RocksDB's pools) are not. Linux only; elsewhere every reading is empty.
 */
final class ThreadCpu {
    private static final Path TASKS = Path.of("/proc/self/task");
    /** Kernel clock ticks per second ({@code getconf CLK_TCK}); 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Map<String, Long> ticksAtStart;

    private ThreadCpu(Map<String, Long> ticksAtStart) {
        this.ticksAtStart = ticksAtStart;
    }

    static ThreadCpu start() {
        return new ThreadCpu(ticksByGroup());
    }

    /** CPU seconds per group since {@link #start()}, groups under 1 % of the total left out, largest first. */
    Map<String, Double> secondsSinceStart() {
        Map<String, Long> now = ticksByGroup();
        Map<String, Long> delta = new HashMap<>();
        now.forEach((group, ticks) -> delta.put(group, ticks - ticksAtStart.getOrDefault(group, 0L)));
        long total = delta.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Double> seconds = new LinkedHashMap<>();
        delta.entrySet().stream()
                .filter(e -> e.getValue() > 0 && e.getValue() * 100 >= total)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> seconds.put(e.getKey(), EndToEndBench.round(e.getValue() / TICKS_PER_SECOND)));
        return seconds;
    }

    private static Map<String, Long> ticksByGroup() {
        Map<String, Long> ticks = new TreeMap<>();
        if (!Files.isDirectory(TASKS)) {
            return ticks;
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    ticks.merge(group(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))), userPlusSystemTicks(stat),
                            Long::sum);
                } catch (IOException | RuntimeException ended) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException listingFailed) {
            // what was read so far
        }
        return ticks;
    }

    /** Fields 14 and 15 of {@code stat} (utime, stime), counted after the name, which may hold spaces. */
    static long userPlusSystemTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /**
     * {@code rocksdb:low3} → {@code rocksdb:low}, {@code GC Thread#1} → {@code GC Thread},
     * {@code aggregate (1/2)} and {@code pre-aggregate (} (cut at 15 characters) → their stage name.
     */
    static String group(String threadName) {
        String g = threadName.replaceFirst("\\s*\\([\\d/]*\\)?$", "")
                .replaceFirst("#?\\d+$", "")
                .replaceFirst("[\\s>-]+$", "");
        return g.isEmpty() ? threadName : g;
    }
}
