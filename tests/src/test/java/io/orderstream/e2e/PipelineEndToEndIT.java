package io.orderstream.e2e;

import static io.orderstream.e2e.OrderProducer.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderstream.harness.CustomerApiServer;
import io.orderstream.harness.Eventually;
import io.orderstream.harness.LocalDeployment;
import io.orderstream.harness.LocalFlinkCluster;
import io.orderstream.harness.SampleOrder;
import io.orderstream.harness.TestEnvironment;
import io.orderstream.job.aggregate.WindowIds;
import io.orderstream.job.config.ConfigKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole job on a Flink MiniCluster between a real Kafka broker and LocalStack's Firehose and S3:
 * a known mix of valid orders, every kind of bad input, duplicates, late events and an enrichment
 * API that is slow for some customers and failing for others. Checks, record by record, that each
 * one landed in exactly one place with the right error type, and that every window is exact.
 *
 * <p>Event time is driven by the data, in three phases, so that which records are late does not
 * depend on timing: windows of one minute, ten minutes of allowed lateness.
 */
class PipelineEndToEndIT {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final int MAX_RECORD_BYTES = 4096;

    private static CustomerApiServer api;
    private static LocalFlinkCluster flink;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        api = CustomerApiServer.start();
        flink = LocalFlinkCluster.start(1, 4, 2, 0);
    }

    @AfterAll
    static void stop() throws Exception {
        flink.close();
        api.close();
    }

    @Test
    void everyRecordEndsInExactlyOnePlaceAndEveryWindowIsExact() throws Exception {
        TestEnvironment env = TestEnvironment.get();
        LocalDeployment deployment = LocalDeployment.create("e2e", env.kafka(), env.localStack());
        api.setLatency("CUST-SLOW", Duration.ofSeconds(5));
        api.failWith("CUST-FAILING", 500);
        api.failWith("CUST-UNKNOWN", 404);
        api.returnBody("CUST-GARBLED", "<html>maintenance</html>");
        api.failTransiently("CUST-FLAKY", 1, 503);

        Map<String, String> props = deployment.jobProperties(api.baseUrl());
        props.put(ConfigKeys.WINDOW_SIZE.key(), "1min");
        props.put(ConfigKeys.WINDOW_ALLOWED_LATENESS.key(), "10min");
        props.put(ConfigKeys.ENRICHMENT_TIMEOUT.key(), "1500ms");
        props.put(ConfigKeys.ENRICHMENT_REQUEST_TIMEOUT.key(), "1s");
        props.put(ConfigKeys.ENRICHMENT_RETRY_BACKOFF.key(), "20ms");
        props.put(ConfigKeys.MAX_RECORD_BYTES.key(), String.valueOf(MAX_RECORD_BYTES));
        JobClient job = flink.submit(props);

        long t0 = Instant.now().minus(Duration.ofHours(2)).toEpochMilli();
        t0 -= t0 % WINDOW.toMillis();
        Ledger ledger = new Ledger(WINDOW.toMillis());
        Random random = new Random(42);

        try (OrderProducer producer = new OrderProducer(deployment.bootstrapServers(), deployment.topic())) {
            // Phase 1: three full windows of valid orders, in event-time order, and every kind of bad input.
            List<SampleOrder> valid = new ArrayList<>();
            for (int i = 0; i < 90; i++) {
                long eventTime = t0 + i * 2_000L + random.nextInt(500);
                String currency = List.of("USD", "EUR", "JPY").get(i % 3);
                SampleOrder order = SampleOrder.random(random, "ORD-" + i, "CUST-" + random.nextInt(12), eventTime, currency);
                valid.add(order);
                ledger.expectDelivered(producer.send(order.orderId, bytes(order.toJson())), order, false);
            }
            // After the last valid order in event time (at most t0+178.5s): sent later, they must not be late
            // either, whether or not the watermark has already passed window 1 when they arrive.
            SampleOrder legacy = SampleOrder.random(random, "ORD-LEGACY", "CUST-3", t0 + 178_600, "USD");
            ledger.expectDelivered(producer.send(legacy.orderId, bytes(legacy.toJson("cust_id"))), legacy, false);
            SampleOrder flaky = SampleOrder.random(random, "ORD-FLAKY", "CUST-FLAKY", t0 + 178_700, "EUR");
            ledger.expectDelivered(producer.send(flaky.orderId, bytes(flaky.toJson())), flaky, false);

            for (String[] failing : new String[][] {
                    {"CUST-SLOW", "timeout"}, {"CUST-FAILING", "external_api_error"},
                    {"CUST-UNKNOWN", "external_api_error"}, {"CUST-GARBLED", "external_api_error"}}) {
                SampleOrder order = SampleOrder.random(random, "ORD-" + failing[0], failing[0], t0 + 72_000, "USD");
                ledger.expectDlq(producer.send(order.orderId, bytes(order.toJson())), failing[1]);
            }
            for (int i : new int[] {5, 40, 77}) {
                SampleOrder repeat = valid.get(i);
                ledger.expectDlq(producer.send(repeat.orderId, bytes(repeat.toJson())), "duplicate");
            }
            String good = valid.get(10).toJson();
            for (byte[] bad : List.of(
                    bytes("this is not json"),
                    bytes("[1,2,3]"),
                    bytes(good.substring(0, good.length() / 2)),
                    new byte[] {'{', '"', 'o', 'r', 'd', 'e', 'r', '_', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                    bytes(good.replace("\"total\":", "\"total\":\"") .replaceFirst(",\"items\"", "\",\"items\"")),
                    bytes("{\"order_id\":\"A\",\"order_id\":\"B\"}"),
                    new byte[0],
                    bytes("{\"order_id\":\"BIG\",\"pad\":\"" + "x".repeat(MAX_RECORD_BYTES) + "\"}"))) {
                ledger.expectDlq(producer.send(null, bad), "parse_error");
            }
            SampleOrder base = SampleOrder.random(random, "ORD-INVALID", "CUST-1", t0 + 30_000, "USD");
            String baseJson = base.toJson();
            for (String invalid : List.of(
                    baseJson.replace("\"order_id\":\"ORD-INVALID\",", ""),
                    baseJson.replace("ORD-INVALID", "O".repeat(65)),
                    baseJson.replace("\"customer_id\":\"CUST-1\"", "\"customer_id\":\"CUST-1\",\"cust_id\":\"CUST-2\""),
                    baseJson.replace(Instant.ofEpochMilli(base.eventTime).toString(), Instant.now().plus(Duration.ofHours(1)).toString()),
                    baseJson.replace(Instant.ofEpochMilli(base.eventTime).toString(), "yesterday"),
                    baseJson.replace("\"USD\"", "\"XYZ\""),
                    baseJson.replace("\"total\":" + base.total().toPlainString(), "\"total\":-1"),
                    baseJson.replace("\"total\":" + base.total().toPlainString(), "\"total\":" + base.total().toPlainString() + "1"),
                    baseJson.replaceAll("\"items\":\\[.*]", "\"items\":[]"),
                    baseJson.replaceFirst("\"quantity\":\\d+", "\"quantity\":0"),
                    baseJson.replace("\"total\":" + base.total().toPlainString(), "\"total\":1.00"))) {
                ledger.expectDlq(producer.send("ORD-INVALID", bytes(invalid)), "validation_error");
            }
            // A valid order in every partition at t0+3m05s moves each partition's watermark past the first three windows.
            for (int p = 0; p < LocalDeployment.PARTITIONS; p++) {
                SampleOrder bump = SampleOrder.random(random, "ORD-BUMP1-" + p, "CUST-1", t0 + 185_000, "USD");
                ledger.expectDelivered(producer.sendToPartition(p, bump.orderId, bytes(bump.toJson())), bump, false);
            }
            String w0 = WindowIds.of(t0);
            String w1 = WindowIds.of(t0 + 60_000);
            String w2 = WindowIds.of(t0 + 120_000);
            Eventually.await("windows 0-2 to fire", WAIT,
                    () -> Ledger.latestAggregates(deployment.aggregateLines()).keySet().containsAll(List.of(w0, w1, w2)),
                    () -> Ledger.latestAggregates(deployment.aggregateLines()).keySet().toString());

            // Phase 2: window 1 has fired but is within its allowed lateness: a late order is still counted.
            SampleOrder lateAccepted = SampleOrder.random(random, "ORD-LATE-OK", "CUST-99", t0 + 90_000, "EUR");
            ledger.expectDelivered(producer.send(lateAccepted.orderId, bytes(lateAccepted.toJson())), lateAccepted, true);
            SampleOrder marker = SampleOrder.random(random, "ORD-MARKER", "CUST-2", t0 + 15 * 60_000 + 10_000, "USD");
            ledger.expectDelivered(producer.send(marker.orderId, bytes(marker.toJson())), marker, false);
            for (int p = 0; p < LocalDeployment.PARTITIONS; p++) {
                SampleOrder bump = SampleOrder.random(random, "ORD-BUMP2-" + p, "CUST-1", t0 + 16 * 60_000 + 5_000, "USD");
                ledger.expectDelivered(producer.sendToPartition(p, bump.orderId, bytes(bump.toJson())), bump, false);
            }
            String w15 = WindowIds.of(t0 + 15 * 60_000);
            Eventually.await("window 15 to fire (watermark past window 0 + lateness)", WAIT,
                    () -> Ledger.latestAggregates(deployment.aggregateLines()).containsKey(w15),
                    () -> Ledger.latestAggregates(deployment.aggregateLines()).keySet().toString());

            // Phase 3: window 0 is closed for good: an order for it goes to the DLQ as late_arrival.
            SampleOrder tooLate = SampleOrder.random(random, "ORD-TOO-LATE", "CUST-5", t0 + 20_000, "USD");
            ledger.expectDlq(producer.send(tooLate.orderId, bytes(tooLate.toJson())), "late_arrival");
        }

        Eventually.await("every record to reach its output", WAIT,
                () -> Ledger.byPosition(deployment.orderLines()).size() == ledger.count(Ledger.DELIVERED)
                        && Ledger.byPosition(deployment.dlqLines()).size() == ledger.dlqCount(),
                () -> "orders " + Ledger.byPosition(deployment.orderLines()).size() + "/" + ledger.count(Ledger.DELIVERED)
                        + ", dlq " + Ledger.byPosition(deployment.dlqLines()).size() + "/" + ledger.dlqCount());
        Thread.sleep(2_000); // anything extra would have arrived by now
        job.cancel().get();

        List<String> orderLines = deployment.orderLines();
        List<String> dlqLines = deployment.dlqLines();
        ledger.assertEveryRecordInExactlyOnePlace(orderLines, dlqLines);
        assertThat(orderLines).as("no enriched order delivered twice without a failure").hasSize((int) ledger.count(Ledger.DELIVERED));
        assertThat(dlqLines).as("no DLQ record delivered twice without a failure").hasSize((int) ledger.dlqCount());

        Map<String, JsonNode> aggregates = Ledger.latestAggregates(deployment.aggregateLines());
        Map<String, Ledger.ExpectedWindow> expected = ledger.expectedWindows();
        String w1 = WindowIds.of(t0 + 60_000);
        String w16 = WindowIds.of(t0 + 16 * 60_000);
        expected.remove(w16); // the last bump's window is still open: the watermark never passed it
        assertThat(aggregates.keySet()).isEqualTo(expected.keySet());
        expected.forEach((windowId, window) -> window.assertMatches(windowId, aggregates.get(windowId)));
        assertThat(aggregates.get(w1).get("revision").asInt()).as("late firing of window 1").isEqualTo(1);
        assertThat(aggregates.get(w1).get("late_records").asLong()).isEqualTo(1);

        Map<String, JsonNode> dlq = Ledger.byPosition(dlqLines);
        assertThat(dlq.values()).allSatisfy(r -> {
            assertThat(r.get("error_detail").asText()).isNotBlank();
            assertThat(r.get("source").get("topic").asText()).isEqualTo(deployment.topic());
        });
        assertThat(dlq.values()).filteredOn(r -> r.get("error_type").asText().equals("validation_error"))
                .extracting(r -> r.get("error_rule").asText())
                .containsExactlyInAnyOrder("order_id_required", "order_id_too_long", "customer_id_conflict",
                        "event_time_in_future", "event_time_format", "currency_unknown", "total_out_of_range",
                        "total_precision", "items_count", "item_quantity", "items_total_mismatch");
        assertThat(dlq.values()).filteredOn(r -> r.get("payload_encoding").asText().equals("base64")).hasSize(1);
        assertThat(api.requestCount("CUST-FLAKY")).as("transient failure retried").isEqualTo(2);
    }
}
