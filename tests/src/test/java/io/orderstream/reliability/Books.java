package io.orderstream.reliability;

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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reliability tests' books: every record sent, by Kafka position ({@code partition@offset}),
 * with the one place it must end (delivered, or the DLQ with an error type, optionally one of a set
 * when a fault makes the exact type a matter of timing); checked record by record against the
 * outputs, each deduplicated by its deterministic id (position for orders and DLQ records, window_id
 * + highest revision for aggregates), since Firehose delivers at least once.
 */
final class Books {
    static final String DELIVERED = "delivered";
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** One record sent: where it may end (one of {@code outcomes}) and the order when it is one. */
    record Entry(String position, Set<String> outcomes, SampleOrder order) {}

    private final Map<String, Entry> byPosition = new ConcurrentHashMap<>();
    private final long windowMillis;

    Books(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    void expect(String position, SampleOrder orderOrNull, String... outcomes) {
        Entry e = new Entry(position, Set.of(outcomes), orderOrNull);
        assertThat(byPosition.put(position, e)).as("position %s recorded twice", position).isNull();
    }

    int size() {
        return byPosition.size();
    }

    long count(String outcome) {
        return byPosition.values().stream().filter(e -> e.outcomes().equals(Set.of(outcome))).count();
    }

    /** What the check found: per place, how many records; plus problems (must be empty). */
    record Check(Map<String, Long> byPlace, List<String> problems, long duplicatesInOutputs) {
        long delivered() {
            return byPlace.getOrDefault(DELIVERED, 0L);
        }
    }

    /**
     * Every sent record in exactly one place and an allowed one; nothing in the outputs that was
     * never sent. Duplicate lines (Firehose retries) are counted, not failed: consumers dedupe by id.
     */
    Check check(List<String> orderLines, List<String> dlqLines) {
        Map<String, JsonNode> delivered = new HashMap<>();
        Map<String, JsonNode> dlq = new HashMap<>();
        long dups = index(orderLines, delivered) + index(dlqLines, dlq);
        List<String> problems = new ArrayList<>();
        Map<String, Long> byPlace = new TreeMap<>();
        for (Entry e : byPosition.values()) {
            JsonNode d = dlq.get(e.position());
            boolean inOrders = delivered.containsKey(e.position());
            String place = inOrders && d != null ? "both" : inOrders ? DELIVERED : d != null ? dlqPlace(d) : "nowhere";
            byPlace.merge(place, 1L, Long::sum);
            if (!e.outcomes().contains(place)) {
                problems.add(e.position() + (e.order() == null ? "" : " (" + e.order().orderId + ")") + " expected "
                        + e.outcomes() + " but " + place + (d == null ? "" : ": " + d.path("error_rule").asText("") + " "
                        + d.path("error_detail").asText("")));
            }
        }
        Set<String> unexpected = new HashSet<>(delivered.keySet());
        unexpected.addAll(dlq.keySet());
        unexpected.removeAll(byPosition.keySet());
        if (!unexpected.isEmpty()) {
            problems.add(unexpected.size() + " records in outputs that were never sent, e.g. " + unexpected.iterator().next());
        }
        return new Check(byPlace, problems, dups);
    }

    /** A DLQ record's place: its error type, and for validation errors "/" and the rule. */
    static String dlqPlace(JsonNode d) {
        String rule = d.path("error_rule").asText("");
        return d.get("error_type").asText() + (rule.isEmpty() ? "" : "/" + rule);
    }

    void assertExactlyOnePlace(Check check) {
        assertThat(check.problems()).as("records not where they belong (%d)", check.problems().size())
                .hasSizeLessThan(1);
    }

    private static long index(List<String> lines, Map<String, JsonNode> out) {
        long dups = 0;
        for (String line : lines) {
            JsonNode node = parse(line);
            JsonNode source = node.get("source");
            if (out.put(source.get("partition").asInt() + "@" + source.get("offset").asLong(), node) != null) {
                dups++;
            }
        }
        return dups;
    }

    /** Ground truth per window from the records that must be delivered (only those of a single outcome). */
    Map<String, Window> expectedWindows() {
        Map<String, Window> windows = new TreeMap<>();
        for (Entry e : byPosition.values()) {
            if (e.order() != null && e.outcomes().equals(Set.of(DELIVERED))) {
                windows.computeIfAbsent(WindowIds.of(WindowIds.windowStart(e.order().eventTime, windowMillis)),
                        id -> new Window()).add(e.order());
            }
        }
        return windows;
    }

    /** Ground truth from what was actually delivered (for faults where delivery of some records is a matter of timing). */
    Map<String, Window> windowsOfDelivered(List<String> orderLines) {
        Map<String, JsonNode> delivered = new HashMap<>();
        index(orderLines, delivered);
        Map<String, Window> windows = new TreeMap<>();
        for (Entry e : byPosition.values()) {
            if (e.order() != null && delivered.containsKey(e.position())) {
                windows.computeIfAbsent(WindowIds.of(WindowIds.windowStart(e.order().eventTime, windowMillis)),
                        id -> new Window()).add(e.order());
            }
        }
        return windows;
    }

    /** The highest revision of each window: what a consumer keeps. */
    static Map<String, JsonNode> latestAggregates(List<String> lines) {
        Map<String, JsonNode> latest = new TreeMap<>();
        for (String line : lines) {
            JsonNode node = parse(line);
            latest.merge(node.get("window_id").asText(), node,
                    (a, b) -> a.get("revision").asInt() >= b.get("revision").asInt() ? a : b);
        }
        return latest;
    }

    /**
     * Compares aggregates with ground truth; returns how many orders the aggregates count more
     * (double counted) and fewer (lost) than sent, summed over windows, and fails on any difference.
     */
    static long[] assertAggregates(Map<String, Window> expected, Map<String, JsonNode> actual) {
        long extra = 0, missing = 0;
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Window> w : expected.entrySet()) {
            JsonNode a = actual.get(w.getKey());
            long count = a == null ? 0 : a.get("order_count").asLong();
            extra += Math.max(0, count - w.getValue().orders);
            missing += Math.max(0, w.getValue().orders - count);
            if (a == null) {
                problems.add(w.getKey() + " missing");
                continue;
            }
            Map<String, BigDecimal> revenue = new TreeMap<>();
            a.get("revenue_by_currency").fields().forEachRemaining(f -> revenue.put(f.getKey(), f.getValue().decimalValue()));
            boolean sameRevenue = revenue.keySet().equals(w.getValue().revenue.keySet()) && w.getValue().revenue.entrySet().stream()
                    .allMatch(r -> r.getValue().compareTo(revenue.get(r.getKey())) == 0);
            if (count != w.getValue().orders || !sameRevenue
                    || a.get("distinct_customers").asLong() != w.getValue().customers.size()) {
                problems.add(w.getKey() + ": expected " + w.getValue() + " got " + a);
            }
        }
        for (String id : actual.keySet()) {
            if (!expected.containsKey(id)) {
                extra += actual.get(id).get("order_count").asLong();
                problems.add("unexpected window " + id + ": " + actual.get(id));
            }
        }
        assertThat(problems).as("aggregates differ from ground truth").isEmpty();
        return new long[] {extra, missing};
    }

    static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("output line is not JSON: " + line, e);
        }
    }

    /** Ground truth of one window. */
    static final class Window {
        long orders;
        final Set<String> customers = new HashSet<>();
        final Map<String, BigDecimal> revenue = new TreeMap<>();

        void add(SampleOrder o) {
            orders++;
            customers.add(o.customerId);
            revenue.merge(o.currency, o.total(), BigDecimal::add);
        }

        @Override
        public String toString() {
            return "{orders=" + orders + ", customers=" + customers.size() + ", revenue=" + revenue + "}";
        }
    }
}
