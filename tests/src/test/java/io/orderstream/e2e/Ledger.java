package io.orderstream.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderstream.harness.SampleOrder;
import io.orderstream.job.aggregate.WindowIds;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a test sent and where each record must end: delivered as an enriched order, or in the DLQ
 * with one error type. Records are identified by their Kafka position ({@code partition@offset}),
 * which every output carries, so "exactly one place" is checked record by record.
 */
final class Ledger {
    static final String DELIVERED = "delivered";
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** One sent record and its expected fate. */
    record Entry(String position, String outcome, SampleOrder order, boolean late) {}

    private final Map<String, Entry> byPosition = new LinkedHashMap<>();
    private final long windowMillis;

    Ledger(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    void expectDelivered(String position, SampleOrder order, boolean late) {
        put(new Entry(position, DELIVERED, order, late));
    }

    void expectDlq(String position, String errorType) {
        put(new Entry(position, errorType, null, false));
    }

    private void put(Entry e) {
        assertThat(byPosition.put(e.position(), e)).as("position %s recorded twice", e.position()).isNull();
    }

    long count(String outcome) {
        return byPosition.values().stream().filter(e -> e.outcome().equals(outcome)).count();
    }

    long dlqCount() {
        return byPosition.size() - count(DELIVERED);
    }

    /** Positions of the enriched orders delivered, each once, whatever Firehose redelivered. */
    static Map<String, JsonNode> byPosition(List<String> lines) {
        Map<String, JsonNode> out = new HashMap<>();
        for (String line : lines) {
            JsonNode node = parse(line);
            JsonNode source = node.get("source");
            out.put(source.get("partition").asInt() + "@" + source.get("offset").asLong(), node);
        }
        return out;
    }

    /**
     * Every sent record is in exactly one output: delivered records among the orders and nowhere in
     * the DLQ; DLQ records in the DLQ with the expected error type and not among the orders.
     */
    void assertEveryRecordInExactlyOnePlace(List<String> orderLines, List<String> dlqLines) {
        Map<String, JsonNode> delivered = byPosition(orderLines);
        Map<String, JsonNode> dlq = byPosition(dlqLines);
        List<String> problems = new ArrayList<>();
        for (Entry e : byPosition.values()) {
            boolean inOrders = delivered.containsKey(e.position());
            JsonNode dlqRecord = dlq.get(e.position());
            if (e.outcome().equals(DELIVERED)) {
                if (!inOrders || dlqRecord != null) {
                    problems.add(e.position() + " (" + e.order().orderId + ") expected delivered; in orders: " + inOrders
                            + ", in DLQ: " + (dlqRecord == null ? "no" : dlqRecord.get("error_type") + " " + dlqRecord.get("error_detail")));
                }
            } else if (inOrders || dlqRecord == null || !e.outcome().equals(dlqRecord.get("error_type").asText())) {
                problems.add(e.position() + " expected DLQ " + e.outcome() + "; in orders: " + inOrders
                        + ", in DLQ: " + (dlqRecord == null ? "no" : dlqRecord.get("error_type") + " " + dlqRecord.get("error_detail")));
            }
        }
        Set<String> unexpected = new HashSet<>(delivered.keySet());
        unexpected.addAll(dlq.keySet());
        unexpected.removeAll(byPosition.keySet());
        if (!unexpected.isEmpty()) {
            problems.add("records in outputs that were never sent: " + unexpected);
        }
        assertThat(problems).as("records not where they belong").isEmpty();
    }

    /** Expected totals of every window that holds delivered orders, keyed by window id. */
    Map<String, ExpectedWindow> expectedWindows() {
        Map<String, ExpectedWindow> windows = new TreeMap<>();
        for (Entry e : byPosition.values()) {
            if (!e.outcome().equals(DELIVERED)) {
                continue;
            }
            long start = WindowIds.windowStart(e.order().eventTime, windowMillis);
            windows.computeIfAbsent(WindowIds.of(start), id -> new ExpectedWindow()).add(e);
        }
        return windows;
    }

    /** The last revision of each window in the aggregates output. */
    static Map<String, JsonNode> latestAggregates(List<String> aggregateLines) {
        Map<String, JsonNode> latest = new TreeMap<>();
        for (String line : aggregateLines) {
            JsonNode node = parse(line);
            latest.merge(node.get("window_id").asText(), node,
                    (a, b) -> a.get("revision").asInt() >= b.get("revision").asInt() ? a : b);
        }
        return latest;
    }

    static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("output line is not JSON: " + line, e);
        }
    }

    /** Ground truth of one window, computed from what was sent. */
    static final class ExpectedWindow {
        long orders;
        long late;
        final Set<String> customers = new HashSet<>();
        final Map<String, BigDecimal> revenue = new TreeMap<>();

        void add(Entry e) {
            orders++;
            if (e.late()) {
                late++;
            }
            customers.add(e.order().customerId);
            revenue.merge(e.order().currency, e.order().total(), BigDecimal::add);
        }

        /** Asserts the emitted aggregate equals this, to the cent. */
        void assertMatches(String windowId, JsonNode actual) {
            assertThat(actual.get("order_count").asLong()).as("%s order_count", windowId).isEqualTo(orders);
            assertThat(actual.get("distinct_customers").asLong()).as("%s distinct_customers", windowId)
                    .isEqualTo(customers.size());
            assertThat(actual.get("late_records").asLong()).as("%s late_records", windowId).isEqualTo(late);
            Map<String, BigDecimal> actualRevenue = new TreeMap<>();
            actual.get("revenue_by_currency").fields()
                    .forEachRemaining(f -> actualRevenue.put(f.getKey(), f.getValue().decimalValue()));
            assertThat(actualRevenue.keySet()).as("%s currencies", windowId).isEqualTo(revenue.keySet());
            revenue.forEach((currency, amount) -> assertThat(actualRevenue.get(currency))
                    .as("%s revenue in %s", windowId, currency).isEqualByComparingTo(amount));
        }
    }
}
