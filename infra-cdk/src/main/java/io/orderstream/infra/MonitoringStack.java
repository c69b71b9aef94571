package io.orderstream.infra;

import io.orderstream.alarms.AlarmCatalog;
import io.orderstream.alarms.Routing;
import io.orderstream.infra.constructs.CatalogAlarms;
import io.orderstream.infra.constructs.OperationsDashboard;
import io.orderstream.infra.constructs.PagingTopics;
import io.orderstream.infra.constructs.RunbookQueries;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * Lifecycle: changes with the alarm catalog. Paging topics, every catalog alarm, the dashboard and
 * the runbook queries. Refers to the other stacks by name only, so it deploys (and pages) on its own:
 * alarms must exist before, and survive, anything they watch.
 */
public final class MonitoringStack extends Stack {
    private final CatalogAlarms alarms;
    private final PagingTopics topics;

    public MonitoringStack(Construct scope, String id, StackProps props, Settings settings, AlarmCatalog catalog) {
        super(scope, id, props);
        this.topics = new PagingTopics(this, "Paging", PagingTopics.Props.builder()
                .emails(Routing.PAGE, settings.pageEmails())
                .httpsEndpoints(Routing.PAGE, settings.pageHttpsEndpoints())
                .emails(Routing.TICKET, settings.ticketEmails())
                .httpsEndpoints(Routing.TICKET, settings.ticketHttpsEndpoints())
                .build());
        this.alarms = new CatalogAlarms(this, "Alarms", CatalogAlarms.Props.builder()
                .catalog(catalog).topics(topics).drillPeriod(settings.drillPeriod().orElse(null)).build());
        new OperationsDashboard(this, "Dashboard", OperationsDashboard.Props.builder()
                .dashboardName(Names.DASHBOARD).targets(catalog.targets()).alarms(alarms.all()).build());
        new RunbookQueries(this, "Queries", RunbookQueries.Props.builder()
                .logGroupName(Names.APPLICATION_LOG_GROUP).build());
        for (Routing r : Routing.values()) {
            CfnOutput.Builder.create(this, "Topic" + r.name()).value(topics.topic(r).getTopicArn()).build();
        }
    }

    public CatalogAlarms alarms() {
        return alarms;
    }

    public PagingTopics topics() {
        return topics;
    }
}
