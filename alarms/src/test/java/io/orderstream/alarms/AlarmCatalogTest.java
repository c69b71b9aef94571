package io.orderstream.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderstream.job.metrics.Metric;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The catalog against /work/shared/spec/alarms.md: ids, severities, thresholds, routing, silence. */
class AlarmCatalogTest {

    private final AlarmCatalog catalog = AlarmCatalog.defaults();

    /** The spec's table: id, severity, comparison, threshold (in the signal's unit). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "dlq-spike-critical,                 CRITICAL, GREATER_THAN,          100",
            "checkpoint-failure-critical,        CRITICAL, GREATER_THAN,          0",
            "kafka-broker-down-critical,         CRITICAL, LESS_THAN,             3",
            "firehose-delivery-failure-critical, CRITICAL, GREATER_THAN,          0",
            "kafka-consumer-lag-high,            HIGH,     GREATER_THAN,          50000",
            "processing-latency-slo-breach,      HIGH,     GREATER_THAN,          5000",
            "window-completeness-low,            HIGH,     LESS_THAN,             95",
            "memory-usage-high,                  MEDIUM,   GREATER_THAN,          85",
            "checkpoint-duration-high,           MEDIUM,   GREATER_THAN,          30000",
            "consumer-lag-growing,               MEDIUM,   GREATER_THAN,          100",
            "consumer-not-consuming,             HIGH,     GREATER_THAN_OR_EQUAL, 1",
            "partition-lag-skew,                 MEDIUM,   GREATER_THAN,          4",
            "drain-eta-breached,                 CRITICAL, GREATER_THAN,          1800",
            "dlq-error-rate-high,                HIGH,     GREATER_THAN,          10",
            "watermark-stuck,                    HIGH,     GREATER_THAN,          300000",
            "job-down,                           CRITICAL, LESS_THAN,             1",
    })
    void everySpecAlarmHasTheSpecsSeverityAndThreshold(String id, Severity severity, Comparison comparison,
                                                       double threshold) {
        AlarmDefinition alarm = catalog.byId(id);
        assertThat(alarm.severity()).isEqualTo(severity);
        assertThat(alarm.comparison()).isEqualTo(comparison);
        assertThat(alarm.threshold()).isEqualTo(threshold);
        assertThat(alarm.runbook()).isEqualTo("runbooks/" + id + ".md");
        assertThat(alarm.description()).contains("runbooks/" + id + ".md").contains(alarm.firstTriageStep())
                .startsWith("[" + severity + "]");
        assertThat(alarm.description().length()).isLessThanOrEqualTo(1024);
    }

    @Test
    void theCatalogHasExactlyTheSpecsAlarms() {
        assertThat(catalog.all()).extracting(AlarmDefinition::id).containsExactlyInAnyOrder(
                "dlq-spike-critical", "checkpoint-failure-critical", "kafka-broker-down-critical",
                "firehose-delivery-failure-critical", "kafka-consumer-lag-high", "processing-latency-slo-breach",
                "window-completeness-low", "memory-usage-high", "checkpoint-duration-high", "consumer-lag-growing",
                "consumer-not-consuming", "partition-lag-skew", "drain-eta-breached", "dlq-error-rate-high",
                "watermark-stuck", "job-down");
    }

    @Test
    void criticalAndHighPageMediumTickets() {
        for (AlarmDefinition a : catalog.all()) {
            Routing expected = a.severity() == Severity.MEDIUM ? Routing.TICKET : Routing.PAGE;
            assertThat(a.routing()).as(a.id()).isEqualTo(expected);
        }
        assertThat(catalog.routedTo(Routing.TICKET)).extracting(AlarmDefinition::id).containsExactlyInAnyOrder(
                "memory-usage-high", "checkpoint-duration-high", "consumer-lag-growing", "partition-lag-skew");
    }

    @Test
    void everyMetricIsTheJobsContractOrANamedPlatformMetric() {
        Set<String> contract = Arrays.stream(Metric.values()).map(Metric::metricName).collect(Collectors.toSet());
        for (AlarmDefinition a : catalog.all()) {
            for (MetricQuery m : a.signal().metrics()) {
                if (m.isPlatform()) {
                    assertThat(m.namespace()).as(a.id()).isIn("AWS/Kafka", "AWS/Firehose", "AWS/KinesisAnalytics");
                    assertThat(m.metricName()).isEqualTo(m.platformMetric().metricName());
                    assertThat(m.dimensions().keySet()).containsExactlyInAnyOrderElementsOf(
                            m.platformMetric().dimensionNames());
                } else {
                    assertThat(m.namespace()).as(a.id()).isEqualTo(Metric.NAMESPACE);
                    assertThat(contract).as(a.id()).contains(m.metricName());
                }
            }
        }
    }

    @Test
    void silencePagesOnceThroughJobDown() {
        // job-down is the job's Heartbeat, single metric (LocalStack drills it), missing data breaching.
        AlarmDefinition jobDown = catalog.byId("job-down");
        assertThat(jobDown.missingData()).isEqualTo(MissingData.BREACHING);
        assertThat(jobDown.signal().isExpression()).isFalse();
        assertThat(jobDown.signal().metric().jobMetric()).isEqualTo(Metric.HEARTBEAT);
        assertThat(jobDown.comparison()).isEqualTo(Comparison.LESS_THAN);
        // Platform health signals report whether or not the job runs: their silence breaches.
        for (String id : List.of("kafka-broker-down-critical", "kafka-consumer-lag-high", "drain-eta-breached",
                "consumer-not-consuming")) {
            assertThat(catalog.byId(id).missingData()).as(id).isEqualTo(MissingData.BREACHING);
        }
        // Every other alarm on the job's own metrics is quiet when no orders flow: a quiet night does not page.
        for (AlarmDefinition a : catalog.all()) {
            boolean jobSignalsOnly = a.signal().metrics().stream().allMatch(m -> m.jobMetric() != null);
            if (jobSignalsOnly && !a.id().equals("job-down")) {
                assertThat(a.missingData()).as(a.id()).isEqualTo(MissingData.NOT_BREACHING);
            }
        }
    }

    @Test
    void latencyIsP99OfTheDistribution() {
        MetricQuery m = catalog.byId("processing-latency-slo-breach").signal().metric();
        assertThat(m.jobMetric()).isEqualTo(Metric.PROCESSING_LATENCY);
        assertThat(m.statistic()).isEqualTo("p99");
    }

    @Test
    void brokerDownCountsEveryBrokerOfOrderProcessing() {
        Signal s = catalog.byId("kafka-broker-down-critical").signal();
        assertThat(s.usingMetrics()).hasSize(3);
        assertThat(s.usingMetrics().values()).allSatisfy(m -> {
            assertThat(m.namespace()).isEqualTo("AWS/Kafka");
            assertThat(m.dimensions()).containsEntry("Cluster Name", "OrderProcessing").containsKey("Broker ID");
        });
        assertThat(s.usingMetrics().values()).extracting(m -> m.dimensions().get("Broker ID"))
                .containsExactly("1", "2", "3");
        assertThat(s.expression()).contains("FILL(broker1, -1)").contains("FILL(broker3, -1)");
    }

    @Test
    void lagAlarmsReadTheGroupAndTopic() {
        for (String id : List.of("kafka-consumer-lag-high", "consumer-lag-growing", "partition-lag-skew",
                "drain-eta-breached", "consumer-not-consuming")) {
            MetricQuery lag = catalog.byId(id).signal().metrics().stream().filter(MetricQuery::isPlatform)
                    .findFirst().orElseThrow();
            assertThat(lag.dimensions()).as(id).containsEntry("Cluster Name", "OrderProcessing")
                    .containsEntry("Consumer Group", "order-processor").containsEntry("Topic", "orders.raw");
        }
    }

    @Test
    void expressionsOnlyNameTheirMetricsAndShareOnePeriod() {
        for (AlarmDefinition a : catalog.all()) {
            Signal s = a.signal();
            if (!s.isExpression()) {
                continue;
            }
            for (String id : s.usingMetrics().keySet()) {
                assertThat(id).as(a.id()).matches("[a-z][a-zA-Z0-9_]*");
                assertThat(s.expression()).as(a.id()).contains(id);
            }
            assertThat(s.usingMetrics().values()).extracting(MetricQuery::period).containsOnly(s.period());
        }
    }

    @Test
    void idsAreUnique() {
        assertThat(catalog.all()).extracting(AlarmDefinition::id).doesNotHaveDuplicates();
    }
}
