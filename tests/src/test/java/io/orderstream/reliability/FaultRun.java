package io.orderstream.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderstream.harness.Eventually;
import io.orderstream.harness.LocalDeployment;
import io.orderstream.harness.SampleOrder;
import io.orderstream.harness.Toxiproxy;
import io.orderstream.job.aggregate.WindowIds;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * What the Toxiproxy fault tests (DependencyFaultsIT, KafkaFaultsIT) share: a named fault, the end
 * of every run (one order per partition far ahead in event time closes the windows, then every
 * record and every window is checked exactly) and the report row.
 */
final class FaultRun {
    /** A fault applied to a proxy and held for a while before the proxy heals. */
    record Fault(String name, Consumer<Toxiproxy.Proxy> apply, Duration hold) {}

    /** A run's checked end: every record's place, and the window aggregates against ground truth. */
    record Checked(Books.Check check, long ordersLost, long doubleCounted) {}

    private FaultRun() {}

    /**
     * Sends the orders that close every window so far, waits until each window is emitted, and checks
     * that every record sent is in exactly one place and every aggregate equals the ground truth.
     */
    static Checked closeWindowsAndCheck(Producer producer, Books books, Outputs outputs, Random random,
                                        String bumpPrefix, long bumpTime, Duration wait) throws InterruptedException {
        for (int p = 0; p < LocalDeployment.PARTITIONS; p++) {
            SampleOrder bump = SampleOrder.random(random, bumpPrefix + p, "CUST-1", bumpTime, "USD");
            producer.sendTo(p, bump.orderId, HostileCorpus.utf8(bump.toJson()), pos -> books.expect(pos, bump, Books.DELIVERED));
        }
        producer.flush();
        Map<String, Books.Window> expected = books.expectedWindows();
        expected.remove(WindowIds.of(bumpTime));
        Eventually.awaitPollingEverySecond("windows emitted", wait,
                () -> Books.latestAggregates(outputs.aggregates()).keySet().containsAll(expected.keySet()),
                () -> Books.latestAggregates(outputs.aggregates()).keySet().toString());
        Thread.sleep(2_000); // anything extra (a record twice) would have arrived by now
        Books.Check check = books.check(outputs.orders(), outputs.dlq());
        books.assertExactlyOnePlace(check);
        Map<String, JsonNode> aggregates = Books.latestAggregates(outputs.aggregates());
        aggregates.remove(WindowIds.of(bumpTime));
        long[] extraMissing = Books.assertAggregates(expected, aggregates);
        return new Checked(check, extraMissing[1], extraMissing[0]);
    }

    /** The report row of a fault run (faults never come from input, so no restart is caused by input). */
    static Map<String, Object> row(int faults, Books books, Checked checked, long hostile, long startedNanos, String notes) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("faults injected", faults);
        row.put("records checked", books.size());
        row.put("orders lost", checked.ordersLost());
        row.put("double-counted in aggregates", checked.doubleCounted());
        row.put("hostile records tried", hostile);
        row.put("job restarts caused by input", 0);
        row.put("runtime", Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds() + " s");
        row.put("notes", notes);
        return row;
    }
}
