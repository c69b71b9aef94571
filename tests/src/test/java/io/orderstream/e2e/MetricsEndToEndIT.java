package io.orderstream.e2e;

import static io.orderstream.e2e.OrderProducer.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderstream.harness.CustomerApiServer;
import io.orderstream.harness.Eventually;
import io.orderstream.harness.LocalDeployment;
import io.orderstream.harness.LocalFlinkCluster;
import io.orderstream.harness.SampleOrder;
import io.orderstream.harness.TcpProxy;
import io.orderstream.harness.TestEnvironment;
import io.orderstream.job.aggregate.WindowIds;
import io.orderstream.job.config.ConfigKeys;
import io.orderstream.job.config.JobConfig;
import io.orderstream.job.metrics.CloudWatchPublisher;
import io.orderstream.job.metrics.LogEvents;
import io.orderstream.job.metrics.LogField;
import io.orderstream.job.metrics.Metric;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The observability contract end to end: the job at parallelism 2 on a known input, its custom
 * metrics read back from LocalStack's CloudWatch with GetMetricData, and its structured log events
 * checked against the fields the runbooks' Logs Insights queries use.
 *
 * <p>CloudWatch is unreachable (a closed port in front of LocalStack) while the job processes
 * everything: the job must deliver every record anyway. Then CloudWatch comes back and the metrics
 * must arrive, exact: what was recorded during the outage was kept and caught up.
 */
class MetricsEndToEndIT {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every field the runbooks' Logs Insights queries (seeds/004) use. */
    private static final Set<String> RUNBOOK_FIELDS = Set.of("order_id", "error_type", "dlq", "validation_error",
            "operator", "latency_ms", "enrichment_api_latency", "enrichment_cache_hit", "customer_id", "window_id",
            "records_in", "records_out", "records_late", "checkpoint_id", "duration_ms", "checkpoint_size_bytes");

