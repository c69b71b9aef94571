package io.orderstream.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/**
 * Context {@code drillPeriodSeconds} (used by the alarm drills in tests/, io.orderstream.drills): every alarm's
 * period, and only the period, is replaced; without it the template is the catalog's (AlarmTemplateTest).
 */
@SuppressWarnings("unchecked")
class DrillPeriodTest {

    private static Map<String, Map<String, Object>> alarms(Map<String, Object> context) {
        App app = new App(AppProps.builder().context(context).build());
        OrderstreamApp.Stacks stacks = OrderstreamApp.build(app);
        return alarmsOf(new ObjectMapper().convertValue(Template.fromStack(stacks.monitoring()).toJSON(), Map.class));
    }

    private static Map<String, Map<String, Object>> alarmsOf(Map<String, Object> template) {
        Map<String, Map<String, Object>> out = new HashMap<>();
        ((Map<String, Map<String, Object>>) template.get("Resources")).values().forEach(r -> {
            if ("AWS::CloudWatch::Alarm".equals(r.get("Type"))) {
                Map<String, Object> p = (Map<String, Object>) r.get("Properties");
                out.put((String) p.get("AlarmName"), p);
            }
        });
        return out;
    }

    /** The alarm's properties with every period (alarm and metric-math MetricStat) replaced by "P". */
    private static Object withoutPeriods(Object node) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> copy = new HashMap<>();
            m.forEach((k, v) -> copy.put((String) k, "Period".equals(k) ? "P" : withoutPeriods(v)));
            return copy;
        }
        if (node instanceof List<?> l) {
            return l.stream().map(DrillPeriodTest::withoutPeriods).toList();
        }
        return node;
    }

    private static void collectPeriods(Object node, List<Object> out) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if ("Period".equals(k)) {
                    out.add(v);
                } else {
                    collectPeriods(v, out);
                }
            });
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collectPeriods(v, out));
        }
    }

    @Test
    void drillPeriodReplacesEveryAlarmPeriodAndNothingElse() {
        Map<String, Map<String, Object>> production = alarmsOf(Synth.json(Synth.stacks().monitoring()));
        Map<String, Object> drillContext = new HashMap<>(Synth.CONTEXT);
        drillContext.put("drillPeriodSeconds", "10");
        Map<String, Map<String, Object>> drill = alarms(drillContext);

        assertThat(drill.keySet()).containsExactlyInAnyOrderElementsOf(production.keySet()).hasSize(16);
        drill.forEach((name, p) -> {
            List<Object> periods = new java.util.ArrayList<>();
            collectPeriods(p, periods);
            assertThat(periods).as(name).isNotEmpty().allMatch(v -> ((Number) v).intValue() == 10);
            assertThat(withoutPeriods(p)).as(name).isEqualTo(withoutPeriods(production.get(name)));
        });
        List<Object> productionPeriods = new java.util.ArrayList<>();
        production.values().forEach(p -> collectPeriods(p, productionPeriods));
        assertThat(productionPeriods).as("off by default").allMatch(v -> ((Number) v).intValue() >= 60);
    }

    @Test
    void drillPeriodMustBeACloudWatchAlarmPeriod() {
        Map<String, Object> context = new HashMap<>(Synth.CONTEXT);
        context.put("drillPeriodSeconds", "7");
        assertThatThrownBy(() -> alarms(context)).hasMessageContaining("drillPeriodSeconds");
    }
}
