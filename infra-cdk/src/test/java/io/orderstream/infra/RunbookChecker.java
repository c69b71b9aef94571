package io.orderstream.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderstream.alarms.AlarmDefinition;
import io.orderstream.alarms.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks one runbook's text against {@link RunbookNames}. Every check returns problems as text (file: what),
 * so a test can assert "no problems" and a self-test can feed a drifted copy and expect some.
 *
 * <p>The conventions it reads (runbooks/README.md, "Conventions"):
 * <ul>
 *   <li>shell in {@code ```bash} blocks; {@code aws cloudwatch get-metric-statistics} with {@code --namespace},
 *       {@code --metric-name}, {@code --dimensions Name=..,Value=..}; {@code get-metric-data} with
 *       {@code --metric-data-queries '<JSON>'} inline;</li>
 *   <li>Logs Insights queries in {@code ```logsinsights orderstream/<name>} blocks: the saved query's name and
 *       its query string verbatim; {@code aws logs start-query} takes {@code --query-string "$QUERY"} read with
 *       {@code aws logs describe-query-definitions --query-definition-name-prefix orderstream/<name>};</li>
 *   <li>metric, dimension, config-key and class names in backticks in prose; classes fully qualified.</li>
 * </ul>
 */
final class RunbookChecker {
    static final List<String> ALARM_SECTIONS = List.of("## What it means", "## Triage (5 minutes)", "## Diagnosis",
            "## Remediation", "## Verify", "## After the incident");

