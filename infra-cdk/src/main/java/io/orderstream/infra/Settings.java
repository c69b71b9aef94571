package io.orderstream.infra;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.constructs.Node;

/**
 * Everything that differs between deployments, read once from CDK context ({@code -c key=value} or
 * {@code cdk.json}). Nothing here needs AWS credentials: {@code cdk synth} works offline.
 *
 * @param account target account, or null for an account-agnostic synth
 * @param region target region (also decides the three availability zones)
 * @param pageEmails e-mail subscriptions of the page topic (CRITICAL and HIGH)
 * @param pageHttpsEndpoints HTTPS subscriptions of the page topic (e.g. the paging tool's webhook)
 * @param ticketEmails e-mail subscriptions of the ticket topic (MEDIUM)
 * @param ticketHttpsEndpoints HTTPS subscriptions of the ticket topic
 * @param enrichmentApiUrl the customer API the job calls (job key enrichment.api.url)
 * @param jobJarKey S3 key of the job's shaded jar in the application bucket
 * @param jobProperties further job configuration (ConfigKeys keys only), overriding the defaults
 * @param drillPeriodSeconds 0 (the default: off), or the period in seconds that replaces every alarm's period
 *        for alarm drills against LocalStack (10, 30 or a multiple of 60, as CloudWatch alarms allow); evaluation
 *        periods, datapoints, thresholds, missing-data treatment and actions stay the catalog's. Never for AWS.
 */
public record Settings(String account, String region, List<String> availabilityZones, List<String> pageEmails,
                       List<String> pageHttpsEndpoints, List<String> ticketEmails, List<String> ticketHttpsEndpoints,
                       String enrichmentApiUrl, String jobJarKey, int parallelism, int parallelismPerKpu,
                       boolean autoScaling, String kafkaVersion, String brokerInstanceType, int brokerVolumeGb,
                       int topicPartitions, int dlqRetentionDays, int logRetentionDays,
                       Map<String, String> jobProperties, int drillPeriodSeconds) {

    public static final String DEFAULT_REGION = "eu-west-1";

    public Settings {
        if (drillPeriodSeconds != 0 && drillPeriodSeconds != 10 && drillPeriodSeconds != 30
                && (drillPeriodSeconds < 0 || drillPeriodSeconds % 60 != 0)) {
            throw new IllegalArgumentException("context drillPeriodSeconds: 10, 30 or a multiple of 60 (CloudWatch "
                    + "alarm periods), or 0 for off; got " + drillPeriodSeconds);
        }
    }

    /** The drill period, when {@code drillPeriodSeconds} is set. */
    public java.util.Optional<java.time.Duration> drillPeriod() {
        return drillPeriodSeconds == 0 ? java.util.Optional.empty()
                : java.util.Optional.of(java.time.Duration.ofSeconds(drillPeriodSeconds));
    }

    public static Settings from(App app) {
        Node node = app.getNode();
        String region = text(node, "region", envOr("CDK_DEFAULT_REGION", DEFAULT_REGION));
        String account = text(node, "account", System.getenv("CDK_DEFAULT_ACCOUNT"));
        List<String> azs = list(node, "availabilityZones");
        if (azs.isEmpty()) {
            azs = List.of(region + "a", region + "b", region + "c");
        }
        return new Settings(account, region, azs,
                list(node, "pageEmails"), list(node, "pageHttpsEndpoints"),
                list(node, "ticketEmails"), list(node, "ticketHttpsEndpoints"),
                text(node, "enrichmentApiUrl", "https://customer-api.orderstream.internal"),
                text(node, "jobJarKey", "jars/orderstream-job-all.jar"),
                integer(node, "parallelism", 4), integer(node, "parallelismPerKpu", 1),
                Boolean.parseBoolean(text(node, "autoScaling", "true")),
                text(node, "kafkaVersion", "3.8.x"),
                text(node, "brokerInstanceType", "kafka.m7g.large"),
                integer(node, "brokerVolumeGb", 500),
                integer(node, "topicPartitions", 12),
                integer(node, "dlqRetentionDays", 30),
                integer(node, "logRetentionDays", 30),
                map(node, "jobProperties"),
                integer(node, "drillPeriodSeconds", 0));
    }

    public Environment environment() {
        Environment.Builder env = Environment.builder().region(region);
        if (account != null && !account.isBlank()) {
            env.account(account);
        }
        return env.build();
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static String text(Node node, String key, String fallback) {
        Object v = node.tryGetContext(key);
        return v == null || v.toString().isBlank() ? fallback : v.toString();
    }

    private static int integer(Node node, String key, int fallback) {
        return Integer.parseInt(text(node, key, String.valueOf(fallback)));
    }

    /** A list from context: a JSON array (cdk.json) or a comma-separated string (-c key=a,b). */
    private static List<String> list(Node node, String key) {
        Object v = node.tryGetContext(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(Object::toString).filter(s -> !s.isBlank()).toList();
        }
        return Arrays.stream(v.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** A map from context: a JSON object (cdk.json) or "k=v;k2=v2" (-c jobProperties=...). */
    private static Map<String, String> map(Node node, String key) {
        Object v = node.tryGetContext(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (v instanceof Map<?, ?> m) {
            m.forEach((k, val) -> out.put(k.toString(), val.toString()));
        } else if (v != null && !v.toString().isBlank()) {
            for (String pair : v.toString().split(";")) {
                int eq = pair.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("context " + key + ": expected key=value, got " + pair);
                }
                out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return out;
    }
}
