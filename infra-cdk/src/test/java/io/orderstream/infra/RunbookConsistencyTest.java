package io.orderstream.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderstream.alarms.AlarmDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runbooks (runbooks/*.md) and the product agree: one runbook per catalog alarm and no other; every
 * metric, dimension, log field, saved query, resource name, config key and class a runbook uses is the
 * one the job, the alarm catalog and the CDK app define; every alarm description links its runbook.
 * Conventions: runbooks/README.md, section "Conventions".
 */
@SuppressWarnings("unchecked")
class RunbookConsistencyTest {

    private static RunbookNames names;
    private static RunbookChecker checker;
    private static Map<String, String> runbooks;

    @BeforeAll
    static void load() throws IOException {
        names = RunbookNames.fromApp();
        checker = new RunbookChecker(names);
        Path dir = names.repoRoot().resolve("runbooks");
        assertThat(dir).as("runbooks/ directory").isDirectory();
        runbooks = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.toString().endsWith(".md"))
                    .forEach(f -> runbooks.put(f.getFileName().toString(), RunbookChecker.read(f)));
        }
    }

    @Test
    void everyAlarmHasARunbookAndEveryRunbookAnAlarm() {
        Set<String> alarmFiles = runbooks.keySet().stream().filter(f -> !RunbookNames.NON_ALARM_FILES.contains(f))
                .map(f -> f.substring(0, f.length() - 3)).collect(Collectors.toCollection(LinkedHashSet::new));
        assertThat(alarmFiles).as("runbooks/<alarm-id>.md files vs AlarmCatalog ids")
                .containsExactlyInAnyOrderElementsOf(names.alarmIds());
        assertThat(runbooks).containsKeys("README.md", "incident-response.md", "drills.md");
    }

    @Test
    void theIndexListsEveryAlarmWithItsSeverityAndRouting() {
        String index = runbooks.get("README.md");
        List<String> problems = new ArrayList<>();
        for (AlarmDefinition def : names.catalog().all()) {
            String row = "| [`" + def.id() + "`](" + def.id() + ".md) | " + def.severity() + " | ";
            int at = index.indexOf(row);
            if (at < 0) {
                problems.add("README.md: no index row starting '" + row + "'");
                continue;
            }
            String line = index.substring(at, index.indexOf('\n', at));
            if (!line.contains("`" + names.topicOf(def) + "`")) {
                problems.add("README.md: " + def.id() + " routes to " + names.topicOf(def) + ": " + line);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void alarmDescriptionsLinkTheirRunbookAndTheFileExists() {
        List<String> problems = new ArrayList<>();
        for (AlarmDefinition def : names.catalog().all()) {
            if (!def.description().contains("Runbook: " + def.runbook() + ".")) {
                problems.add(def.id() + ": catalog description does not link " + def.runbook());
            }
            if (!Files.isRegularFile(names.repoRoot().resolve(def.runbook()))) {
                problems.add(def.id() + ": " + def.runbook() + " does not exist");
            }
        }
        Map<String, Object> template = Synth.json(Synth.stacks().monitoring());
        Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) template.get("Resources");
        Map<String, String> described = new HashMap<>();
        resources.values().stream().filter(r -> "AWS::CloudWatch::Alarm".equals(r.get("Type")))
                .map(r -> (Map<String, Object>) r.get("Properties"))
                .forEach(p -> described.put((String) p.get("AlarmName"), (String) p.get("AlarmDescription")));
        assertThat(described.keySet()).containsExactlyInAnyOrderElementsOf(names.alarmIds());
        described.forEach((alarm, description) -> {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("Runbook: (runbooks/[a-z0-9-]+\\.md)\\.")
                    .matcher(description);
            if (!m.find()) {
                problems.add(alarm + ": synthesized description has no runbook link: " + description);
            } else if (!m.group(1).equals("runbooks/" + alarm + ".md")) {
                problems.add(alarm + ": synthesized description links " + m.group(1));
            } else if (!Files.isRegularFile(names.repoRoot().resolve(m.group(1)))) {
                problems.add(alarm + ": " + m.group(1) + " (from the synthesized description) does not exist");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyRunbookUsesOnlyTheProductsNames() {
        List<String> problems = new ArrayList<>();
        runbooks.forEach((file, text) -> problems.addAll(checker.check(file, text)));
        assertThat(problems).isEmpty();
    }

    @Test
    void savedQueriesReadOnlyLogFieldsAndEventNamesOfTheJob() {
        List<String> problems = new ArrayList<>();
        assertThat(names.savedQueries().keySet()).as("deployed saved queries vs RunbookQueries.QUERIES")
                .containsExactlyInAnyOrderElementsOf(RunbookNames.constructQueries().keySet().stream()
                        .map(n -> "orderstream/" + n).toList());
        names.savedQueries().forEach((name, query) -> {
            for (String field : RunbookChecker.fieldsOf(query)) {
                if (!names.logFields().contains(field) && !RunbookNames.ENVELOPE_FIELDS.contains(field)) {
                    problems.add(name + ": field " + field + " is not an io.orderstream.job.metrics.LogField");
                }
            }
            for (String event : RunbookChecker.eventLiterals(query)) {
                if (!names.logEvents().contains(event)) {
                    problems.add(name + ": event \"" + event + "\" is not a LogEvents.Kind wire name");
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everySavedQueryIsUsedByARunbook() {
        String all = String.join("\n", runbooks.values());
        assertThat(names.savedQueries().keySet().stream().filter(q -> !all.contains(q)).toList())
                .as("saved queries no runbook uses").isEmpty();
    }

    /** The checks must see drift: each deliberate change of a correct runbook is reported. */
    @Test
    void driftIsDetected() {
        String file = "dlq-spike-critical.md";
        String text = runbooks.get(file);
        assertThat(checker.check(file, text)).isEmpty();
        Map<String, String> drifts = new java.util.LinkedHashMap<>();
        drifts.put("renamed metric in a command", text.replace("--metric-name DLQRecordCount", "--metric-name DLQRecordCounts"));
        drifts.put("renamed metric in prose", text.replace("`DLQRecordCount`", "`DlqRecordCount`"));
        drifts.put("wrong dimension value in a loop", text.replace("for t in parse_error ", "for t in parse_errors "));
        drifts.put("renamed delivery stream", text.replace("order-dlq-firehose", "orders-dlq-firehose"));
        drifts.put("edited saved query", text.replace("| sort count desc", "| sort count asc"));
        drifts.put("unknown saved query", text.replace("orderstream/dlq-by-error-type", "orderstream/dlq-by-type"));
        drifts.put("wrong error type", text.replace("--type parse_error", "--type parse_errors"));
        drifts.put("DLQ tool's default prefix", text.replace("--prefix dlq/", "--prefix data/"));
        drifts.put("wrong severity", text.replace("| CRITICAL (SEV-1) |", "| HIGH (SEV-2) |"));
        drifts.put("wrong log group", text.replace("--log-group-name ecommerce-streaming", "--log-group-name ecommerce"));
        drifts.put("unknown config key", text.replace("`dedup.ttl`", "`dedup.time-to-live`"));
        drifts.put("unknown class", text.replace("io.orderstream.job.parse.OrderJsonParser", "io.orderstream.job.parse.OrderParser"));
        drifts.forEach((what, drifted) -> {
            assertThat(drifted).as(what + ": the drift applies to the runbook").isNotEqualTo(text);
            assertThat(checker.check(file, drifted)).as(what).isNotEmpty();
        });
    }
}
