package io.orderstream.infra.constructs;

import io.orderstream.alarms.AlarmCatalog;
import io.orderstream.alarms.AlarmDefinition;
import io.orderstream.alarms.MetricQuery;
import io.orderstream.alarms.Signal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.constructs.Construct;

/**
 * Every alarm of the catalog, created from it and nothing else: name = the catalog id, description =
 * severity, runbook and first triage step, ALARM and OK actions to the topic of the severity's routing.
 */
public final class CatalogAlarms extends Construct {

    /**
     * Props.
     *
     * @param drillPeriod null (production), or the period that replaces every alarm's period for alarm drills
     *        (context {@code drillPeriodSeconds}); everything else stays the catalog's
     */
    public record Props(AlarmCatalog catalog, PagingTopics topics, java.time.Duration drillPeriod) {
        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private AlarmCatalog catalog;
            private PagingTopics topics;
            private java.time.Duration drillPeriod;

            public Builder catalog(AlarmCatalog v) { catalog = v; return this; }
            public Builder topics(PagingTopics v) { topics = v; return this; }
            public Builder drillPeriod(java.time.Duration v) { drillPeriod = v; return this; }

            public Props build() {
                return new Props(Objects.requireNonNull(catalog, "catalog"), Objects.requireNonNull(topics, "topics"),
                        drillPeriod);
            }
        }
    }

    private final Map<String, Alarm> alarms = new LinkedHashMap<>();

    public CatalogAlarms(Construct scope, String id, Props props) {
        super(scope, id);
        for (AlarmDefinition def : props.catalog().all()) {
            Alarm alarm = Alarm.Builder.create(this, def.id())
                    .alarmName(def.id())
                    .alarmDescription(def.description())
                    .metric(metricOf(def.signal(), props.drillPeriod()))
                    .evaluationPeriods(def.evaluationPeriods())
                    .datapointsToAlarm(def.datapointsToAlarm())
                    .comparisonOperator(comparison(def))
                    .threshold(def.threshold())
                    .treatMissingData(def.missingData() == io.orderstream.alarms.MissingData.BREACHING
                            ? TreatMissingData.BREACHING : TreatMissingData.NOT_BREACHING)
                    .actionsEnabled(true)
                    .build();
            SnsAction action = new SnsAction(props.topics().topic(def.routing()));
            alarm.addAlarmAction(action);
            alarm.addOkAction(action);
            alarms.put(def.id(), alarm);
        }
    }

    public Map<String, Alarm> alarms() {
        return alarms;
    }

    public List<Alarm> all() {
        return List.copyOf(alarms.values());
    }

    /** The CDK metric of a catalog signal (shared with the dashboard). */
    public static IMetric metricOf(Signal signal) {
        return metricOf(signal, null);
    }

    /** The CDK metric of a catalog signal, every period replaced by {@code periodOverride} when it is not null. */
    public static IMetric metricOf(Signal signal, java.time.Duration periodOverride) {
        if (!signal.isExpression()) {
            return metric(signal.metric(), periodOverride);
        }
        Map<String, IMetric> using = new LinkedHashMap<>();
        signal.usingMetrics().forEach((id, m) -> using.put(id, metric(m, periodOverride)));
        java.time.Duration period = periodOverride != null ? periodOverride : signal.period();
        return MathExpression.Builder.create()
                .expression(signal.expression())
                .usingMetrics(using)
                .label(signal.label())
                .period(Duration.seconds(period.toSeconds()))
                .build();
    }

    public static Metric metric(MetricQuery q) {
        return metric(q, null);
    }

    private static Metric metric(MetricQuery q, java.time.Duration periodOverride) {
        java.time.Duration period = periodOverride != null ? periodOverride : q.period();
        return Metric.Builder.create()
                .namespace(q.namespace())
                .metricName(q.metricName())
                .dimensionsMap(q.dimensions())
                .statistic(q.statistic())
                .period(Duration.seconds(period.toSeconds()))
                .build();
    }

    private static ComparisonOperator comparison(AlarmDefinition def) {
        return switch (def.comparison()) {
            case GREATER_THAN -> ComparisonOperator.GREATER_THAN_THRESHOLD;
            case GREATER_THAN_OR_EQUAL -> ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
            case LESS_THAN -> ComparisonOperator.LESS_THAN_THRESHOLD;
            case LESS_THAN_OR_EQUAL -> ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD;
        };
    }
}