    private static final Pattern FENCE = Pattern.compile("(?ms)^[ \\t]*```([^\\n]*)\\n(.*?)^[ \\t]*```[ \\t]*$");
    private static final Pattern BACKTICK = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern CAMEL = Pattern.compile("^[A-Za-z][A-Za-z0-9]*(?:\\.[A-Za-z0-9]+)?$");
    private static final Pattern HUMP = Pattern.compile("[a-z0-9][A-Z]");
    private static final Pattern SNAKE_METRIC = Pattern.compile("^[a-z]+(?:_[a-z0-9]+)*_(?:ms|count|percentage)$");
    private static final Pattern CONFIG_KEY = Pattern.compile(
            "^(?:kafka|event-time|input|dedup|enrichment|window|aws|firehose|checkpoint|state|metrics)\\.[a-z0-9.-]+$");
    private static final Pattern FQCN = Pattern.compile("^(io\\.orderstream(?:\\.[a-z0-9]+)+)\\.([A-Z][A-Za-z0-9]*)(?:[.#]([A-Za-z_][A-Za-z0-9_]*)(?:\\(\\))?)?$");
    private static final Pattern ALARM_LIKE = Pattern.compile(
            "^[a-z]+(?:-[a-z0-9]+)*-(?:critical|high|low|breach|breached|stuck|growing|consuming|skew|down)$");
    private static final Pattern STREAM_LIKE = Pattern.compile("\\b[a-z]*order[a-z]*-[a-z-]*firehose\\b");
    private static final Pattern TOPIC_LIKE = Pattern.compile("\\borderstream-alarms-[a-z]+\\b");
    private static final Pattern QUERY_NAME = Pattern.compile("\\borderstream/[a-z0-9-]+");
    private static final Pattern FIREHOSE_LOGS = Pattern.compile("/aws/kinesisfirehose/([A-Za-z0-9<>_-]+)");
    private static final Pattern MSK_LOGS = Pattern.compile("/aws/msk/([A-Za-z0-9_-]+)");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+\\.md)(?:#[^)]*)?\\)");
    private static final Pattern QUERY_TOKEN = Pattern.compile("@?[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> QUERY_WORDS = Set.of("fields", "filter", "stats", "sort", "limit", "by", "as",
            "and", "or", "not", "like", "desc", "asc", "count", "avg", "pct", "max", "min", "sum", "bin", "ispresent",
            "in", "display", "parse", "dedup", "true", "false", "jsonParse");
    /**
     * CamelCase terms runbooks may put in backticks that are not metrics: AWS API operations and error codes,
     * Flink method names, the Firehose delivery log stream. Anything else CamelCase in backticks must be a
     * metric, a dimension, a stack output, a CDK context key, the cluster or a Java exception.
     */
    private static final Set<String> PROSE_NOT_METRICS = Set.of("PutRecordBatch", "PutMetricData", "snapshotState",
            "notifyCheckpointComplete", "AccessDenied", "DestinationDelivery", "KafkaSource", "StopApplication",
            "StartApplication", "UpdateApplication");

    private final RunbookNames names;
    private final ObjectMapper json = new ObjectMapper();

    RunbookChecker(RunbookNames names) {
        this.names = names;
    }

    /** One fenced block: its info string ("bash", "logsinsights orderstream/x") and body. */
    record Block(String info, String body) {
        String language() {
            return info.isBlank() ? "" : info.trim().split("\\s+")[0];
        }
    }

    static List<Block> blocks(String text) {
        List<Block> out = new ArrayList<>();
        Matcher m = FENCE.matcher(text);
        while (m.find()) {
            out.add(new Block(m.group(1), m.group(2)));
        }
        return out;
    }

    static String prose(String text) {
        return FENCE.matcher(text).replaceAll("");
    }

    /** Every check on one runbook file. */
    List<String> check(String file, String text) {
        List<String> problems = new ArrayList<>();
        String id = file.endsWith(".md") ? file.substring(0, file.length() - 3) : file;
        if (!RunbookNames.NON_ALARM_FILES.contains(file)) {
            problems.addAll(header(file, id, text));
        }
        problems.addAll(metricCommands(file, text));
        problems.addAll(logsInsights(file, text));
        problems.addAll(resources(file, text));
        problems.addAll(proseNames(file, text));
        problems.addAll(links(file, text));
        return problems;
    }

    // ---------------------------------------------------------------- header: alarm, severity, routing, first step

    List<String> header(String file, String id, String text) {
        List<String> p = new ArrayList<>();
        AlarmDefinition def = names.catalog().all().stream().filter(a -> a.id().equals(id)).findFirst().orElse(null);
        if (def == null) {
            p.add(file + ": no catalog alarm " + id);
            return p;
        }
        if (!text.startsWith("# " + id + "\n")) {
            p.add(file + ": must start with '# " + id + "'");
        }
        Matcher headerRow = Pattern.compile("(?m)^\\| `([^`]+)` \\| (\\w+) \\((SEV-[^)]*)\\) \\| ([^|]+)\\|").matcher(text);
        if (!headerRow.find()) {
            p.add(file + ": header table row '| `id` | SEVERITY (SEV-n) | routing: `topic` | ... |' missing");
        } else {
            if (!headerRow.group(1).equals(id)) {
                p.add(file + ": header names alarm " + headerRow.group(1) + ", not " + id);
            }
            if (!headerRow.group(2).equals(def.severity().name())) {
                p.add(file + ": severity " + headerRow.group(2) + " but the catalog says " + def.severity());
            }
            String sev = def.severity() == Severity.CRITICAL ? "SEV-1" : def.severity() == Severity.HIGH ? "SEV-2" : "SEV-3";
            if (!headerRow.group(3).startsWith(sev)) {
                p.add(file + ": " + def.severity() + " is " + sev + ", header says " + headerRow.group(3));
            }
            if (!headerRow.group(4).contains("`" + names.topicOf(def) + "`")
                    || !headerRow.group(4).startsWith(def.routing().topicSuffix())) {
                p.add(file + ": routing must be '" + def.routing().topicSuffix() + ": `" + names.topicOf(def) + "`', is "
                        + headerRow.group(4).trim());
            }
        }
        String firstStep = "> First step (alarm description): " + def.firstTriageStep();
        if (!text.contains(firstStep + "\n")) {
            p.add(file + ": must quote the catalog's first triage step verbatim: '" + firstStep + "'");
        }
        int at = -1;
        for (String section : ALARM_SECTIONS) {
            int i = text.indexOf("\n" + section + "\n");
            if (i < 0) {
                p.add(file + ": section '" + section + "' missing");
            } else if (i < at) {
                p.add(file + ": section '" + section + "' out of order");
            } else {
                at = i;
            }
        }
        return p;
    }

    // ---------------------------------------------------------------- CloudWatch metrics in commands

    /** {@code for VAR in a b c; do} in a block: VAR → its words, so loops over metrics or dimension values are checked. */
    static Map<String, List<String>> loopVariables(String body) {
        Map<String, List<String>> vars = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\\bfor\\s+([A-Za-z_][A-Za-z0-9_]*)\\s+in\\s+([^;\\n]+);").matcher(body);
        while (m.find()) {
            vars.put(m.group(1), List.of(m.group(2).trim().split("\\s+")));
        }
        return vars;
    }

    /** The values a word stands for: itself, or each word of the loop over the variable it names. */
    private static List<String> expand(String word, Map<String, List<String>> vars) {
        if (word != null && word.matches("\\$\\{?[A-Za-z_][A-Za-z0-9_]*}?")) {
            List<String> values = vars.get(word.replaceAll("[${}]", ""));
            if (values != null) {
                return values;
            }
        }
        return java.util.Collections.singletonList(word);
    }

    List<String> metricCommands(String file, String text) {
        List<String> p = new ArrayList<>();
        for (Block b : blocks(text)) {
            if (!b.language().equals("bash")) {
                continue;
            }
            Map<String, List<String>> vars = loopVariables(b.body());
            for (List<String> cmd : commands(b.body())) {
                int aws = awsIndex(cmd);
                if (aws < 0 || cmd.size() < aws + 3 || !cmd.get(aws + 1).equals("cloudwatch")) {
                    continue;
                }
                String sub = cmd.get(aws + 2);
                Map<String, List<String>> opts = options(cmd, aws + 3);
                if (sub.equals("get-metric-statistics")) {
                    String ns = one(opts, "--namespace");
                    String stat = opts.containsKey("--extended-statistics") ? one(opts, "--extended-statistics")
                            : one(opts, "--statistics");
                    for (String metric : expand(one(opts, "--metric-name"), vars)) {
                        if (metric != null && metric.startsWith("$")) {
                            p.add(file + ": --metric-name " + metric + ": write metric names literally (or loop over a literal list)");
                            continue;
                        }
                        Map<String, String> dims = new LinkedHashMap<>();
                        for (String d : opts.getOrDefault("--dimensions", List.of())) {
                            Matcher m = Pattern.compile("^Name=([^,]+),Value=(.+)$").matcher(d);
                            if (m.matches()) {
                                dims.put(m.group(1), m.group(2));
                            } else {
                                p.add(file + ": unreadable dimension '" + d + "' (write Name=..,Value=..)");
                            }
                        }
                        p.addAll(metric(file, ns, metric, dims, stat, opts.containsKey("--extended-statistics")));
                        dims.forEach((k, v) -> {
                            if (v.startsWith("$")) {
                                for (String value : expand(v, vars)) {
                                    if (!value.startsWith("$")) {
                                        p.addAll(dimensionValue(file + ": " + ns + "/" + metric, k, value));
                                    }
                                }
                            }
                        });
                    }
                } else if (sub.equals("get-metric-data")) {
                    String queries = one(opts, "--metric-data-queries");
                    if (queries == null) {
                        p.add(file + ": get-metric-data without inline --metric-data-queries '<JSON>'");
                        continue;
                    }
                    try {
                        for (JsonNode q : json.readTree(queries)) {
                            JsonNode stat = q.get("MetricStat");
                            if (stat == null) {
                                continue;
                            }
                            JsonNode m = stat.get("Metric");
                            Map<String, String> dims = new LinkedHashMap<>();
                            if (m.has("Dimensions")) {
                                for (JsonNode d : m.get("Dimensions")) {
                                    dims.put(d.get("Name").asText(), d.get("Value").asText());
                                }
                            }
                            String s = stat.path("Stat").asText(null);
                            p.addAll(metric(file, m.path("Namespace").asText(null), m.path("MetricName").asText(null),
                                    dims, s, s != null && s.matches("p\\d+(\\.\\d+)?")));
                        }
                    } catch (IOException e) {
                        p.add(file + ": --metric-data-queries is not JSON: " + e.getMessage());
                    }
                } else if (sub.equals("describe-alarms") || sub.equals("describe-alarm-history")
                        || sub.equals("set-alarm-state")) {
                    for (String name : opts.getOrDefault("--alarm-names", opts.getOrDefault("--alarm-name", List.of()))) {
                        if (!names.alarmIds().contains(name)) {
                            p.add(file + ": alarm " + name + " is not in the catalog");
                        }
                    }
                } else if (sub.equals("get-dashboard")) {
                    String d = one(opts, "--dashboard-name");
                    if (!names.dashboards().contains(d)) {
                        p.add(file + ": dashboard " + d + " is not the app's " + names.dashboards());
                    }
                }
            }
        }
        return p;
    }

    private List<String> metric(String file, String ns, String metric, Map<String, String> dims, String stat,
                                boolean extended) {
        List<String> p = new ArrayList<>();
        String what = file + ": " + ns + "/" + metric;
        if (ns == null || metric == null) {
            p.add(file + ": metric query without namespace or metric name");
            return p;
        }
        if (ns.equals(io.orderstream.job.metrics.Metric.NAMESPACE)) {
            Set<String> allowed = names.metricDimensions().get(metric);
            if (allowed == null) {
                p.add(what + " is not in io.orderstream.job.metrics.Metric");
                return p;
            }
            for (Map.Entry<String, String> d : dims.entrySet()) {
                if (!names.dimensionNames().contains(d.getKey())) {
                    p.add(what + ": dimension " + d.getKey() + " is not in Metric.Dimension");
                } else if (!allowed.contains(d.getKey())) {
                    p.add(what + " has no dimension " + d.getKey() + " (has " + allowed + ")");
                }
                p.addAll(dimensionValue(what, d.getKey(), d.getValue()));
            }
            if (!dims.isEmpty() && !dims.keySet().equals(allowed)) {
                p.add(what + ": dimensions " + dims.keySet() + " must be all of " + allowed);
            }
            io.orderstream.job.metrics.Metric.Statistic s = names.metricStatistics().get(metric);
            if (s == io.orderstream.job.metrics.Metric.Statistic.P99 && !extended && !"SampleCount".equals(stat)) {
                p.add(what + " is a distribution: read it with extended statistic p99 (--extended-statistics p99), not "
                        + stat);
            }
        } else {
            Set<String> known = names.platformMetrics().get(ns);
            if (known == null) {
                p.add(what + ": namespace " + ns + " is neither ecommerce-streaming nor a platform namespace");
            } else if (!known.contains(metric)) {
                p.add(what + " is not a PlatformMetric nor in RunbookNames.OTHER_AWS_METRICS");
            }
            dims.forEach((k, v) -> p.addAll(dimensionValue(what, k, v)));
        }
        return p;
    }

    private List<String> dimensionValue(String what, String name, String value) {
        List<String> p = new ArrayList<>();
        if (value.startsWith("$")) {
            return p;
        }
        switch (name) {
            case "operator" -> {
                if (!names.operatorNames().contains(value)) {
                    p.add(what + ": operator " + value + " is not a Metric.OperatorName value " + names.operatorNames());
                }
            }
            case "error_type" -> {
                if (!names.errorTypes().contains(value)) {
                    p.add(what + ": error_type " + value + " is not an ErrorType " + names.errorTypes());
                }
            }
            case "DeliveryStreamName" -> {
                if (!names.deliveryStreams().contains(value)) {
                    p.add(what + ": delivery stream " + value + " is not one of " + names.deliveryStreams());
                }
            }
            case "Cluster Name" -> {
                if (!names.clusters().contains(value)) {
                    p.add(what + ": cluster " + value + " is not " + names.clusters());
                }
            }
            case "Consumer Group" -> {
                if (!value.equals(names.consumerGroup())) {
                    p.add(what + ": group " + value + " is not " + names.consumerGroup());
                }
            }
            case "Topic" -> {
                if (!value.equals(names.kafkaTopic())) {
                    p.add(what + ": topic " + value + " is not " + names.kafkaTopic());
                }
            }
            case "Application" -> {
                if (!names.applications().contains(value)) {
                    p.add(what + ": application " + value + " is not " + names.applications());
                }
            }
            case "Broker ID" -> {
                if (!value.matches("[1-3]")) {
                    p.add(what + ": broker id " + value + " is not 1..3");
                }
            }
            case "Partition" -> {
                if (!value.matches("\\d+")) {
                    p.add(what + ": partition " + value);
                }
            }
            default -> p.add(what + ": unknown dimension " + name);
        }
        return p;
    }

    // ---------------------------------------------------------------- Logs Insights

    List<String> logsInsights(String file, String text) {
        List<String> p = new ArrayList<>();
        for (Block b : blocks(text)) {
            if (b.language().equals("logsinsights")) {
                String[] info = b.info().trim().split("\\s+");
                if (info.length < 2) {
                    p.add(file + ": ```logsinsights block without the saved query's name (```logsinsights orderstream/<name>)");
                    continue;
                }
                String saved = names.savedQuery(info[1]);
                if (saved == null) {
                    p.add(file + ": " + info[1] + " is not a deployed saved query " + names.savedQueries().keySet());
                } else if (!normalize(saved).equals(normalize(b.body()))) {
                    p.add(file + ": the query shown as " + info[1] + " differs from the deployed one:\n" + b.body()
                            + "\n--- deployed ---\n" + saved);
                }
            } else if (b.language().equals("bash")) {
                for (List<String> cmd : commands(b.body())) {
                    int aws = awsIndex(cmd);
                    if (aws < 0 || cmd.size() < aws + 3 || !cmd.get(aws + 1).equals("logs")) {
                        continue;
                    }
                    Map<String, List<String>> opts = options(cmd, aws + 3);
                    String sub = cmd.get(aws + 2);
                    if (sub.equals("start-query")) {
                        String q = one(opts, "--query-string");
                        if (q == null) {
                            p.add(file + ": start-query without --query-string");
                        } else if (!q.startsWith("$") && names.savedQueries().values().stream()
                                .noneMatch(s -> normalize(s).equals(normalize(q)))) {
                            p.add(file + ": start-query with a query that is not a deployed saved query: " + q);
                        }
                        for (String g : opts.getOrDefault("--log-group-name", List.of())) {
                            if (!g.equals(names.applicationLogGroup())) {
                                p.add(file + ": saved queries run on log group " + names.applicationLogGroup() + ", not " + g);
                            }
                        }
                    } else if (sub.equals("describe-query-definitions")) {
                        String prefix = one(opts, "--query-definition-name-prefix");
                        if (prefix == null || !names.savedQueries().containsKey(prefix)) {
                            p.add(file + ": --query-definition-name-prefix " + prefix
                                    + " must be the full name of a deployed saved query " + names.savedQueries().keySet());
                        }
                    }
                }
            }
        }
        Matcher qn = QUERY_NAME.matcher(prose(text));
        while (qn.find()) {
            if (!names.savedQueries().containsKey(qn.group())) {
                p.add(file + ": saved query " + qn.group() + " is not deployed " + names.savedQueries().keySet());
            }
        }
        return p;
    }

    static String normalize(String query) {
        return query.strip().replaceAll("\\s+", " ").replaceAll(" ?\\| ?", " | ");
    }

    /** The fields a query reads, without keywords, functions, aliases, literals and durations. */
    static Set<String> fieldsOf(String query) {
        String q = query.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", " ").replaceAll("/(?:[^/\\\\\\n]|\\\\.)*/", " ");
        Set<String> aliases = new LinkedHashSet<>();
        Matcher a = Pattern.compile("\\bas\\s+([A-Za-z_][A-Za-z0-9_]*)").matcher(q);
        while (a.find()) {
            aliases.add(a.group(1));
        }
        Set<String> fields = new LinkedHashSet<>();
        Matcher t = QUERY_TOKEN.matcher(q.replaceAll("\\b\\d+[smhd]?\\b", " "));
        while (t.find()) {
            String tok = t.group();
            if (!QUERY_WORDS.contains(tok) && !aliases.contains(tok)) {
                fields.add(tok);
            }
        }
        return fields;
    }

    /** Values compared with the field {@code event}. */
    static Set<String> eventLiterals(String query) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = Pattern.compile("\\bevent\\s*=\\s*\"([^\"]*)\"").matcher(query);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    // ---------------------------------------------------------------- resources in commands and text

    List<String> resources(String file, String text) {
        List<String> p = new ArrayList<>();
        for (Block b : blocks(text)) {
            if (!b.language().equals("bash")) {
                continue;
            }
            for (List<String> cmd : commands(b.body())) {
                int start = Math.max(awsIndex(cmd), 0);
                Map<String, List<String>> opts = options(cmd, start);
                check(p, file, opts, "--delivery-stream-name", names.deliveryStreams());
                check(p, file, opts, "--application-name", names.applications());
                check(p, file, opts, "--cluster-name-filter", names.clusters());
                check(p, file, opts, "--stack-name", names.stacks());
                check(p, file, opts, "--alarm-names", names.alarmIds());
                check(p, file, opts, "--alarm-name", names.alarmIds());
                check(p, file, opts, "--dashboard-name", names.dashboards());
                check(p, file, opts, "--group", Set.of(names.consumerGroup()));
                for (String topic : opts.getOrDefault("--topic", List.of())) {
                    if (!topic.replaceFirst(":[0-9,]+$", "").equals(names.kafkaTopic())) {
                        p.add(file + ": --topic " + topic + " is not " + names.kafkaTopic() + "[:partitions]");
                    }
                }
                check(p, file, opts, "--topic-name", Set.of(names.kafkaTopic()));
                Set<String> groups = new LinkedHashSet<>(names.logGroups());
                check(p, file, opts, "--log-group-name", groups);
                check(p, file, opts, "--log-group-identifier", groups);
                if (cmd.size() > start + 3 && cmd.get(start).endsWith("aws") && cmd.get(start + 1).equals("logs")
                        && (cmd.get(start + 2).equals("tail"))) {
                    if (!cmd.get(start + 3).contains("$") && !groups.contains(cmd.get(start + 3))) {
                        p.add(file + ": aws logs tail " + cmd.get(start + 3) + " is not a log group of the app " + groups);
                    }
                }
                for (String stack : opts.getOrDefault("--stack-name", List.of())) {
                    Matcher out = Pattern.compile("OutputKey=='([A-Za-z0-9]+)'").matcher(String.join(" ", cmd));
                    while (out.find()) {
                        if (!names.outputs().getOrDefault(stack, Set.of()).contains(out.group(1))) {
                            p.add(file + ": stack " + stack + " has no output " + out.group(1) + " (has "
                                    + names.outputs().get(stack) + ")");
                        }
                    }
                }
                int dlq = cmd.indexOf("dlq");
                if (dlq > 0 && cmd.get(dlq - 1).endsWith("orderstream")) {
                    for (String t : opts.getOrDefault("--type", List.of())) {
                        for (String type : t.split(",")) {
                            if (!names.errorTypes().contains(type)) {
                                p.add(file + ": ./orderstream dlq --type " + type + " is not an ErrorType");
                            }
                        }
                    }
                    if (cmd.size() > dlq + 1 && Set.of("list", "count", "replay").contains(cmd.get(dlq + 1))) {
                        String prefix = one(opts, "--prefix");
                        if (prefix == null || !prefix.startsWith(names.dlqObjectPrefix())) {
                            p.add(file + ": ./orderstream dlq " + cmd.get(dlq + 1) + " needs --prefix " + names.dlqObjectPrefix()
                                    + " (where " + "the DLQ delivery stream writes in the deployed bucket), has " + prefix);
                        }
                    }
                    for (String bucket : opts.getOrDefault("--bucket", List.of())) {
                        if (!bucket.startsWith("$") && !bucket.startsWith("\"$")) {
                            p.add(file + ": --bucket " + bucket + ": bucket names are generated; use $DLQ_BUCKET (output DlqBucketName)");
                        }
                    }
                }
                for (String kv : opts.getOrDefault("-c", List.of())) {
                    if (kv.startsWith("jobProperties=")) {
                        for (String pair : kv.substring("jobProperties=".length()).split(";")) {
                            String key = pair.split("=", 2)[0].trim();
                            if (!names.configKeys().contains(key)) {
                                p.add(file + ": jobProperties key " + key + " is not in ConfigKeys");
                            }
                        }
                    }
                }
            }
            Matcher s3 = Pattern.compile("s3://([^\\s\"'/]*)").matcher(b.body());
            while (s3.find()) {
                if (!s3.group(1).startsWith("$") && !s3.group(1).startsWith("${")) {
                    p.add(file + ": s3://" + s3.group(1) + ": bucket names are generated by CloudFormation; read them "
                            + "from the stack outputs into a variable");
                }
            }
        }
        Matcher st = STREAM_LIKE.matcher(text);
        while (st.find()) {
            if (!names.deliveryStreams().contains(st.group())) {
                p.add(file + ": " + st.group() + " is not a delivery stream of the app " + names.deliveryStreams());
            }
        }
        Matcher tp = TOPIC_LIKE.matcher(text);
        while (tp.find()) {
            if (!names.topics().contains(tp.group())) {
                p.add(file + ": SNS topic " + tp.group() + " is not one of " + names.topics());
            }
        }
        Matcher fl = FIREHOSE_LOGS.matcher(text);
        while (fl.find()) {
            if (!fl.group(1).equals("<stream>") && !names.logGroups().contains(fl.group())) {
                p.add(file + ": log group " + fl.group() + " does not exist in the app");
            }
        }
        Matcher ml = MSK_LOGS.matcher(text);
        while (ml.find()) {
            if (!names.logGroups().contains(ml.group())) {
                p.add(file + ": log group " + ml.group() + " does not exist in the app");
            }
        }
        return p;
    }

    private static void check(List<String> p, String file, Map<String, List<String>> opts, String opt, Set<String> allowed) {
        for (String v : opts.getOrDefault(opt, List.of())) {
            if (!v.startsWith("$") && !v.startsWith("\"$") && !allowed.contains(v)) {
                p.add(file + ": " + opt + " " + v + " is not one of " + allowed);
            }
        }
    }

    // ---------------------------------------------------------------- names in prose

    List<String> proseNames(String file, String text) {
        List<String> p = new ArrayList<>();
        Matcher m = BACKTICK.matcher(prose(text));
        while (m.find()) {
            String t = m.group(1).trim();
            if (CAMEL.matcher(t).matches() && HUMP.matcher(t).find() && !PROSE_NOT_METRICS.contains(t)) {
                boolean known = names.metricDimensions().containsKey(t) || names.dimensionNames().contains(t)
                        || names.platformMetrics().values().stream().anyMatch(s -> s.contains(t))
                        || names.outputs().values().stream().anyMatch(s -> s.contains(t))
                        || names.seedNames().contains(t) || names.contextKeys().contains(t) || names.clusters().contains(t)
                        || t.endsWith("Exception") || t.endsWith("Error") || t.startsWith("S3.") || t.startsWith("KMS.");
                if (!known) {
                    p.add(file + ": `" + t + "` is not a Metric, Metric.Dimension, known AWS metric, stack output, CDK context key or exception");
                }
            } else if (SNAKE_METRIC.matcher(t).matches()) {
                if (!names.metricDimensions().containsKey(t) && !names.logFields().contains(t)
                        && !names.seedNames().contains(t)) {
                    p.add(file + ": `" + t + "` is neither a Metric, a LogField nor a seed name the contract maps");
                }
            } else if (CONFIG_KEY.matcher(t).matches()) {
                if (!names.configKeys().contains(t)) {
                    p.add(file + ": `" + t + "` is not a key of io.orderstream.job.config.ConfigKeys");
                }
            } else if (t.startsWith("io.orderstream.")) {
                p.addAll(javaReference(file, t));
            } else if (ALARM_LIKE.matcher(t).matches() && !names.alarmIds().contains(t)) {
                p.add(file + ": `" + t + "` looks like an alarm id but is not in the catalog");
            }
        }
        return p;
    }

    private List<String> javaReference(String file, String ref) {
        if (ref.matches("io\\.orderstream(?:\\.[a-z0-9]+)+")) {
            String dir = ref.replace('.', '/');
            return names.sourceRoots().stream().anyMatch(r -> Files.isDirectory(r.resolve(dir))) ? List.of()
                    : List.of(file + ": `" + ref + "`: no package " + ref);
        }
        Matcher m = FQCN.matcher(ref);
        if (!m.matches()) {
            return List.of(file + ": `" + ref + "`: write classes as io.orderstream.<package>.<Class>[.MEMBER|#method]");
        }
        String path = m.group(1).replace('.', '/') + "/" + m.group(2) + ".java";
        for (Path root : names.sourceRoots()) {
            Path source = root.resolve(path);
            if (Files.isRegularFile(source)) {
                if (m.group(3) != null) {
                    try {
                        if (!Pattern.compile("\\b" + Pattern.quote(m.group(3)) + "\\b").matcher(Files.readString(source)).find()) {
                            return List.of(file + ": `" + ref + "`: " + m.group(2) + " has no member " + m.group(3));
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return List.of();
            }
        }
        return List.of(file + ": `" + ref + "`: no source file " + path);
    }

    List<String> links(String file, String text) {
        List<String> p = new ArrayList<>();
        Matcher m = LINK.matcher(text);
        while (m.find()) {
            String target = m.group(1);
            if (target.startsWith("http")) {
                continue;
            }
            Path resolved = names.repoRoot().resolve("runbooks").resolve(target).normalize();
            if (!Files.isRegularFile(resolved)) {
                p.add(file + ": link to " + target + " does not resolve");
            }
        }
        return p;
    }

    // ---------------------------------------------------------------- shell parsing

    /** The logical commands of a bash block: continuation lines joined, comments dropped, split at | ; && ||. */
    static List<List<String>> commands(String body) {
        List<List<String>> out = new ArrayList<>();
        String joined = body.replaceAll("\\\\\\n", " ");
        for (String line : joined.split("\n")) {
            List<String> tokens = tokens(line);
            List<String> current = new ArrayList<>();
            for (String t : tokens) {
                if (t.equals("|") || t.equals(";") || t.equals("&&") || t.equals("||")) {
                    if (!current.isEmpty()) {
                        out.add(current);
                    }
                    current = new ArrayList<>();
                } else {
                    current.add(t);
                }
            }
            if (!current.isEmpty()) {
                out.add(current);
            }
        }
        return out;
    }

    /** Shell words of one line: quotes removed (their content kept whole), a '#' word starts a comment. */
    static List<String> tokens(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        int parens = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' ) {
                int end = line.indexOf('\'', i + 1);
                end = end < 0 ? line.length() : end;
                cur.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                int j = i + 1;
                int depth = 0;
                while (j < line.length() && (line.charAt(j) != '"' || depth > 0)) {
                    if (line.charAt(j) == '\\' && j + 1 < line.length()) {
                        cur.append(line.charAt(j + 1));
                        j += 2;
                        continue;
                    }
                    if (line.startsWith("$(", j)) {
                        depth++;
                    } else if (line.charAt(j) == ')' && depth > 0) {
                        depth--;
                    }
                    cur.append(line.charAt(j));
                    j++;
                }
                i = j;
                inWord = true;
            } else if (Character.isWhitespace(c) && parens == 0) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else if (c == '#' && !inWord) {
                break;
            } else if (c == ';' && parens == 0) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
                out.add(";");
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(cur.toString());
        }
        List<String> cleaned = new ArrayList<>();
        for (String t : out) {
            int open = t.length() - t.replace("(", "").length();
            int close = t.length() - t.replace(")", "").length();
            while (close > open && t.endsWith(")")) {
                t = t.substring(0, t.length() - 1);
                close--;
            }
            cleaned.add(t);
        }
        return cleaned;
    }

    private static int awsIndex(List<String> cmd) {
        for (int i = 0; i < cmd.size(); i++) {
            if (cmd.get(i).equals("aws") || cmd.get(i).endsWith("$(aws")) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, List<String>> options(List<String> cmd, int from) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String opt = null;
        for (int i = from; i < cmd.size(); i++) {
            String t = cmd.get(i);
            if (t.startsWith("--") || t.equals("-c")) {
                int eq = t.indexOf('=');
                if (eq > 0 && t.startsWith("--")) {
                    out.computeIfAbsent(t.substring(0, eq), k -> new ArrayList<>()).add(t.substring(eq + 1));
                    opt = null;
                } else {
                    opt = t;
                    out.computeIfAbsent(opt, k -> new ArrayList<>());
                }
            } else if (opt != null) {
                out.get(opt).add(t);
                if (!opt.equals("--dimensions") && !opt.equals("--alarm-names")) {
                    opt = null;
                }
            }
        }
        return out;
    }

    private static String one(Map<String, List<String>> opts, String name) {
        List<String> v = opts.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
