package io.orderstream.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderstream.harness.KafkaBroker;
import io.orderstream.harness.LocalStack;
import io.orderstream.harness.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool end to end against the harness's LocalStack (S3) and Kafka broker: DLQ lines under
 * Firehose's date prefixes (one object gzip-compressed, one line repeated as Firehose may, one line
 * that is not a record), then list/count/replay through the command line entry point. Under a prefix
 * of their own, records split into parts across two objects, one of them with a part never delivered.
 */
class DlqToolIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-23T17:00:00Z");
    private static final byte[] INVALID_UTF8 = {'{', '"', 'o', 'r', 'd', 'e', 'r', '_', 'i', 'd', '"', ':',
            (byte) 0xc3, (byte) 0x28, (byte) 0xff, (byte) 0xfe, 0x00, '}'};

    /** Where the split records P and Q are: their parts' objects. */
    private static final String SPLIT_PREFIX = "dlq-split/";
    private static final String SPLIT_OBJECT_1 = SPLIT_PREFIX + "2026/11/23/15/order-dlq-firehose-1-2026-11-23-15-40-01-dddd";
    private static final String SPLIT_OBJECT_2 = SPLIT_PREFIX + "2026/11/23/16/order-dlq-firehose-1-2026-11-23-16-00-01-eeee";

    /** The DLQ records of the fixture, by a letter. */
    private static final Map<String, Fixture> RECORDS = new LinkedHashMap<>();

    record Fixture(String type, String rule, String orderId, int partition, long offset, String processingTime,
            byte[] payload, String replayOf) {
        String position() {
            return "orders.raw-" + partition + "@" + offset;
        }

        String originalPosition() {
            return replayOf != null ? replayOf : position();
        }

        String line() {
            ObjectNode n = JSON.createObjectNode();
            n.put("error_type", type);
            if (rule != null) {
                n.put("error_rule", rule);
            }
            n.put("error_detail", "detail of " + type);
            if (orderId != null) {
                n.put("order_id", orderId);
            }
            ObjectNode s = n.putObject("source");
            s.put("topic", "orders.raw");
            s.put("partition", partition);
            s.put("offset", offset);
            s.put("kafka_timestamp", "2026-11-23T13:59:59.500Z");
            n.put("processing_time", processingTime);
            if (replayOf != null) {
                n.put("replay_of", replayOf);
            }
            boolean utf8 = !Arrays.equals(payload, INVALID_UTF8);
            n.put("payload_encoding", utf8 ? "utf8" : "base64");
            n.put("payload", utf8 ? new String(payload, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(payload));
            return n.toString();
        }
    }

    private static TestEnvironment env;
    private static String bucket;

    @TempDir
    Path tmp;

    @BeforeAll
    static void writeDlq() throws Exception {
        env = TestEnvironment.get();
        bucket = "dlq-tool-it-" + UUID.randomUUID().toString().substring(0, 8);
        env.localStack().createBucket(bucket);
        // The incident: a producer renamed customer_id to cust_id.
        put("A", new Fixture("parse_error", null, null, 0, 10, "2026-11-23T14:10:00Z",
                "{\"order_id\":\"o-1\",\"cust_id\":42,\"total\":\"12.50\"".getBytes(StandardCharsets.UTF_8), null));
        put("B", new Fixture("validation_error", "customer_id_required", "o-2", 1, 20, "2026-11-23T14:20:00Z",
                "{\"order_id\":\"o-2\",\"cust_id\":\"c-7\",\"note\":\"crème brûlée €\"}".getBytes(StandardCharsets.UTF_8), null));
        put("C", new Fixture("parse_error", null, null, 2, 30, "2026-11-23T15:05:00Z", INVALID_UTF8, null));
        put("D", new Fixture("duplicate", null, "o-4", 0, 40, "2026-11-23T15:06:00Z",
                "{\"order_id\":\"o-4\"}".getBytes(StandardCharsets.UTF_8), null));
        put("E", new Fixture("late_arrival", null, "o-5", 1, 50, "2026-11-23T15:07:00Z",
                "{\"order_id\":\"o-5\"}".getBytes(StandardCharsets.UTF_8), null));
        put("F", new Fixture("timeout", null, "o-6", 2, 60, "2026-11-23T15:08:00Z",
                "{\"order_id\":\"o-6\"}".getBytes(StandardCharsets.UTF_8), null));
        put("G", new Fixture("validation_error", "currency_unknown", "o-7", 0, 500, "2026-11-23T15:30:00Z",
                "{\"order_id\":\"o-7\",\"currency\":\"XXX\"}".getBytes(StandardCharsets.UTF_8), "orders.raw-1@11"));
        put("H", new Fixture("external_api_error", null, "o-8", 1, 80, "2026-11-23T16:01:00Z",
                "{\"order_id\":\"o-8\"}".getBytes(StandardCharsets.UTF_8), null));

        putObject("dlq/2026/11/23/14/order-dlq-firehose-1-2026-11-23-14-10-01-aaaa",
                lines("A", "B").getBytes(StandardCharsets.UTF_8));
        // B again (Firehose redelivery) and a line that is not a DLQ record.
        putObject("dlq/2026/11/23/15/order-dlq-firehose-1-2026-11-23-15-05-01-bbbb",
                (lines("C", "D", "E", "F", "G", "B") + "this is not json\n").getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(lines("H").getBytes(StandardCharsets.UTF_8));
        }
        putObject("dlq/2026/11/23/16/order-dlq-firehose-1-2026-11-23-16-01-01-cccc.gz", gz.toByteArray());
        // Not under the DLQ prefix: never read.
        putObject("errors/2026/11/23/16/other", lines("A").getBytes(StandardCharsets.UTF_8));

        // Split into 3 parts each (as the job writes a record too large for one Firehose record), in two
        // objects out of order: P complete, its part 1 delivered twice; Q's part 1 never delivered.
        put("P", new Fixture("validation_error", "customer_id_required", "o-9", 0, 90, "2026-11-23T15:40:00Z",
                ("{\"order_id\":\"o-9\",\"cust_id\":\"c-9\",\"note\":\"" + "crème brûlée € ".repeat(2000) + "\"}")
                        .getBytes(StandardCharsets.UTF_8), null));
        put("Q", new Fixture("parse_error", null, null, 1, 91, "2026-11-23T15:41:00Z", INVALID_UTF8, null));
        putObject(SPLIT_OBJECT_1, (parts("P", 2, 1) + parts("Q", 0)).getBytes(StandardCharsets.UTF_8));
        putObject(SPLIT_OBJECT_2, (parts("P", 1, 0) + parts("Q", 2)).getBytes(StandardCharsets.UTF_8));
    }

    /** These parts (of 3) of a fixture's record, one line each. */
    private static String parts(String id, int... indices) {
        Fixture f = RECORDS.get(id);
        StringBuilder sb = new StringBuilder();
        for (int index : indices) {
            sb.append(DlqRecordTest.part(f.line(), f.payload(), index, 3)).append('\n');
        }
        return sb.toString();
    }

    private static void put(String id, Fixture f) {
        RECORDS.put(id, f);
    }

    private static String lines(String... ids) {
        StringBuilder sb = new StringBuilder();
        for (String id : ids) {
            sb.append(RECORDS.get(id).line()).append('\n');
        }
        return sb.toString();
    }

    private static void putObject(String key, byte[] body) {
        env.localStack().s3().putObject(r -> r.bucket(bucket).key(key),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(body));
    }

    // ------------------------------------------------------------------------------ list / count

    @Test
    void listShowsEveryRecordOncePerPosition() {
        Result r = run("list");
        assertThat(r.code).as(r.err).isZero();
        for (String id : List.of("A", "B", "C", "D", "E", "F", "G", "H")) {
            assertThat(r.out).contains(RECORDS.get(id).position());
        }
        assertThat(r.out).contains("8 record(s)").contains("base64:").contains("customer_id_required");
        assertThat(r.err).contains("1 line(s) repeat a position").contains("line 7: not JSON");
    }

    @Test
    void listFilters() throws Exception {
        assertThat(listed("--type", "validation_error")).containsExactly("B", "G");
        assertThat(listed("--type", "parse_error,timeout")).containsExactly("A", "C", "F");
        assertThat(listed("--since", "2026-11-23T15:00:00Z", "--until", "2026-11-23T15:08:00Z"))
                .containsExactly("C", "D", "E");
        assertThat(listed("--since", "2026-11-23T16:00")).containsExactly("H");
        assertThat(listed("--since", "3h", "--until", "2026-11-23T14:20:00Z")).containsExactly("A");
        assertThat(listed("--order-id", "o-6")).containsExactly("F");
        assertThat(listed("--order-id", "o-2", "--order-id", "o-8", "--type", "external_api_error")).containsExactly("H");
        assertThat(listed("--order-id", "nobody")).isEmpty();
        assertThat(listed("--prefix", "dlq/2026/11/23/15/")).containsExactly("B", "C", "D", "E", "F", "G");
    }

    @Test
    void listJsonCarriesTheOriginalFields() throws Exception {
        Result r = run("list", "--json", "--type", "parse_error");
        assertThat(r.code).as(r.err).isZero();
        List<JsonNode> lines = jsonLines(r.out);
        assertThat(lines).hasSize(2);
        JsonNode c = lines.get(1);
        assertThat(c.get("payload_encoding").asText()).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(c.get("payload").asText())).containsExactly(INVALID_UTF8);
        assertThat(c.get("source").get("offset").asLong()).isEqualTo(30);
        assertThat(c.get("dlq_object").asText()).startsWith("s3://" + bucket + "/dlq/2026/11/23/15/");
    }

    @Test
    void listLimit() {
        Result r = run("list", "--limit", "3");
        assertThat(r.code).isZero();
        assertThat(r.out).contains("8 record(s), first 3 shown");
    }

    @Test
    void countByErrorType() throws Exception {
        Result r = run("count", "--json");
        assertThat(r.code).as(r.err).isZero();
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (JsonNode n : jsonLines(r.out)) {
            counts.put(n.get("error_type").asText(), new long[] {n.get("records").asLong(), n.get("replays").asLong()});
        }
        assertThat(counts.keySet()).containsExactly("parse_error", "validation_error", "duplicate", "timeout",
                "external_api_error", "late_arrival");
        assertThat(counts.get("parse_error")).containsExactly(2, 0);
        assertThat(counts.get("validation_error")).containsExactly(2, 1);
        assertThat(counts.get("duplicate")).containsExactly(1, 0);
        assertThat(counts.get("late_arrival")).containsExactly(1, 0);

        Result table = run("count", "--since", "2026-11-23T15:00:00Z");
        assertThat(table.code).isZero();
        assertThat(table.out).containsPattern("total\\s+6\\s+1");
    }

    // ---------------------------------------------------------------------------- split records

    @Test
    void splitRecordsAreJoinedAcrossObjectsAndIncompleteOnesSkipped() throws Exception {
        Result list = run("list", "--json", "--limit", "0", "--prefix", SPLIT_PREFIX);
        assertThat(list.code).as(list.err).isZero();
        List<JsonNode> lines = jsonLines(list.out);
        assertThat(lines).hasSize(1);
        JsonNode p = lines.get(0);
        assertThat(p.get("source").get("offset").asLong()).isEqualTo(90);
        assertThat(p.has("payload_part")).isFalse();
        assertThat(p.get("payload_encoding").asText()).isEqualTo("utf8");
        assertThat(p.get("payload").asText().getBytes(StandardCharsets.UTF_8)).containsExactly(RECORDS.get("P").payload());
        assertThat(p.get("dlq_object").asText()).as("part 0's object").isEqualTo("s3://" + bucket + "/" + SPLIT_OBJECT_2);
        assertThat(list.err).contains("1 line(s) repeat a position")
                .contains("skipped a DLQ record whose parts cannot be joined: orders.raw-1@91 processed at"
                        + " 2026-11-23T15:41:00Z: part(s) 1 of 0..2 not found");

        Result validationErrors = run("count", "--prefix", SPLIT_PREFIX, "--type", "validation_error");
        assertThat(validationErrors.code).as(validationErrors.err).isZero();
        assertThat(validationErrors.out).containsPattern("total\\s+1\\s+0");
        assertThat(validationErrors.err).as("Q is not selected").doesNotContain("cannot be joined");

        String topic = newTopic();
        Path report = tmp.resolve("split.json");
        Result replay = run("replay", "--execute", "--prefix", SPLIT_PREFIX, "--bootstrap-servers",
                kafka().bootstrapServers(), "--kafka-security", "PLAINTEXT", "--topic", topic, "--report", report.toString());
        assertThat(replay.code).as(replay.err).isZero();
        assertReplayed(topic, "P");
        assertThat(JSON.readTree(report.toFile()).get("source").get("unjoined_records").asInt()).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------ replay

    @Test
    void dryRunIsTheDefaultAndSendsNothing() throws Exception {
        String topic = newTopic();
        Path report = tmp.resolve("dry.json");
        Result r = run("replay", "--bootstrap-servers", kafka().bootstrapServers(), "--kafka-security", "PLAINTEXT",
                "--topic", topic, "--report", report.toString());
        assertThat(r.code).as(r.err).isZero();
        assertThat(r.out).contains("DRY RUN: nothing is sent").containsPattern("total\\s+5\\s+3");
        assertThat(endOffsets(topic)).isZero();
        assertThat(consume(topic, 0, Duration.ofSeconds(2))).isEmpty();

        JsonNode rep = JSON.readTree(report.toFile());
        assertThat(rep.get("mode").asText()).isEqualTo("dry_run");
        assertThat(positions(rep.get("records"), "original_position"))
                .containsExactlyInAnyOrder(originals("A", "B", "C", "F", "H"));
        assertThat(rep.get("records").findValuesAsText("status")).containsOnly("would_send");
        assertThat(rep.get("counts_by_error_type").get("duplicate").get("skipped").asInt()).isEqualTo(1);
    }

    @Test
    void executeProducesExactlyTheSelectedRecordsByteForByte() throws Exception {
        String topic = newTopic();
        Path report = tmp.resolve("execute.json");
        Result r = run("replay", "--execute", "--rate", "1000", "--bootstrap-servers", kafka().bootstrapServers(),
                "--kafka-security", "PLAINTEXT", "--topic", topic, "--report", report.toString());
        assertThat(r.code).as(r.out + r.err).isZero();
        assertThat(r.out).containsPattern("total\\s+5\\s+0\\s+3");

        assertReplayed(topic, "A", "B", "C", "F", "H");
        JsonNode rep = JSON.readTree(report.toFile());
        assertThat(rep.get("mode").asText()).isEqualTo("execute");
        assertThat(rep.get("records").findValuesAsText("status")).hasSize(5).containsOnly("sent");
        assertThat(rep.get("records").findValuesAsText("produced_at")).hasSize(5).allMatch(p -> p.startsWith(topic + "-"));
        assertThat(rep.get("skipped").findValuesAsText("reason"))
                .containsExactlyInAnyOrder("refused_type", "refused_type", "replay_of_replay");
    }

    @Test
    void refusedTypesOnlyWithAllowType() throws Exception {
        String topic = newTopic();
        Result refused = run("replay", "--execute", "--type", "duplicate,late_arrival", "--bootstrap-servers",
                kafka().bootstrapServers(), "--kafka-security", "PLAINTEXT", "--topic", topic,
                "--report", tmp.resolve("r1.json").toString());
        assertThat(refused.code).as(refused.err).isZero();
        assertThat(refused.out).contains("skipped 2: error type not replayable by default");
        assertThat(endOffsets(topic)).isZero();

        Result allowed = run("replay", "--execute", "--type", "duplicate,late_arrival", "--allow-type", "duplicate",
                "--bootstrap-servers", kafka().bootstrapServers(), "--kafka-security", "PLAINTEXT", "--topic", topic,
                "--report", tmp.resolve("r2.json").toString());
        assertThat(allowed.code).as(allowed.err).isZero();
        assertReplayed(topic, "D");
    }

    @Test
    void replaysOfReplaysOnlyWithIncludeReplaysAndUnderTheFirstOriginal() throws Exception {
        String topic = newTopic();
        Result r = run("replay", "--execute", "--type", "validation_error", "--include-replays", "--json",
                "--bootstrap-servers", kafka().bootstrapServers(), "--kafka-security", "PLAINTEXT", "--topic", topic,
                "--report", tmp.resolve("r.json").toString());
        assertThat(r.code).as(r.err).isZero();
        JsonNode rep = JSON.readTree(r.out.trim());
        assertThat(rep.get("include_replays").asBoolean()).isTrue();
        assertReplayed(topic, "B", "G");
    }

    @Test
    void limitReplaysTheOldestFirst() throws Exception {
        String topic = newTopic();
        Result r = run("replay", "--execute", "--limit", "2", "--bootstrap-servers", kafka().bootstrapServers(),
                "--kafka-security", "PLAINTEXT", "--topic", topic, "--report", tmp.resolve("r.json").toString());
        assertThat(r.code).as(r.err).isZero();
        assertThat(r.out).contains("limited by --limit to 2 of 5");
        assertReplayed(topic, "A", "B");
    }

    // ------------------------------------------------------------------------------------ errors

    @Test
    void missingBucketIsAClearFailure() {
        Result r = run("count", "--bucket", "no-such-dlq-bucket");
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("DLQ bucket 'no-such-dlq-bucket' does not exist");
    }

    @Test
    void badCommandLinesExitWithTwo() {
        for (String[] args : List.of(
                new String[] {"list", "--type", "parse-errors"},
                new String[] {"list", "--since", "yesterday-ish"},
                new String[] {"list", "--since", "2026-11-23T16:00:00Z", "--until", "2026-11-23T15:00:00Z"},
                new String[] {"list", "--frobnicate"},
                new String[] {"count", "--execute"},
                new String[] {"replay", "--execute"},
                new String[] {"replay", "--rate", "0"},
                new String[] {"replay", "--kafka-security", "SSL", "--bootstrap-servers", "x:1"},
                new String[] {"replay", "--allow-type", "everything"},
                new String[] {"purge"})) {
            Result r = run(args);
            assertThat(r.code).as(String.join(" ", args) + " -> " + r.err).isEqualTo(2);
            assertThat(r.err).startsWith("orderstream dlq: ");
        }
        Result noBucket = new Result(new DlqCommand(new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()), Clock.fixed(NOW, ZoneOffset.UTC), k -> null,
                RateLimiter.Clock.SYSTEM).run("list"), "", "");
        assertThat(noBucket.code).isEqualTo(2);
    }

    @Test
    void unreachableKafkaIsAClearFailure() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Result r = run("replay", "--execute", "--type", "timeout", "--bootstrap-servers", "127.0.0.1:" + closedPort,
                "--kafka-security", "PLAINTEXT", "--kafka-timeout", "3s", "--topic", "orders.raw",
                "--report", tmp.resolve("r.json").toString());
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("cannot reach Kafka at 127.0.0.1:" + closedPort + " within 3 s");

        Result missingTopic = run("replay", "--execute", "--type", "timeout", "--bootstrap-servers",
                kafka().bootstrapServers(), "--kafka-security", "PLAINTEXT", "--topic", "no.such.topic",
                "--report", tmp.resolve("r2.json").toString());
        assertThat(missingTopic.code).isEqualTo(1);
        assertThat(missingTopic.err).contains("topic 'no.such.topic' does not exist");
    }

    // ----------------------------------------------------------------------------------- helpers

    record Result(int code, String out, String err) {}

    private Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--bucket")) {
            all.addAll(List.of("--bucket", bucket));
        }
        all.addAll(List.of("--endpoint", env.localStack().endpoint().toString(), "--region", env.localStack().region()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new DlqCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.fixed(NOW, ZoneOffset.UTC), k -> null,
                RateLimiter.Clock.SYSTEM).run(all.toArray(String[]::new));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The fixture letters that {@code list --json} returns, in output order. */
    private List<String> listed(String... filters) throws Exception {
        List<String> args = new ArrayList<>(List.of("list", "--json", "--limit", "0"));
        args.addAll(List.of(filters));
        Result r = run(args.toArray(String[]::new));
        assertThat(r.code).as(r.err).isZero();
        List<String> ids = new ArrayList<>();
        for (JsonNode n : jsonLines(r.out)) {
            String pos = "orders.raw-" + n.get("source").get("partition").asInt() + "@" + n.get("source").get("offset").asLong();
            RECORDS.forEach((id, f) -> {
                if (f.position().equals(pos)) {
                    ids.add(id);
                }
            });
        }
        return ids;
    }

    private static List<JsonNode> jsonLines(String out) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                nodes.add(JSON.readTree(line));
            }
        }
        return nodes;
    }

    private static List<String> positions(JsonNode array, String field) {
        List<String> p = new ArrayList<>();
        array.forEach(n -> p.add(n.get(field).asText()));
        return p;
    }

    private static String[] originals(String... ids) {
        return Arrays.stream(ids).map(id -> RECORDS.get(id).originalPosition()).toArray(String[]::new);
    }

    private static KafkaBroker kafka() {
        return env.kafka();
    }

    private static String newTopic() {
        String t = "orders.raw.replay-" + UUID.randomUUID().toString().substring(0, 8);
        kafka().createTopic(t, 3);
        return t;
    }

    /** The topic holds exactly these fixtures' payloads, keys and replay headers, nothing else. */
    private static void assertReplayed(String topic, String... ids) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> got = consume(topic, ids.length, Duration.ofSeconds(15));
        assertThat(endOffsets(topic)).isEqualTo(ids.length);
        assertThat(got).hasSize(ids.length);
        Map<String, ConsumerRecord<byte[], byte[]>> byOriginal = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> c : got) {
            Header[] h = c.headers().toArray();
            assertThat(h).hasSize(1);
            assertThat(h[0].key()).isEqualTo(ReplayContract.REPLAY_OF_HEADER);
            byOriginal.put(new String(h[0].value(), StandardCharsets.UTF_8), c);
        }
        assertThat(byOriginal.keySet()).containsExactlyInAnyOrder(originals(ids));
        for (String id : ids) {
            Fixture f = RECORDS.get(id);
            ConsumerRecord<byte[], byte[]> c = byOriginal.get(f.originalPosition());
            assertThat(c.value()).as(id + " payload").containsExactly(f.payload());
            if (f.orderId() == null) {
                assertThat(c.key()).as(id + " key").isNull();
            } else {
                assertThat(new String(c.key(), StandardCharsets.UTF_8)).as(id + " key").isEqualTo(f.orderId());
            }
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka().bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p);
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> c, String topic) {
        return c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    }

    private static long endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> c = consumer()) {
            return c.endOffsets(partitions(c, topic)).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> consume(String topic, int expected, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = consumer()) {
            List<TopicPartition> tps = partitions(c, topic);
            c.assign(tps);
            c.seekToBeginning(tps);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && (expected == 0 || got.size() < expected)) {
                c.poll(Duration.ofMillis(200)).forEach(got::add);
            }
        }
        return got;
    }
}
