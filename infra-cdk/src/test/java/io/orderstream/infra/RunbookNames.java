package io.orderstream.infra;

import io.orderstream.alarms.AlarmCatalog;
import io.orderstream.alarms.AlarmDefinition;
import io.orderstream.alarms.PlatformMetric;
import io.orderstream.alarms.Routing;
import io.orderstream.infra.constructs.RunbookQueries;
import io.orderstream.job.config.ConfigKeys;
import io.orderstream.job.config.Setting;
import io.orderstream.job.metrics.LogEvents;
import io.orderstream.job.metrics.LogField;
import io.orderstream.job.metrics.Metric;
import io.orderstream.job.model.ErrorType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awscdk.Stack;

/**
 * Every name a runbook may use, taken from where it is defined: the job's contracts (Metric, LogField,
 * LogEvents, ConfigKeys, ErrorType), the alarm catalog, and the CDK app as it synthesizes (stack names,
 * outputs, delivery streams, log groups, MSK cluster, MSF application, SNS topics, dashboard, saved
 * queries). Built once from {@link Synth}; {@link RunbookChecker} compares runbooks against it.
 */
@SuppressWarnings("unchecked")
record RunbookNames(
        AlarmCatalog catalog,
        Map<String, Set<String>> metricDimensions,
        Map<String, Metric.Statistic> metricStatistics,
        Set<String> dimensionNames,
        Set<String> seedNames,
        Set<String> operatorNames,
        Set<String> logFields,
        Set<String> logEvents,
        Set<String> errorTypes,
        Set<String> configKeys,
        Map<String, Set<String>> platformMetrics,
        Set<String> stacks,
        Set<String> contextKeys,
        Map<String, Set<String>> outputs,
        Set<String> deliveryStreams,
        String dlqObjectPrefix,
        Set<String> logGroups,
        String applicationLogGroup,
        Set<String> clusters,
        Set<String> applications,
        Set<String> topics,
        Set<String> dashboards,
        Map<String, String> savedQueries,
        String kafkaTopic,
        String consumerGroup,
        Path repoRoot) {

    /** Files of runbooks/ that are not the runbook of one alarm. */
    static final Set<String> NON_ALARM_FILES = Set.of("README.md", "incident-response.md", "drills.md");

    /** Fields of the MSF log envelope and of Logs Insights itself that the saved queries may use besides LogField. */
    static final Set<String> ENVELOPE_FIELDS = Set.of("@timestamp", "@message", "@logStream", "@log", "message",
            "messageType", "logger", "throwableInformation", "threadName", "applicationARN", "applicationVersionId");

    /**
     * AWS metrics the runbooks read besides the catalog's PlatformMetric: what MSK, Firehose and MSF publish
     * for this deployment (MSK enhanced monitoring PER_TOPIC_PER_PARTITION, MSF metrics level APPLICATION).
     */
    static final Map<String, Set<String>> OTHER_AWS_METRICS = Map.of(
            PlatformMetric.Namespaces.KAFKA, Set.of("OffsetLag", "EstimatedTimeLag", "UnderReplicatedPartitions",
                    "ActiveControllerCount", "KafkaDataLogsDiskUsed", "BytesInPerSec", "MessagesInPerSec",
                    "CpuUser"),
            PlatformMetric.Namespaces.FIREHOSE, Set.of("DeliveryToS3.DataFreshness", "DeliveryToS3.Bytes",
                    "ThrottledRecords"),
            PlatformMetric.Namespaces.KINESIS_ANALYTICS, Set.of("lastCheckpointDuration",
                    "lastCheckpointSize", "heapMemoryUtilization", "cpuUtilization", "containerMemoryUtilization",
                    "containerCPUUtilization", "oldGenerationGCTime", "KPUs"));

    static RunbookNames fromApp() {
        OrderstreamApp.Stacks s = Synth.stacks();
        Map<String, Set<String>> metricDimensions = new LinkedHashMap<>();
        Map<String, Metric.Statistic> statistics = new LinkedHashMap<>();
        for (Metric m : Metric.values()) {
            metricDimensions.computeIfAbsent(m.metricName(), k -> new LinkedHashSet<>())
                    .addAll(m.dimensions().stream().map(Metric.Dimension::cloudWatchName).toList());
            statistics.putIfAbsent(m.metricName(), m.statistic());
        }
        Map<String, Set<String>> platform = new LinkedHashMap<>();
        for (PlatformMetric p : PlatformMetric.values()) {
            platform.computeIfAbsent(p.namespace(), k -> new LinkedHashSet<>()).add(p.metricName());
        }
        OTHER_AWS_METRICS.forEach((ns, names) -> platform.computeIfAbsent(ns, k -> new LinkedHashSet<>()).addAll(names));
        for (Metric.PlatformSignal p : Metric.PlatformSignal.values()) {
            platform.computeIfAbsent(p.namespace(), k -> new LinkedHashSet<>()).add(p.metricName());
        }

        Set<String> stacks = new LinkedHashSet<>();
        Map<String, Set<String>> outputs = new LinkedHashMap<>();
        Set<String> streams = new LinkedHashSet<>();
        Set<String> logGroups = new LinkedHashSet<>();
        Set<String> clusters = new LinkedHashSet<>();
        Set<String> applications = new LinkedHashSet<>();
        Set<String> topics = new LinkedHashSet<>();
        Set<String> dashboards = new LinkedHashSet<>();
        Map<String, String> queries = new LinkedHashMap<>();
        String dlqPrefix = null;
        String dlqStream = ConfigKeys.FIREHOSE_DLQ_STREAM.defaultText().orElseThrow();
        for (Stack stack : Synth.all()) {
            stacks.add(stack.getStackName());
            Map<String, Object> template = Synth.json(stack);
            Map<String, Object> outs = (Map<String, Object>) template.getOrDefault("Outputs", Map.of());
            outputs.put(stack.getStackName(), new LinkedHashSet<>(outs.keySet()));
            Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) template.get("Resources");
            for (Map<String, Object> r : resources.values()) {
                Map<String, Object> p = (Map<String, Object>) r.getOrDefault("Properties", Map.of());
                switch ((String) r.get("Type")) {
                    case "AWS::KinesisFirehose::DeliveryStream" -> {
                        addText(streams, p.get("DeliveryStreamName"));
                        if (dlqStream.equals(p.get("DeliveryStreamName"))) {
                            String prefix = (String) ((Map<String, Object>) p.get("ExtendedS3DestinationConfiguration")).get("Prefix");
                            // the fixed part before Firehose's date expressions: "dlq/" of "dlq/year=!{timestamp:yyyy}/..."
                            dlqPrefix = prefix.substring(0, prefix.indexOf('/') + 1);
                        }
                    }
                    case "AWS::Logs::LogGroup" -> addText(logGroups, p.get("LogGroupName"));
                    case "AWS::MSK::Cluster" -> addText(clusters, p.get("ClusterName"));
                    case "AWS::KinesisAnalyticsV2::Application" -> addText(applications, p.get("ApplicationName"));
                    case "AWS::SNS::Topic" -> addText(topics, p.get("TopicName"));
                    case "AWS::CloudWatch::Dashboard" -> addText(dashboards, p.get("DashboardName"));
                    case "AWS::Logs::QueryDefinition" -> queries.put((String) p.get("Name"), (String) p.get("QueryString"));
                    default -> { }
                }
            }
        }
        return new RunbookNames(s.catalog(), metricDimensions, statistics,
                Arrays.stream(Metric.Dimension.values()).map(Metric.Dimension::cloudWatchName).collect(Collectors.toSet()),
                Stream.concat(Arrays.stream(Metric.values()).filter(m -> m.replacesSeedName() != null)
                                .flatMap(m -> Arrays.stream(m.replacesSeedName().split(",\\s*"))),
                        Arrays.stream(Metric.PlatformSignal.values()).map(Metric.PlatformSignal::seedName))
                        .collect(Collectors.toSet()),
                Arrays.stream(Metric.OperatorName.values()).map(Metric.OperatorName::dimensionValue).collect(Collectors.toSet()),
                Arrays.stream(LogField.values()).map(LogField::fieldName).collect(Collectors.toSet()),
                Arrays.stream(LogEvents.Kind.values()).map(LogEvents.Kind::wireName).collect(Collectors.toSet()),
                Arrays.stream(ErrorType.values()).map(ErrorType::wireName).collect(Collectors.toSet()),
                ConfigKeys.ALL.stream().map(Setting::key).collect(Collectors.toSet()),
                platform, stacks, readContextKeys(), outputs, streams, java.util.Objects.requireNonNull(dlqPrefix), logGroups, Names.APPLICATION_LOG_GROUP, clusters, applications,
                topics, dashboards, queries,
                ConfigKeys.KAFKA_TOPIC.defaultText().orElseThrow(), ConfigKeys.KAFKA_GROUP_ID.defaultText().orElseThrow(),
                findRepoRoot());
    }

    /** The CDK context keys the app reads (infra-cdk/cdk.json), e.g. dlqRetentionDays. */
    private static Set<String> readContextKeys() {
        try {
            com.fasterxml.jackson.databind.JsonNode context = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(findRepoRoot().resolve("infra-cdk/cdk.json").toFile()).get("context");
            Set<String> keys = new LinkedHashSet<>();
            context.fieldNames().forEachRemaining(keys::add);
            keys.addAll(List.of("account", "region", "availabilityZones"));
            return keys;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void addText(Set<String> into, Object value) {
        if (value instanceof String text) {
            into.add(text);
        }
    }

    /** The saved query of a name ("orderstream/dlq-by-error-type"), as RunbookQueries defines it, or null. */
    String savedQuery(String name) {
        return savedQueries.get(name);
    }

    /** The query strings as the construct defines them, for the cross-check with the template. */
    static Map<String, String> constructQueries() {
        return RunbookQueries.QUERIES;
    }

    String topicOf(AlarmDefinition def) {
        return Names.alarmTopic(def.routing());
    }

    Set<String> allTopicsByRouting() {
        return Arrays.stream(Routing.values()).map(Names::alarmTopic).collect(Collectors.toSet());
    }

    Set<String> alarmIds() {
        return catalog.all().stream().map(AlarmDefinition::id).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The repository root: the first parent holding runbooks/ or alarms/ and infra-cdk/. */
    static Path findRepoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("infra-cdk")) && Files.isDirectory(p.resolve("alarms"))) {
                return p;
            }
        }
        throw new IllegalStateException("repository root not found from " + Path.of("").toAbsolutePath());
    }

    List<Path> sourceRoots() {
        return List.of("job", "alarms", "infra-cdk", "dlq-tool", "tests", "bench").stream()
                .flatMap(m -> Stream.of(repoRoot.resolve(m).resolve("src/main/java"), repoRoot.resolve(m).resolve("src/test/java")))
                .toList();
    }
}
