package io.orderstream.infra;

import io.orderstream.alarms.Targets;
import io.orderstream.job.metrics.Metric;

/** Physical names the stacks share. Monitoring refers to resources by these names only. */
public final class Names {
    public static final String PREFIX = "orderstream";
    public static final String NETWORK_STACK = PREFIX + "-network";
    public static final String DATA_STACK = PREFIX + "-data";
    public static final String KAFKA_STACK = PREFIX + "-kafka";
    public static final String APPLICATION_STACK = PREFIX + "-application";
    public static final String MONITORING_STACK = PREFIX + "-monitoring";

    public static final String KAFKA_CLUSTER = Targets.CLUSTER_NAME;
    public static final String APPLICATION = Targets.APPLICATION_NAME;
    /** The application's log group: the runbooks' Logs Insights queries run here. */
    public static final String APPLICATION_LOG_GROUP = Metric.NAMESPACE;
    public static final String APPLICATION_LOG_STREAM = "application";
    public static final String DASHBOARD = PREFIX;
    /** Secrets Manager secret holding the customer API token (job key enrichment.api.credentials-secret gets its ARN). */
    public static final String CUSTOMER_API_SECRET = PREFIX + "/customer-api";

    private Names() {}

    public static String alarmTopic(io.orderstream.alarms.Routing routing) {
        return PREFIX + "-alarms-" + routing.topicSuffix();
    }
}
