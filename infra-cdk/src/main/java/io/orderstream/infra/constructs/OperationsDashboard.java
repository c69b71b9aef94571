package io.orderstream.infra.constructs;

import io.orderstream.alarms.MetricQuery;
import io.orderstream.alarms.PlatformMetric;
import io.orderstream.alarms.Targets;
import io.orderstream.job.metrics.Metric;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.constructs.Construct;

/**
 * The operations dashboard: the alarms' states, then one graph per signal — every metric of the
 * job's contract (per-dimension metrics as a SEARCH over the dimension) and every platform metric the
 * alarms use.
 */
public final class OperationsDashboard extends Construct {

    /** Props. */
    public record Props(String dashboardName, Targets targets, List<IAlarm> alarms) {
        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private String dashboardName;
            private Targets targets;
            private List<IAlarm> alarms = List.of();

            public Builder dashboardName(String v) { dashboardName = v; return this; }
            public Builder targets(Targets v) { targets = v; return this; }
            public Builder alarms(List<? extends IAlarm> v) { alarms = List.copyOf(v); return this; }

            public Props build() {
                return new Props(java.util.Objects.requireNonNull(dashboardName),
                        java.util.Objects.requireNonNull(targets), alarms);
            }
        }
    }

    private final Dashboard dashboard;

    public OperationsDashboard(Construct scope, String id, Props props) {
        super(scope, id);
        Duration minute = Duration.minutes(1);
        List<IWidget> widgets = new ArrayList<>();
        widgets.add(AlarmStatusWidget.Builder.create().title("orderstream alarms").alarms(props.alarms())
                .width(24).height(4).build());
        for (Metric m : Metric.values()) {
            IMetric metric;
            if (m.dimensions().isEmpty()) {
                metric = software.amazon.awscdk.services.cloudwatch.Metric.Builder.create()
                        .namespace(Metric.NAMESPACE).metricName(m.metricName())
                        .statistic(m.statistic().cloudWatchName()).period(minute).build();
            } else {
                String dims = m.dimensions().stream().map(Metric.Dimension::cloudWatchName)
                        .reduce(Metric.NAMESPACE, (a, b) -> a + ",\"" + b + "\"");
                metric = MathExpression.Builder.create()
                        .expression("SEARCH('{" + dims + "} MetricName=\"" + m.metricName() + "\"', '"
                                + m.statistic().cloudWatchName() + "', 60)")
                        .label(m.metricName()).period(minute).build();
            }
            widgets.add(graph(m.metricName() + (m.dimensions().isEmpty() ? "" : " by "
                    + m.dimensions().get(0).cloudWatchName()) + " (" + m.statistic().cloudWatchName() + ")", metric));
        }
        Targets t = props.targets();
        for (PlatformMetric p : PlatformMetric.values()) {
            List<IMetric> metrics = new ArrayList<>();
            switch (p.dimensionNames().size() == 3 ? "group" : p.dimensionNames().get(p.dimensionNames().size() - 1)) {
                case "group" -> metrics.add(CatalogAlarms.metric(MetricQuery.platform(p, "Maximum", java.time.Duration.ofMinutes(1),
                        t.clusterName(), t.consumerGroup(), t.topic())));
                case PlatformMetric.Dims.BROKER_ID -> {
                    for (int b = 1; b <= t.brokerCount(); b++) {
                        metrics.add(CatalogAlarms.metric(MetricQuery.platform(p, "Maximum",
                                java.time.Duration.ofMinutes(1), t.clusterName(), String.valueOf(b))));
                    }
                }
                case PlatformMetric.Dims.CLUSTER_NAME -> metrics.add(CatalogAlarms.metric(MetricQuery.platform(p,
                        "Maximum", java.time.Duration.ofMinutes(1), t.clusterName())));
                case PlatformMetric.Dims.DELIVERY_STREAM -> t.deliveryStreams().forEach(s -> metrics.add(
                        CatalogAlarms.metric(MetricQuery.platform(p, p.metricName().endsWith("Success") ? "Minimum" : "Sum",
                                java.time.Duration.ofMinutes(1), s))));
                default -> metrics.add(CatalogAlarms.metric(MetricQuery.platform(p, "Maximum",
                        java.time.Duration.ofMinutes(1), t.applicationName())));
            }
            widgets.add(GraphWidget.Builder.create().title(p.namespace() + " " + p.metricName()).left(metrics)
                    .width(8).height(6).build());
        }
        this.dashboard = Dashboard.Builder.create(this, "Dashboard").dashboardName(props.dashboardName()).build();
        for (int i = 0; i < widgets.size(); i += 3) {
            dashboard.addWidgets(widgets.subList(i, Math.min(i + 3, widgets.size())).toArray(IWidget[]::new));
        }
    }

    private static GraphWidget graph(String title, IMetric metric) {
        return GraphWidget.Builder.create().title(title).left(List.of(metric)).width(8).height(6).build();
    }

    public Dashboard dashboard() {
        return dashboard;
    }
}
