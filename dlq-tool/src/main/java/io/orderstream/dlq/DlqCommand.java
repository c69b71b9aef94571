package io.orderstream.dlq;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The command line: {@code list}, {@code count} and {@code replay} over the DLQ bucket. Parses the
 * arguments, builds the S3 and Kafka clients and prints tables (default) or JSON lines
 * ({@code --json}). Exit codes: 0 done, 1 failed (missing bucket, unreachable Kafka, records not
 * sent), 2 bad command line.
 */
public final class DlqCommand {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    static final String USAGE_TEXT = """
            usage: orderstream dlq <list|count|replay> --bucket BUCKET [options]

            Reads the DLQ records that Firehose wrote to S3 (one JSON line per record), and replays
            selected ones into orders.raw with their original bytes.

              list      the matching records, oldest first (--limit N, default 50; 0 = all)
              count     the matching records by error type
              replay    send the matching records to Kafka. DRY RUN unless --execute.

            where:
              --bucket NAME          the DLQ bucket (env ORDERSTREAM_DLQ_BUCKET); locally orderstream-dlq
              --prefix PREFIX        object prefix in the bucket (default dlq/); e.g. dlq/year=2026/month=11/day=23/ for one day
              --region REGION        AWS region (default: AWS_REGION / the profile's region)
              --endpoint URL         S3 endpoint override, e.g. http://127.0.0.1:4566 for LocalStack
                                     (path-style; credentials default to test/test unless set in the environment)
            filters (all commands):
              --type TYPE[,TYPE]     error types: parse_error, validation_error, duplicate, timeout,
                                     external_api_error, late_arrival (repeatable)
              --since TIME           processing_time >= TIME   (2026-11-23T14:05:00Z, 2026-11-23T14:05, 2026-11-23, 90m, 6h, 2d)
              --until TIME           processing_time <  TIME
              --order-id ID[,ID]     order ids (repeatable)
            output:
              --json                 JSON lines instead of a table (replay: the report as one JSON line)
            replay:
              --execute              really send (default: dry run, nothing is sent)
              --bootstrap-servers B  Kafka bootstrap servers (required with --execute; checked in a dry run when given)
              --topic TOPIC          target topic (default orders.raw)
              --kafka-security S     IAM (default: SASL_SSL + AWS_MSK_IAM, default credential chain) or PLAINTEXT
              --kafka-timeout D      how long to wait for the cluster, e.g. 30s (default 30s)
              --kafka-property K=V   extra Kafka client property (repeatable)
              --rate N               records per second (default 100)
              --limit N              replay at most N records (oldest first; default all)
              --include-replays      also replay DLQ records that a replay produced (they have replay_of)
              --allow-type TYPE      allow duplicate or late_arrival, refused by default (repeatable)
              --report FILE          replay report (default dlq-replay-<UTC time>.json; dry runs write one too)

            exit codes: 0 done, 1 failed (missing bucket, unreachable Kafka, records not sent), 2 bad command line
            """;

    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter REPORT_NAME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final Function<String, String> env;
    private final RateLimiter.Clock limiterClock;

    public DlqCommand(PrintStream out, PrintStream err, Clock clock, Function<String, String> env,
            RateLimiter.Clock limiterClock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.env = env;
        this.limiterClock = limiterClock;
    }