    private static CustomerApiServer api;
    private static LocalFlinkCluster flink;
    private static final List<String> events = new CopyOnWriteArrayList<>();
    private static AbstractAppender capture;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        captureEvents();
        api = CustomerApiServer.start();
        flink = LocalFlinkCluster.start(1, 4, 2, 0);
    }

    @AfterAll
    static void stop() throws Exception {
        flink.close();
        api.close();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().removeLogger(LogEvents.LOGGER_NAME);
        ctx.updateLoggers();
        capture.stop();
    }

    /** Collects every message of the events logger, exactly as the job writes it. */
    private static void captureEvents() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        capture = new AbstractAppender("capture-events", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                events.add(event.getMessage().getFormattedMessage());
            }
        };
        capture.start();
        config.addAppender(capture);
        LoggerConfig logger = new LoggerConfig(LogEvents.LOGGER_NAME, Level.INFO, false);
        logger.addAppender(capture, Level.INFO, null);
        config.addLogger(LogEvents.LOGGER_NAME, logger);
        ctx.updateLoggers();
    }

    @Test
    void metricsAreExactAndLogsMatchTheRunbooksEvenAfterACloudWatchOutage() throws Exception {
        TestEnvironment env = TestEnvironment.get();
        LocalDeployment deployment = LocalDeployment.create("metrics", env.kafka(), env.localStack());
        api.failWith("CUST-FAILING", 500);
        String namespace = "orderstream-it-" + System.currentTimeMillis();
        Instant from = Instant.now();

        try (TcpProxy cloudWatch = TcpProxy.to(env.localStack().endpoint());
             CloudWatchMetrics cw = new CloudWatchMetrics(env.localStack(), namespace, from)) {
            Map<String, String> props = deployment.jobProperties(api.baseUrl());
            props.put(ConfigKeys.WINDOW_SIZE.key(), "1min");
            props.put(ConfigKeys.WINDOW_ALLOWED_LATENESS.key(), "0s");
            props.put(ConfigKeys.METRICS_NAMESPACE.key(), namespace);
            props.put(ConfigKeys.METRICS_ENDPOINT.key(), cloudWatch.endpoint().toString()); // closed for now
            props.put(ConfigKeys.METRICS_PUBLISH_INTERVAL.key(), "1s");
            props.put(ConfigKeys.METRICS_HIGH_RESOLUTION.key(), "true");
            props.put(ConfigKeys.METRICS_LOG_SAMPLES.key(), "5");
            JobConfig.Metrics metricsSettings = JobConfig.fromProperties(props).metrics();
            JobClient job = flink.submit(props);

            long t0 = Instant.now().minus(Duration.ofHours(2)).toEpochMilli();
            t0 -= t0 % WINDOW.toMillis();
            Random random = new Random(11);
            int valid = 30;
            Set<String> customersInWindow0 = new HashSet<>();
            try (OrderProducer producer = new OrderProducer(deployment.bootstrapServers(), deployment.topic())) {
                List<SampleOrder> orders = new ArrayList<>();
                for (int i = 0; i < valid; i++) {
                    String customer = "CUST-" + random.nextInt(6);
                    SampleOrder o = SampleOrder.random(random, "ORD-M-" + i, customer, t0 + i * 1_000L, "USD");
                    customersInWindow0.add(customer);
                    orders.add(o);
                    producer.send(o.orderId, bytes(o.toJson()));
                }
                for (String bad : List.of("not json", "[1]", "{\"order_id\":")) {
                    producer.send(null, bytes(bad));
                }
                SampleOrder base = SampleOrder.random(random, "ORD-M-INVALID", "CUST-1", t0 + 5_000, "USD");
                producer.send(base.orderId, bytes(base.toJson().replace("\"USD\"", "\"XYZ\"")));
                producer.send(base.orderId, bytes(base.toJson().replace("\"items\":[", "\"items\":[] ,\"x\":[")));
                producer.send(orders.get(3).orderId, bytes(orders.get(3).toJson()));
                producer.send(orders.get(7).orderId, bytes(orders.get(7).toJson()));
                SampleOrder failing = SampleOrder.random(random, "ORD-M-FAILING", "CUST-FAILING", t0 + 6_000, "USD");
                producer.send(failing.orderId, bytes(failing.toJson()));
                for (int p = 0; p < LocalDeployment.PARTITIONS; p++) {
                    SampleOrder bump = SampleOrder.random(random, "ORD-M-BUMP-" + p, "CUST-1", t0 + 65_000, "USD");
                    producer.sendToPartition(p, bump.orderId, bytes(bump.toJson()));
                }
                String w0 = WindowIds.of(t0);
                Eventually.await("window 0 to fire", WAIT,
                        () -> Ledger.latestAggregates(deployment.aggregateLines()).containsKey(w0),
                        () -> Ledger.latestAggregates(deployment.aggregateLines()).keySet().toString());
                SampleOrder tooLate = SampleOrder.random(random, "ORD-M-LATE", "CUST-2", t0 + 10_000, "USD");
                producer.send(tooLate.orderId, bytes(tooLate.toJson()));
            }
            int delivered = valid + LocalDeployment.PARTITIONS;
            int dlq = 3 + 2 + 2 + 1 + 1;
            int recordsIn = delivered + dlq;
            // Order ids dedup wrote: the valid ones, the bumps, and the two that failed after dedup.
            List<String> written = new ArrayList<>();
            for (int i = 0; i < valid; i++) {
                written.add("ORD-M-" + i);
            }
            for (int p = 0; p < LocalDeployment.PARTITIONS; p++) {
                written.add("ORD-M-BUMP-" + p);
            }
            written.add("ORD-M-FAILING");
            written.add("ORD-M-LATE");
            dedupStateBytes = written.stream().mapToLong(MetricsEndToEndIT::seenEntryBytes).sum();
            Eventually.await("every record delivered while CloudWatch is unreachable", WAIT,
                    () -> Ledger.byPosition(deployment.orderLines()).size() == delivered
                            && Ledger.byPosition(deployment.dlqLines()).size() == dlq,
                    () -> "orders " + deployment.orderLines().size() + ", dlq " + deployment.dlqLines().size());

            CloudWatchPublisher publisher = CloudWatchPublisher.acquire(metricsSettings);
            try {
                assertThat(CloudWatchPublisher.openPublishers()).as("one publisher per TaskManager JVM, not per subtask").isEqualTo(1);
                // The records can all be out before the first publish interval has passed: wait for an attempt.
                Eventually.await("a publish attempt while CloudWatch is unreachable", WAIT,
                        () -> publisher.failedRequests() > 0, () -> "no failed request yet");
                assertThat(publisher.sentDatums()).isZero();
            } finally {
                CloudWatchPublisher.release(publisher);
            }
            assertThat(cw.sum(Metric.RECORDS_IN)).isZero();

            cloudWatch.start();
            Eventually.await("metrics to arrive once CloudWatch is back", WAIT,
                    () -> cw.sum(Metric.RECORDS_IN) == recordsIn && cw.sum(Metric.DLQ_RECORDS) == dlq
                            && cw.sum(Metric.RECORDS_OUT) == delivered && cw.sum(Metric.WINDOWS_EMITTED) >= 1
                            && cw.sum(Metric.RECORDS_LATE_DROPPED) == 1,
                    () -> "RecordsIn " + cw.sum(Metric.RECORDS_IN) + ", RecordsOut " + cw.sum(Metric.RECORDS_OUT)
                            + ", DLQ " + cw.sum(Metric.DLQ_RECORDS));
            Thread.sleep(3_000); // anything extra (double counting) would have arrived by now

            assertThat(cw.sum(Metric.RECORDS_IN)).isEqualTo(recordsIn);
            assertThat(cw.sum(Metric.RECORDS_OUT)).isEqualTo(delivered);
            assertThat(cw.sum(Metric.DLQ_RECORDS)).isEqualTo(dlq);
            assertThat(cw.sum(Metric.DLQ_RECORDS_BY_TYPE, "parse_error")).isEqualTo(3);
            assertThat(cw.sum(Metric.DLQ_RECORDS_BY_TYPE, "validation_error")).isEqualTo(2);
            assertThat(cw.sum(Metric.DLQ_RECORDS_BY_TYPE, "duplicate")).isEqualTo(2);
            assertThat(cw.sum(Metric.DLQ_RECORDS_BY_TYPE, "external_api_error")).isEqualTo(1);
            assertThat(cw.sum(Metric.DLQ_RECORDS_BY_TYPE, "late_arrival")).isEqualTo(1);
            assertThat(cw.sum(Metric.DLQ_RECORDS_BY_TYPE, "timeout")).isZero();
            assertThat(cw.sum(Metric.RECORDS_LATE_DROPPED)).isEqualTo(1);
            assertThat(cw.sum(Metric.RECORDS_LATE_ACCEPTED)).isZero();
            assertThat(cw.sum(Metric.WINDOWS_EMITTED)).isEqualTo(1);
            assertThat(cw.sum(Metric.ENRICHMENT_CACHE_HITS) + cw.sum(Metric.ENRICHMENT_CACHE_MISSES))
                    .as("every enrichment is a hit or a miss").isEqualTo(valid + LocalDeployment.PARTITIONS + 1 + 1);
            assertThat(cw.sum(Metric.HEARTBEAT)).isPositive();

            assertThat(stat(cw, Metric.PROCESSING_LATENCY, null, "SampleCount")).isEqualTo(delivered);
            assertThat(stat(cw, Metric.OPERATOR_LATENCY, "deserialization", "SampleCount")).isEqualTo(recordsIn);
            assertThat(stat(cw, Metric.OPERATOR_LATENCY, "validation", "SampleCount")).isEqualTo(recordsIn - 3);
            assertThat(stat(cw, Metric.OPERATOR_LATENCY, "dedup", "SampleCount")).isEqualTo(recordsIn - 5);
            assertThat(stat(cw, Metric.OPERATOR_LATENCY, "enrichment", "SampleCount")).isEqualTo(recordsIn - 7);
            assertThat(stat(cw, Metric.OPERATOR_LATENCY, "aggregation", "SampleCount")).isEqualTo(delivered);
            assertThat(stat(cw, Metric.OPERATOR_LATENCY, "firehose_delay", "SampleCount")).isPositive();
            assertThat(stat(cw, Metric.WINDOW_COMPLETENESS, null, "Minimum"))
                    .as("window 0: 30 counted, 1 dropped late").isCloseTo(100.0 * valid / (valid + 1), within(1e-6));
            assertThat(stat(cw, Metric.WATERMARK_LAG, null, "Maximum")).as("event time is 2 h behind")
                    .isGreaterThan(Duration.ofMinutes(100).toMillis());
            assertThat(stat(cw, Metric.HEAP_USAGE, null, "Maximum")).isBetween(0.0, 100.0);
            assertThat(stat(cw, Metric.CHECKPOINT_DURATION, null, "SampleCount")).as("checkpoints seen by the tasks").isPositive();
            // One JVM here, so each report is the job's total: it grew to the bytes of every order id dedup wrote.
            assertThat(stat(cw, Metric.STATE_SIZE, null, "Maximum")).as("dedup state of %d order ids", written.size())
                    .isEqualTo((double) dedupStateBytes);
            // mark-first-customer-order reads a customer's window once, then knows it: window 0's customers
            // and CUST-1 in window 1 (the bumps).
            assertThat(cw.sum(Metric.STATE_READS)).as("one read per order in dedup, per customer and window in mark-first")
                    .isEqualTo((recordsIn - 5) + customersInWindow0.size() + 1);

            job.cancel().get();
        }
        assertLogEventsMatchTheRunbooks();
    }

    private static long dedupStateBytes;

    /** One seen order id: the key as Flink's String serializer writes it (1 length byte, 1 byte per ASCII char), a Boolean, the TTL timestamp. */
    private static long seenEntryBytes(String orderId) {
        return 1 + orderId.length() + 1 + 8;
    }

    private static double stat(CloudWatchMetrics cw, Metric metric, String dimension, String stat) {
        List<Double> values = cw.values(metric, dimension, stat, 3600);
        assertThat(values).as(metric + " " + dimension + " " + stat).hasSize(1);
        return values.get(0);
    }

    private static void assertLogEventsMatchTheRunbooks() throws Exception {
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : events) {
            parsed.add(JSON.readTree(line)); // every message is one JSON object
        }
        Set<String> fields = new HashSet<>();
        parsed.forEach(n -> n.fieldNames().forEachRemaining(fields::add));
        assertThat(fields).containsAll(RUNBOOK_FIELDS);
        Set<String> contract = java.util.Arrays.stream(LogField.values()).map(LogField::fieldName).collect(Collectors.toSet());
        assertThat(contract).as("only contract fields are written").containsAll(fields);

        List<JsonNode> dlq = parsed.stream().filter(n -> n.path("dlq").asBoolean(false)).toList();
        assertThat(dlq).as("one event per DLQ record").hasSize(9);
        assertThat(dlq).allSatisfy(n -> assertThat(n.path("error_type").asText()).isNotBlank());
        assertThat(dlq).filteredOn(n -> n.path("error_type").asText().equals("validation_error"))
                .extracting(n -> n.path("validation_error").asText())
                .containsExactlyInAnyOrder("currency_unknown", "items_count");

        List<JsonNode> windows = parsed.stream().filter(n -> n.path("event").asText().equals("window_emitted")).toList();
        JsonNode last = windows.get(windows.size() - 1);
        assertThat(last.path("records_in").asLong()).isEqualTo(31);
        assertThat(last.path("records_out").asLong()).isEqualTo(30);
        assertThat(last.path("records_late").asLong()).isEqualTo(1);

        long goodRecordEvents = parsed.stream().filter(n -> n.path("event").asText().equals("latency_sample")
                || n.path("event").asText().equals("enrichment_sample")).count();
        assertThat(goodRecordEvents).as("samples, not one line per record").isLessThan(6L * 42);
        assertThat(parsed).anySatisfy(n -> assertThat(n.path("event").asText()).isEqualTo("checkpoint"));

        // Each dedup subtask logs its share of every completed checkpoint; a checkpoint taken after all
        // orders were processed holds every order id: summed by checkpoint_id (as the saved query does).
        Map<Long, List<JsonNode>> sizes = parsed.stream()
                .filter(n -> n.path("event").asText().equals("checkpoint") && n.has("checkpoint_size_bytes"))
                .collect(Collectors.groupingBy(n -> n.path("checkpoint_id").asLong()));
        assertThat(sizes).as("checkpoint events with checkpoint_size_bytes").isNotEmpty();
        long lastComplete = sizes.entrySet().stream().filter(e -> e.getValue().size() == 2)
                .mapToLong(Map.Entry::getKey).max().orElseThrow();
        assertThat(sizes.get(lastComplete)).extracting(n -> n.path("subtask").asInt()).containsExactlyInAnyOrder(0, 1);
        assertThat(sizes.get(lastComplete).stream().mapToLong(n -> n.path("checkpoint_size_bytes").asLong()).sum())
                .as("checkpoint %d: dedup state summed over its subtasks", lastComplete).isEqualTo(dedupStateBytes);
    }
}
