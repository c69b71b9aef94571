package io.orderstream.drills;

import io.orderstream.harness.RepoRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What each drill measured: the table CI prints and docs/DRILL-RESULTS.md keeps (the latest run).
 * Times are wall-clock seconds on the machine that ran the drills, with 10-second alarm periods.
 */
final class DrillResults {
    /** One drill: the alarm, its fault, seconds to ALARM, where the page went, seconds back to OK. */
    record Row(String alarm, String fault, long secondsToAlarm, String pageTopic, long secondsToOk) {}

    private final List<Row> rows = new ArrayList<>();

    synchronized void add(String alarm, String fault, Instant faultAt, Instant alarmAt, String pageTopic,
                          Instant clearedAt, Instant okAt) {
        rows.add(new Row(alarm, fault, Duration.between(faultAt, alarmAt).toSeconds(), pageTopic,
                Duration.between(clearedAt, okAt).toSeconds()));
    }

    synchronized String table() {
        StringBuilder t = new StringBuilder()
                .append("| alarm | fault | seconds to ALARM | page received on | seconds back to OK |\n")
                .append("| --- | --- | --- | --- | --- |\n");
        for (Row r : rows) {
            t.append("| `").append(r.alarm()).append("` | ").append(r.fault()).append(" | ").append(r.secondsToAlarm())
                    .append(" | `").append(r.pageTopic()).append("` | ").append(r.secondsToOk()).append(" |\n");
        }
        return t.toString();
    }

    /** Prints the table and writes it to docs/DRILL-RESULTS.md when every default drill ran. */
    synchronized void publish(int expectedRows) throws IOException {
        String table = table();
        System.out.println("Alarm drills (LocalStack, 10-second alarm periods):\n" + table);
        if (rows.size() < expectedRows) {
            return; // a single drill run alone must not overwrite the full table
        }
        Path doc = RepoRoot.find().resolve("docs/DRILL-RESULTS.md");
        Files.writeString(doc, "# Alarm drill results (latest run)\n\n"
                + "Written by `io.orderstream.drills.AlarmDrillsIT` at " + Instant.now() + " (see docs/DRILLS.md):\n"
                + "the monitoring stack deployed to LocalStack with the CDK CLI and `drillPeriodSeconds=10`, the real\n"
                + "job on a MiniCluster, one fault per alarm. Seconds are wall-clock on the machine that ran them.\n\n"
                + table);
    }
}