    public static void main(String[] args) {
        int code = new DlqCommand(System.out, System.err, Clock.systemUTC(), System::getenv, RateLimiter.Clock.SYSTEM)
                .run(args);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command; never throws, never exits. */
    public int run(String... args) {
        Options o;
        try {
            o = Options.parse(args, clock.instant(), env);
        } catch (UsageException e) {
            err.println("orderstream dlq: " + e.getMessage());
            err.println("run 'orderstream dlq --help' for the options");
            return USAGE;
        }
        if (o.help) {
            out.print(USAGE_TEXT);
            return OK;
        }
        try (S3Client s3 = s3Client(o)) {
            DlqStore store = new DlqStore(s3, o.bucket, o.prefix, where(o));
            return switch (o.command) {
                case "list" -> list(o, store);
                case "count" -> count(o, store);
                case "replay" -> replay(o, store);
                default -> throw new IllegalStateException(o.command);
            };
        } catch (UsageException e) {
            err.println("orderstream dlq: " + e.getMessage());
            return USAGE;
        } catch (ToolException e) {
            err.println("orderstream dlq: " + e.getMessage());
            return FAILED;
        } catch (SdkClientException e) {
            err.println("orderstream dlq: AWS: " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("orderstream dlq: interrupted");
            return FAILED;
        } catch (RuntimeException e) {
            err.println("orderstream dlq: " + e);
            return FAILED;
        }
    }

    // ---------------------------------------------------------------------------------------- list

    private int list(Options o, DlqStore store) {
        DlqStore.ReadResult r = read(o, store);
        List<DlqRecord> shown = o.limit > 0 && r.records().size() > o.limit ? r.records().subList(0, o.limit) : r.records();
        if (o.json) {
            for (DlqRecord rec : shown) {
                ObjectNode line = rec.json().deepCopy();
                line.put("dlq_object", "s3://" + o.bucket + "/" + rec.objectKey());
                out.println(line);
            }
            if (shown.size() < r.records().size()) {
                err.println("note: first " + shown.size() + " of " + r.records().size() + " record(s); --limit 0 prints all");
            }
        } else {
            Table t = new Table("PROCESSING_TIME", "ERROR_TYPE", "RULE", "ORDER_ID", "POSITION", "REPLAY_OF", "PAYLOAD");
            for (DlqRecord rec : shown) {
                t.row(rec.processingTime().truncatedTo(ChronoUnit.MILLIS).toString(), rec.errorType(),
                        dash(rec.errorRule()), dash(rec.orderId()), rec.position(), dash(rec.replayOf()),
                        payloadPreview(rec));
            }
            t.print(out);
            out.println(r.records().size() + " record(s)" + (shown.size() < r.records().size()
                    ? ", first " + shown.size() + " shown (--limit 0 shows all)" : ""));
        }
        return OK;
    }

    private static String payloadPreview(DlqRecord r) {
        String p = r.payloadEncoding().equals("base64") ? "base64:" + r.payload() : r.payload();
        p = p.replaceAll("\\s+", " ");
        return p.length() > 60 ? p.substring(0, 57) + "..." : p;
    }

    // --------------------------------------------------------------------------------------- count

    private int count(Options o, DlqStore store) {
        DlqStore.ReadResult r = read(o, store);
        Map<String, long[]> byType = byType(r.records());
        if (o.json) {
            byType.forEach((type, n) -> {
                ObjectNode line = JSON.createObjectNode();
                line.put("error_type", type);
                line.put("records", n[0]);
                line.put("replays", n[1]);
                out.println(line);
            });
        } else {
            Table t = new Table("ERROR_TYPE", "RECORDS", "OF_WHICH_REPLAYS").rightAlign(1, 2);
            long total = 0;
            long replays = 0;
            for (Map.Entry<String, long[]> e : byType.entrySet()) {
                t.row(e.getKey(), String.valueOf(e.getValue()[0]), String.valueOf(e.getValue()[1]));
                total += e.getValue()[0];
                replays += e.getValue()[1];
            }
            t.row("total", String.valueOf(total), String.valueOf(replays));
            t.print(out);
        }
        return OK;
    }

    private static Map<String, long[]> byType(List<DlqRecord> records) {
        Map<String, long[]> m = new TreeMap<>((a, b) -> ErrorTypes.rank(a) != ErrorTypes.rank(b)
                ? Integer.compare(ErrorTypes.rank(a), ErrorTypes.rank(b)) : a.compareTo(b));
        for (DlqRecord r : records) {
            long[] n = m.computeIfAbsent(r.errorType(), k -> new long[2]);
            n[0]++;
            if (r.isReplay()) {
                n[1]++;
            }
        }
        return m;
    }

    // -------------------------------------------------------------------------------------- replay

    private int replay(Options o, DlqStore store) throws InterruptedException {
        Instant started = clock.instant();
        DlqStore.ReadResult read = read(o, store);
        Replayer.Plan plan = Replayer.plan(read.records(), o.includeReplays, o.allowedTypes);
        int planned = plan.toSend().size();
        if (o.limit > 0 && planned > o.limit) {
            plan = new Replayer.Plan(plan.toSend().subList(0, o.limit), plan.skipped());
        }
        if (o.kafka != null && !plan.toSend().isEmpty()) {
            int partitions = o.kafka.checkTopic(o.topic);
            if (!o.json) {
                out.println("Kafka " + o.kafka.bootstrapServers() + ": topic " + o.topic + " has " + partitions
                        + " partition(s)");
            }
        }

        List<Replayer.Outcome> outcomes;
        if (!o.execute) {
            outcomes = Replayer.dryRun(plan);
        } else if (plan.toSend().isEmpty()) {
            outcomes = List.of();
        } else {
            try (KafkaProducer<byte[], byte[]> producer = o.kafka.producer()) {
                Replayer replayer = new Replayer(producer, o.topic, new RateLimiter(o.rate, limiterClock));
                int total = plan.toSend().size();
                int step = Math.max(100, total / 10);
                outcomes = replayer.send(plan, (n, all) -> {
                    if (!o.json && n % step == 0 && n < all) {
                        err.println("  " + n + "/" + all + " handed to the producer");
                    }
                });
            }
        }

        ObjectNode report = report(o, read, plan, outcomes, started, planned);
        Path reportFile = o.reportFile != null ? o.reportFile
                : Path.of("dlq-replay-" + REPORT_NAME.format(started) + ".json");
        try {
            Files.writeString(reportFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ToolException("cannot write the replay report " + reportFile + ": " + e.getMessage(), e);
        }

        long failed = outcomes.stream().filter(x -> x.status() == Replayer.Status.FAILED
                || x.status() == Replayer.Status.NOT_SENT).count();
        if (o.json) {
            out.println(report);
        } else {
            printReplaySummary(o, plan, outcomes, planned, reportFile);
        }
        if (failed > 0) {
            err.println("orderstream dlq: " + failed + " record(s) not sent; see " + reportFile
                    + ". Re-running is safe: the job lets a replay through once per original position.");
            return FAILED;
        }
        return OK;
    }

    private void printReplaySummary(Options o, Replayer.Plan plan, List<Replayer.Outcome> outcomes, int planned,
            Path reportFile) {
        out.println(o.execute
                ? "REPLAY into " + o.topic + " from s3://" + o.bucket + "/" + o.prefix
                : "DRY RUN: nothing is sent. Would replay into " + o.topic + " from s3://" + o.bucket + "/" + o.prefix
                        + " (add --execute to send)");
        Map<String, long[]> counts = new TreeMap<>((a, b) -> ErrorTypes.rank(a) != ErrorTypes.rank(b)
                ? Integer.compare(ErrorTypes.rank(a), ErrorTypes.rank(b)) : a.compareTo(b));
        for (Replayer.Outcome x : outcomes) {
            long[] n = counts.computeIfAbsent(x.record().errorType(), k -> new long[3]);
            n[x.status() == Replayer.Status.SENT || x.status() == Replayer.Status.WOULD_SEND ? 0 : 1]++;
        }
        for (Replayer.Skipped s : plan.skipped()) {
            counts.computeIfAbsent(s.record().errorType(), k -> new long[3])[2]++;
        }
        Table t = o.execute
                ? new Table("ERROR_TYPE", "SENT", "FAILED", "SKIPPED").rightAlign(1, 2, 3)
                : new Table("ERROR_TYPE", "WOULD_SEND", "SKIPPED").rightAlign(1, 2);
        long[] total = new long[3];
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            long[] n = e.getValue();
            for (int i = 0; i < 3; i++) {
                total[i] += n[i];
            }
            t.row(row(o.execute, e.getKey(), n));
        }
        t.row(row(o.execute, "total", total));
        t.print(out);
        Map<Replayer.SkipReason, Long> reasons = new LinkedHashMap<>();
        for (Replayer.Skipped s : plan.skipped()) {
            reasons.merge(s.reason(), 1L, Long::sum);
        }
        reasons.forEach((reason, n) -> out.println("skipped " + n + ": " + reason.text));
        if (plan.toSend().size() < planned) {
            out.println("limited by --limit to " + plan.toSend().size() + " of " + planned);
        }
        out.println("report: " + reportFile.toAbsolutePath());
    }

    private static String[] row(boolean execute, String type, long[] n) {
        return execute
                ? new String[] {type, String.valueOf(n[0]), String.valueOf(n[1]), String.valueOf(n[2])}
                : new String[] {type, String.valueOf(n[0]), String.valueOf(n[2])};
    }

    private ObjectNode report(Options o, DlqStore.ReadResult read, Replayer.Plan plan, List<Replayer.Outcome> outcomes,
            Instant started, int planned) {
        ObjectNode r = JSON.createObjectNode();
        r.put("tool", "orderstream-dlq-tool");
        r.put("mode", o.execute ? "execute" : "dry_run");
        r.put("started_at", started.toString());
        r.put("finished_at", clock.instant().toString());
        ObjectNode source = r.putObject("source");
        source.put("bucket", o.bucket);
        source.put("prefix", o.prefix);
        source.put("objects_read", read.objectsRead());
        source.put("duplicate_lines", read.duplicateLines());
        source.put("malformed_lines", read.malformedLines().size());
        source.put("unjoined_records", read.unjoinedRecords().size());
        ObjectNode target = r.putObject("target");
        target.put("topic", o.topic);
        target.put("bootstrap_servers", o.kafka == null ? null : o.kafka.bootstrapServers());
        target.put("header", ReplayContract.REPLAY_OF_HEADER);
        ObjectNode filters = r.putObject("filters");
        filters.set("error_types", strings(o.filter.errorTypes()));
        filters.put("since", o.filter.since() == null ? null : o.filter.since().toString());
        filters.put("until", o.filter.until() == null ? null : o.filter.until().toString());
        filters.set("order_ids", strings(o.filter.orderIds()));
        r.put("include_replays", o.includeReplays);
        r.set("allowed_types", strings(o.allowedTypes));
        r.put("rate_per_second", o.rate);
        r.put("limit", o.limit);
        r.put("selected", read.records().size());
        r.put("replayable", planned);

        Map<String, ObjectNode> counts = new TreeMap<>((a, b) -> ErrorTypes.rank(a) != ErrorTypes.rank(b)
                ? Integer.compare(ErrorTypes.rank(a), ErrorTypes.rank(b)) : a.compareTo(b));
        ArrayNode records = JSON.createArrayNode();
        for (Replayer.Outcome x : outcomes) {
            String status = x.status().name().toLowerCase(java.util.Locale.ROOT);
            counts.computeIfAbsent(x.record().errorType(), k -> JSON.createObjectNode()).put(status,
                    counts.get(x.record().errorType()).path(status).asLong() + 1);
            ObjectNode e = records.addObject();
            e.put("original_position", x.record().originalPosition());
            e.put("dlq_position", x.record().position());
            e.put("error_type", x.record().errorType());
            e.put("error_rule", x.record().errorRule());
            e.put("order_id", x.record().orderId());
            e.put("processing_time", x.record().processingTime().toString());
            e.put("payload_bytes", x.record().payloadBytes().length);
            e.put("status", status);
            if (x.produced() != null) {
                e.put("produced_at", x.produced());
            }
            if (x.error() != null) {
                e.put("error", x.error());
            }
        }
        ArrayNode skipped = JSON.createArrayNode();
        for (Replayer.Skipped s : plan.skipped()) {
            counts.computeIfAbsent(s.record().errorType(), k -> JSON.createObjectNode()).put("skipped",
                    counts.get(s.record().errorType()).path("skipped").asLong() + 1);
            ObjectNode e = skipped.addObject();
            e.put("dlq_position", s.record().position());
            e.put("original_position", s.record().originalPosition());
            e.put("error_type", s.record().errorType());
            e.put("order_id", s.record().orderId());
            e.put("reason", s.reason().name().toLowerCase(java.util.Locale.ROOT));
        }
        ObjectNode byType = r.putObject("counts_by_error_type");
        counts.forEach(byType::set);
        r.set("records", records);
        r.set("skipped", skipped);
        return r;
    }

    private static ArrayNode strings(Set<String> values) {
        ArrayNode a = JSON.createArrayNode();
        values.stream().sorted().forEach(a::add);
        return a;
    }

    // -------------------------------------------------------------------------------------- common

    private DlqStore.ReadResult read(Options o, DlqStore store) {
        DlqStore.ReadResult r = store.read(o.filter);
        int shown = 0;
        for (String m : r.malformedLines()) {
            if (shown++ < 10) {
                err.println("warning: skipped a line that is not a DLQ record: " + m);
            }
        }
        if (r.malformedLines().size() > 10) {
            err.println("warning: " + (r.malformedLines().size() - 10) + " more malformed line(s) skipped");
        }
        for (String m : r.unjoinedRecords()) {
            err.println("warning: skipped a DLQ record whose parts cannot be joined: " + m);
        }
        if (r.duplicateLines() > 0) {
            err.println("note: " + r.duplicateLines() + " line(s) repeat a position already read (Firehose delivers at"
                    + " least once); each position is counted once");
        }
        if (r.objectsRead() == 0) {
            err.println("note: no objects under s3://" + o.bucket + "/" + o.prefix
                    + (r.objectsSkipped() > 0 ? " (" + r.objectsSkipped() + " under hour prefixes older than --since)" : ""));
        }
        return r;
    }

    private S3Client s3Client(Options o) {
        S3ClientBuilder b = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(region(o));
        if (o.endpoint != null) {
            b.endpointOverride(o.endpoint).forcePathStyle(true).credentialsProvider(endpointCredentials());
        } else {
            b.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return b.build();
    }

    /** With --endpoint (LocalStack): credentials from the environment if set, else LocalStack's test/test. */
    private static AwsCredentialsProvider endpointCredentials() {
        return AwsCredentialsProviderChain.builder()
                .reuseLastProviderEnabled(true)
                .credentialsProviders(
                        EnvironmentVariableCredentialsProvider.create(),
                        SystemPropertyCredentialsProvider.create(),
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    private Region region(Options o) {
        if (o.region != null) {
            return Region.of(o.region);
        }
        for (String var : List.of("AWS_REGION", "AWS_DEFAULT_REGION")) {
            String v = env.apply(var);
            if (v != null && !v.isBlank()) {
                return Region.of(v.trim());
            }
        }
        if (o.endpoint != null) {
            return Region.US_EAST_1;
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException e) {
            throw new UsageException("no AWS region: pass --region (or set AWS_REGION)");
        }
    }

    private String where(Options o) {
        return o.endpoint != null ? "endpoint " + o.endpoint : "region " + (o.region != null ? o.region : "from the environment");
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }

    // ------------------------------------------------------------------------------------- options

    /** The parsed command line. */
    static final class Options {
        String command;
        boolean help;
        String bucket;
        String prefix = "dlq/";
        String region;
        URI endpoint;
        boolean json;
        DlqFilter filter;
        int limit = -1;
        boolean execute;
        KafkaSettings kafka;
        String topic = "orders.raw";
        double rate = 100;
        boolean includeReplays;
        Set<String> allowedTypes = new LinkedHashSet<>();
        Path reportFile;

        static Options parse(String[] args, Instant now, Function<String, String> env) {
            Options o = new Options();
            List<String> types = new ArrayList<>();
            List<String> orderIds = new ArrayList<>();
            Instant since = null;
            Instant until = null;
            String bootstrap = null;
            KafkaSettings.Security security = KafkaSettings.Security.IAM;
            Duration kafkaTimeout = Duration.ofSeconds(30);
            Map<String, String> kafkaProps = new LinkedHashMap<>();
            boolean kafkaOptionSeen = false;
            List<String> replayOnly = new ArrayList<>();

            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String name = a;
                String inline = null;
                if (a.startsWith("--") && a.contains("=")) {
                    name = a.substring(0, a.indexOf('='));
                    inline = a.substring(a.indexOf('=') + 1);
                }
                switch (name) {
                    case "-h", "--help", "help" -> o.help = true;
                    case "list", "count", "replay" -> {
                        if (o.command != null) {
                            throw new UsageException("one command only, got '" + o.command + "' and '" + a + "'");
                        }
                        o.command = a;
                    }
                    case "--json" -> o.json = true;
                    case "--execute" -> {
                        o.execute = true;
                        replayOnly.add(name);
                    }
                    case "--include-replays" -> {
                        o.includeReplays = true;
                        replayOnly.add(name);
                    }
                    default -> {
                        if (!a.startsWith("-")) {
                            throw new UsageException("unknown command '" + a + "' (list, count or replay)");
                        }
                        String v = inline != null ? inline : value(args, ++i, name);
                        switch (name) {
                            case "--bucket" -> o.bucket = v;
                            case "--prefix" -> o.prefix = v;
                            case "--region" -> o.region = v;
                            case "--endpoint" -> o.endpoint = uri(v);
                            case "--type" -> types.addAll(split(v));
                            case "--order-id" -> orderIds.addAll(split(v));
                            case "--since" -> since = DlqFilter.parseTime(name, v, now);
                            case "--until" -> until = DlqFilter.parseTime(name, v, now);
                            case "--limit" -> o.limit = nonNegativeInt(name, v);
                            case "--bootstrap-servers" -> {
                                bootstrap = v;
                                kafkaOptionSeen = true;
                            }
                            case "--topic" -> {
                                o.topic = v;
                                replayOnly.add(name);
                            }
                            case "--kafka-security" -> {
                                security = KafkaSettings.Security.parse(v);
                                kafkaOptionSeen = true;
                            }
                            case "--kafka-timeout" -> {
                                kafkaTimeout = duration(name, v);
                                kafkaOptionSeen = true;
                            }
                            case "--kafka-property" -> {
                                int eq = v.indexOf('=');
                                if (eq <= 0) {
                                    throw new UsageException("--kafka-property needs KEY=VALUE, got '" + v + "'");
                                }
                                kafkaProps.put(v.substring(0, eq), v.substring(eq + 1));
                                kafkaOptionSeen = true;
                            }
                            case "--rate" -> {
                                o.rate = positiveNumber(name, v);
                                replayOnly.add(name);
                            }
                            case "--allow-type" -> {
                                split(v).forEach(t -> o.allowedTypes.add(ErrorTypes.parse(t)));
                                replayOnly.add(name);
                            }
                            case "--report" -> {
                                o.reportFile = Path.of(v);
                                replayOnly.add(name);
                            }
                            default -> throw new UsageException("unknown option '" + name + "'");
                        }
                    }
                }
            }
            if (o.help) {
                return o;
            }
            if (o.command == null) {
                throw new UsageException("missing command: list, count or replay");
            }
            if (!o.command.equals("replay")) {
                if (!replayOnly.isEmpty() || kafkaOptionSeen) {
                    throw new UsageException((replayOnly.isEmpty() ? "Kafka options" : replayOnly.get(0))
                            + " only apply to replay");
                }
                if (o.command.equals("list") && o.limit < 0) {
                    o.limit = 50;
                }
                if (o.command.equals("count") && o.limit >= 0) {
                    throw new UsageException("--limit does not apply to count");
                }
            }
            if (o.bucket == null) {
                String fromEnv = env.apply("ORDERSTREAM_DLQ_BUCKET");
                if (fromEnv == null || fromEnv.isBlank()) {
                    throw new UsageException("missing --bucket (the DLQ bucket; locally orderstream-dlq)");
                }
                o.bucket = fromEnv.trim();
            }
            if (o.prefix.startsWith("/")) {
                throw new UsageException("--prefix is a key prefix without a leading '/', e.g. data/");
            }
            o.filter = DlqFilter.of(types, since, until, orderIds);
            if (bootstrap != null) {
                o.kafka = new KafkaSettings(bootstrap, security, kafkaTimeout, kafkaProps);
            } else if (kafkaOptionSeen) {
                throw new UsageException("Kafka options need --bootstrap-servers");
            } else if (o.execute) {
                throw new UsageException("replay --execute needs --bootstrap-servers");
            }
            return o;
        }

        private static String value(String[] args, int i, String name) {
            if (i >= args.length || args[i].startsWith("--")) {
                throw new UsageException(name + " needs a value");
            }
            return args[i];
        }

        private static List<String> split(String v) {
            List<String> parts = new ArrayList<>();
            for (String p : v.split(",")) {
                if (!p.isBlank()) {
                    parts.add(p.trim());
                }
            }
            if (parts.isEmpty()) {
                throw new UsageException("empty value '" + v + "'");
            }
            return parts;
        }

        private static URI uri(String v) {
            try {
                URI u = URI.create(v);
                if (u.getScheme() == null || u.getHost() == null) {
                    throw new IllegalArgumentException();
                }
                return u;
            } catch (IllegalArgumentException e) {
                throw new UsageException("--endpoint '" + v + "' is not a URL such as http://127.0.0.1:4566");
            }
        }

        private static int nonNegativeInt(String name, String v) {
            try {
                int n = Integer.parseInt(v.trim());
                if (n >= 0) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // falls through
            }
            throw new UsageException(name + " must be a whole number >= 0, got '" + v + "'");
        }

        private static double positiveNumber(String name, String v) {
            try {
                double d = Double.parseDouble(v.trim());
                if (d > 0 && !Double.isInfinite(d)) {
                    return d;
                }
            } catch (NumberFormatException ignored) {
                // falls through
            }
            throw new UsageException(name + " must be a number > 0 (records per second), got '" + v + "'");
        }

        private static Duration duration(String name, String v) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*(ms|s|m)?").matcher(v.trim());
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "s" : m.group(2);
                Duration d = switch (unit) {
                    case "ms" -> Duration.ofMillis(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofSeconds(n);
                };
                if (!d.isZero()) {
                    return d;
                }
            }
            throw new UsageException(name + " must be a duration such as 30s, 2m or 500ms, got '" + v + "'");
        }
    }
}
