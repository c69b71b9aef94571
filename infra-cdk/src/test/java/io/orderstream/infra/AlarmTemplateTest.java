package io.orderstream.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderstream.alarms.AlarmDefinition;
import io.orderstream.alarms.MetricQuery;
import io.orderstream.alarms.PlatformMetric;
import io.orderstream.alarms.Routing;
import io.orderstream.job.metrics.Metric;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every catalog alarm in the monitoring template, exactly as the catalog defines it. */
@SuppressWarnings("unchecked")
class AlarmTemplateTest {

    private final Map<String, Object> template = Synth.json(Synth.stacks().monitoring());
    private final Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) template.get("Resources");

    private Map<String, Map<String, Object>> ofType(String type) {
        Map<String, Map<String, Object>> out = new HashMap<>();
        resources.forEach((id, r) -> {
            if (type.equals(r.get("Type"))) {
                out.put(id, (Map<String, Object>) r.get("Properties"));
            }
        });
        return out;
    }

    private String topicLogicalId(Routing routing) {
        return ofType("AWS::SNS::Topic").entrySet().stream()
                .filter(e -> Names.alarmTopic(routing).equals(e.getValue().get("TopicName")))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    private Map<String, Object> alarm(String name) {
        return ofType("AWS::CloudWatch::Alarm").values().stream().filter(p -> name.equals(p.get("AlarmName")))
                .findFirst().orElseThrow(() -> new AssertionError("no alarm " + name));
    }

    @Test
    void everyCatalogAlarmAndNothingElse() {
        Set<String> names = ofType("AWS::CloudWatch::Alarm").values().stream().map(p -> (String) p.get("AlarmName"))
                .collect(Collectors.toSet());
        assertThat(names).containsExactlyInAnyOrderElementsOf(
                Synth.stacks().catalog().all().stream().map(AlarmDefinition::id).toList());
        assertThat(names).hasSize(16);
    }

    @Test
    void everyAlarmMatchesItsCatalogDefinition() {
        for (AlarmDefinition def : Synth.stacks().catalog().all()) {
            Map<String, Object> p = alarm(def.id());
            String id = def.id();
            assertThat(p.get("ComparisonOperator")).as(id).isEqualTo(def.comparison().cloudFormationName());
            assertThat(((Number) p.get("Threshold")).doubleValue()).as(id).isEqualTo(def.threshold());
            assertThat(p.get("EvaluationPeriods")).as(id).isEqualTo(def.evaluationPeriods());
            assertThat(p.get("DatapointsToAlarm")).as(id).isEqualTo(def.datapointsToAlarm());
            assertThat(p.get("TreatMissingData")).as(id).isEqualTo(def.missingData().cloudFormationName());
            assertThat(p.get("AlarmDescription")).as(id).isEqualTo(def.description());
            assertThat((String) p.get("AlarmDescription")).contains("runbooks/" + id + ".md");
            assertThat(p.get("ActionsEnabled")).as(id).isEqualTo(true);
            Map<String, Object> ref = Map.of("Ref", topicLogicalId(def.routing()));
            assertThat((List<Object>) p.get("AlarmActions")).as(id).containsExactly(ref);
            assertThat((List<Object>) p.get("OKActions")).as(id).containsExactly(ref);
            assertThat(p).as(id).doesNotContainKey("InsufficientDataActions");

            if (!def.signal().isExpression()) {
                MetricQuery m = def.signal().metric();
                assertThat(p.get("Namespace")).as(id).isEqualTo(m.namespace());
                assertThat(p.get("MetricName")).as(id).isEqualTo(m.metricName());
                assertThat(p.get("Period")).as(id).isEqualTo((int) m.period().toSeconds());
                assertThat(dimensions((List<Object>) p.get("Dimensions"))).as(id).isEqualTo(m.dimensions());
                if (m.statistic().startsWith("p")) {
                    assertThat(p.get("ExtendedStatistic")).as(id).isEqualTo(m.statistic());
                } else {
                    assertThat(p.get("Statistic")).as(id).isEqualTo(m.statistic());
                }
            } else {
                List<Map<String, Object>> metrics = (List<Map<String, Object>>) p.get("Metrics");
                Map<String, Object> expression = metrics.stream().filter(q -> q.containsKey("Expression"))
                        .findFirst().orElseThrow();
                assertThat(expression.get("Expression")).as(id).isEqualTo(def.signal().expression());
                assertThat(metrics.stream().filter(q -> !Boolean.FALSE.equals(q.get("ReturnData")))).as(id).hasSize(1);
                assertThat(metrics).as(id).hasSize(def.signal().usingMetrics().size() + 1);
                def.signal().usingMetrics().forEach((mid, m) -> {
                    Map<String, Object> q = metrics.stream().filter(x -> mid.equals(x.get("Id"))).findFirst()
                            .orElseThrow(() -> new AssertionError(id + ": no metric " + mid));
                    Map<String, Object> stat = (Map<String, Object>) q.get("MetricStat");
                    Map<String, Object> metric = (Map<String, Object>) stat.get("Metric");
                    assertThat(metric.get("Namespace")).as(id + "." + mid).isEqualTo(m.namespace());
                    assertThat(metric.get("MetricName")).as(id + "." + mid).isEqualTo(m.metricName());
                    assertThat(dimensions((List<Object>) metric.get("Dimensions"))).as(id + "." + mid)
                            .isEqualTo(m.dimensions());
                    assertThat(stat.get("Stat")).as(id + "." + mid).isEqualTo(m.statistic());
                    assertThat(stat.get("Period")).as(id + "." + mid).isEqualTo((int) m.period().toSeconds());
                    assertThat(q.get("ReturnData")).isEqualTo(false);
                });
            }
        }
    }

    @Test
    void everyMetricAnAlarmUsesIsInTheContractOrANamedPlatformMetric() {
        Set<String> contract = Arrays.stream(Metric.values()).map(Metric::metricName).collect(Collectors.toSet());
        Set<String> platform = Arrays.stream(PlatformMetric.values()).map(p -> p.namespace() + "/" + p.metricName())
                .collect(Collectors.toSet());
        for (Map<String, Object> p : ofType("AWS::CloudWatch::Alarm").values()) {
            List<Map<String, Object>> metrics = p.containsKey("Metrics")
                    ? ((List<Map<String, Object>>) p.get("Metrics")).stream()
                            .filter(q -> q.containsKey("MetricStat"))
                            .map(q -> (Map<String, Object>) ((Map<String, Object>) q.get("MetricStat")).get("Metric"))
                            .toList()
                    : List.of(p);
            for (Map<String, Object> m : metrics) {
                String ns = (String) m.get("Namespace");
                String name = (String) m.get("MetricName");
                if (ns.equals(Metric.NAMESPACE)) {
                    assertThat(contract).as(p.get("AlarmName") + " " + name).contains(name);
                } else {
                    assertThat(platform).as(p.get("AlarmName") + " " + ns + "/" + name).contains(ns + "/" + name);
                }
            }
        }
    }

    @Test
    void pagingTopicsAreEncryptedAndSubscribed() {
        Map<String, Map<String, Object>> topics = ofType("AWS::SNS::Topic");
        assertThat(topics).hasSize(2);
        topics.values().forEach(t -> assertThat(t).containsKey("KmsMasterKeyId"));
        List<Map<String, Object>> subs = List.copyOf(ofType("AWS::SNS::Subscription").values());
        assertThat(subs).anySatisfy(s -> {
            assertThat(s.get("Protocol")).isEqualTo("email");
            assertThat(s.get("Endpoint")).isEqualTo("oncall@example.com");
            assertThat(s.get("TopicArn")).isEqualTo(Map.of("Ref", topicLogicalId(Routing.PAGE)));
        });
        assertThat(subs).anySatisfy(s -> {
            assertThat(s.get("Protocol")).isEqualTo("https");
            assertThat(s.get("TopicArn")).isEqualTo(Map.of("Ref", topicLogicalId(Routing.PAGE)));
        });
        assertThat(subs).anySatisfy(s -> {
            assertThat(s.get("Endpoint")).isEqualTo("tickets@example.com");
            assertThat(s.get("TopicArn")).isEqualTo(Map.of("Ref", topicLogicalId(Routing.TICKET)));
        });
    }

    @Test
    void dashboardAndRunbookQueries() {
        assertThat(ofType("AWS::CloudWatch::Dashboard")).hasSize(1);
        String body = template.get("Resources").toString();
        for (Metric m : Metric.values()) {
            assertThat(body).as(m.metricName()).contains(m.metricName());
        }
        Map<String, Map<String, Object>> queries = ofType("AWS::Logs::QueryDefinition");
        assertThat(queries.values()).extracting(q -> q.get("Name")).contains("orderstream/dlq-by-error-type",
                "orderstream/operator-latency", "orderstream/late-records-by-window");
        queries.values().forEach(q -> assertThat(q.get("LogGroupNames")).isEqualTo(List.of("ecommerce-streaming")));
    }

    private static Map<String, String> dimensions(List<Object> dims) {
        Map<String, String> out = new HashMap<>();
        if (dims != null) {
            for (Object o : dims) {
                Map<String, Object> d = (Map<String, Object>) o;
                out.put((String) d.get("Name"), (String) d.get("Value"));
            }
        }
        return out;
    }
}
