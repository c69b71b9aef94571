package io.orderstream.local;

import io.orderstream.harness.MonitoringDeployment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

/** The state of every deployed alarm as LocalStack evaluates it (DescribeAlarms), and every transition seen. */
final class AlarmWatcher {
    record Transition(Instant at, String alarm, String from, String to, String reason) {}

    private final MonitoringDeployment monitoring;
    private final Map<String, String> states = new TreeMap<>();
    private final Map<String, String> firstSeen = new TreeMap<>();
    private final Map<String, String> notEvaluated = new TreeMap<>();
    private final TreeSet<String> everInAlarm = new TreeSet<>();
    private final List<Transition> transitions = new ArrayList<>();

    AlarmWatcher(MonitoringDeployment monitoring) {
        this.monitoring = monitoring;
    }

    /** Reads the states; returns the transitions since the last poll. */
    synchronized List<Transition> poll() {
        List<Transition> fresh = new ArrayList<>();
        for (MetricAlarm a : monitoring.alarms().values()) {
            String name = a.alarmName();
            String state = a.stateValueAsString();
            if (!MonitoringDeployment.evaluatedByLocalStack(a)) {
                notEvaluated.put(name, a.metrics().isEmpty() ? "p99 (ExtendedStatistic)" : "metric math");
            } else if (a.namespace() != null && a.namespace().startsWith("AWS/")) {
                notEvaluated.put(name, "platform metric " + a.namespace() + ": not published locally (no MSK, MSF)");
            }
            firstSeen.putIfAbsent(name, state);
            String before = states.put(name, state);
            if (before != null && !before.equals(state)) {
                Transition t = new Transition(Instant.now(), name, before, state, a.stateReason());
                transitions.add(t);
                fresh.add(t);
            }
            if ("ALARM".equals(state) && !notEvaluated.containsKey(name)) {
                everInAlarm.add(name);
            }
        }
        return fresh;
    }

    /** One compact line: alarms in ALARM, then counts of the others. */
    synchronized String line() {
        List<String> firing = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        Map<String, Integer> others = new TreeMap<>();
        int unevaluated = 0;
        for (Map.Entry<String, String> e : states.entrySet()) {
            String reason = notEvaluated.get(e.getKey());
            if (reason != null && reason.startsWith("platform")) {
                expected.add(e.getKey() + "=" + e.getValue());
            } else if (reason != null) {
                unevaluated++;
            } else if ("ALARM".equals(e.getValue())) {
                firing.add(e.getKey());
            } else {
                others.merge(e.getValue(), 1, Integer::sum);
            }
        }
        return "alarms: " + (firing.isEmpty() ? "none in ALARM" : "ALARM " + String.join(", ", firing))
                + (others.isEmpty() ? "" : " | " + others.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                        .collect(Collectors.joining(", ")))
                + " | " + unevaluated + " not evaluated by LocalStack (metric math, p99)"
                + (expected.isEmpty() ? "" : " | no MSK locally: " + String.join(", ", expected));
    }

    synchronized Map<String, String> states() {
        return new LinkedHashMap<>(states);
    }

    /** The state of each alarm at the first poll (right after the deploy, before traffic). */
    synchronized Map<String, String> firstSeen() {
        return new LinkedHashMap<>(firstSeen);
    }

    synchronized Map<String, String> notEvaluated() {
        return new LinkedHashMap<>(notEvaluated);
    }

    synchronized List<Transition> transitions() {
        return List.copyOf(transitions);
    }

    /** Evaluated alarms that were in ALARM at some poll. */
    synchronized List<String> everInAlarm() {
        return List.copyOf(everInAlarm);
    }
}
