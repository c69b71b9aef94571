package io.orderstream.reliability;

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
import io.orderstream.job.metrics.Metric;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;

/**
 * At least 100,000 generated hostile records (random bytes, truncations, deep nesting, invalid UTF-8,
 * NaN/Infinity, duplicate keys, wrong types, tombstones, oversized records, every validation rule,
 * duplicates) mixed with valid orders, through the running job (MiniCluster + Kafka + LocalStack
 * Firehose and S3). The job never restarts; every record ends in exactly one place with the right
 * error type and rule, read back from S3 record by record; window aggregates equal ground truth;
 * the job's own metrics (LocalStack CloudWatch) balance: RecordsIn = RecordsOut + DLQ per type;
 * heap stays bounded.
 */
class HostileCorpusIT {
    /** Malformed or invalid records to send (parse and validation errors); valid orders and duplicates come on top. */
    static final int HOSTILE = Integer.getInteger("reliability.hostile.records", 100_000);
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration WAIT = Duration.ofMinutes(6);

    @Test
    void hundredThousandHostileRecordsEachEndInExactlyOnePlaceWithoutARestart() throws Exception {
        long started = System.nanoTime();
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        TestEnvironment env = TestEnvironment.get();
        LocalDeployment deployment = LocalDeployment.create("hostile", env.kafka(), env.localStack());
        String namespace = "orderstream-hostile-" + System.currentTimeMillis();
        Instant from = Instant.now();
        try (CustomerApiServer api = CustomerApiServer.start();
             LocalFlinkCluster flink = LocalFlinkCluster.start(1, 4, 2, 0);
             Metrics metrics = new Metrics(env.localStack(), namespace, from);
             Producer producer = new Producer(deployment.bootstrapServers(), deployment.topic())) {
            Map<String, String> props = deployment.jobProperties(api.baseUrl());
            props.put(ConfigKeys.WINDOW_SIZE.key(), "1min");
            props.put(ConfigKeys.WINDOW_ALLOWED_LATENESS.key(), "0s");
            props.put(ConfigKeys.MAX_RECORD_BYTES.key(), String.valueOf(HostileCorpus.MAX_RECORD_BYTES));
            props.put(ConfigKeys.METRICS_NAMESPACE.key(), namespace);
            props.put(ConfigKeys.METRICS_PUBLISH_INTERVAL.key(), "2s");
            long heapBefore = usedHeapAfterGc();
            JobClient job = flink.submit(props);
            JobID jobId = job.getJobID();

            long t0 = Instant.now().minus(Duration.ofHours(5)).toEpochMilli();
            t0 -= t0 % WINDOW.toMillis();
            long expectedRecords = HOSTILE * 100L / (95 - HostileCorpus.VALID_PERCENT);
            long step = 10 * WINDOW.toMillis() / expectedRecords; // about ten windows of event time
            HostileCorpus corpus = new HostileCorpus(20261123L, t0, Math.max(1, step));
            Books books = new Books(WINDOW.toMillis());
            Map<String, Long> kinds = new TreeMap<>();
            long hostile = 0;
            for (int i = 0; hostile < HOSTILE; i++) {
                HostileCorpus.Item item = corpus.next();
                kinds.merge(item.kind(), 1L, Long::sum);
                hostile += item.hostile() ? 1 : 0;
                String outcome = item.rule() == null ? item.expected() : item.expected() + "/" + item.rule();
                producer.send(item.key(), item.value(), position -> books.expect(position, item.order(), outcome));
                if (i % 5_000 == 4_999) {
                    producer.flush();
                }
            }
            long bumpTime = t0 + 20 * WINDOW.toMillis();
            for (int p = 0; p < LocalDeployment.PARTITIONS; p++) {
                SampleOrder bump = corpus.bump(p, bumpTime);
                producer.sendTo(p, bump.orderId, HostileCorpus.utf8(bump.toJson()), position -> books.expect(position, bump, Books.DELIVERED));
            }
            producer.flush();
            int sent = books.size();
            assertThat(hostile).isEqualTo(HOSTILE);
            long expectedDuplicates = books.count("duplicate");

            Outputs outputs = new Outputs(env.localStack(), deployment);
            Map<String, Books.Window> expected = books.expectedWindows();
            expected.remove(WindowIds.of(bumpTime));
            long expectedDelivered = books.count(Books.DELIVERED);
            Eventually.awaitPollingEverySecond("every record in an output and every window emitted", WAIT,
                    () -> distinct(outputs) >= sent
                            && Books.latestAggregates(outputs.aggregates()).keySet().containsAll(expected.keySet()),
                    () -> "distinct records in outputs " + distinct(outputs) + " of " + sent);
            Thread.sleep(3_000); // anything extra (a record twice) would have arrived by now

            assertThat(flink.hasRestarted(jobId)).as("a hostile record restarted the job").isFalse();
            Books.Check check = books.check(outputs.orders(), outputs.dlq());
            books.assertExactlyOnePlace(check);
            assertThat(check.delivered()).isEqualTo(expectedDelivered);
            assertThat(sent - expectedDelivered - expectedDuplicates).as("hostile records, each in the DLQ").isEqualTo(hostile);
            Map<String, JsonNode> aggregates = Books.latestAggregates(outputs.aggregates());
            aggregates.remove(WindowIds.of(bumpTime));
            long[] extraMissing = Books.assertAggregates(expected, aggregates);

            // The accounting invariant from the job's own metrics, once the input is drained:
            // records read = delivered + DLQ (per error type) + in flight (0 now).
            Map<String, Long> dlqByType = new TreeMap<>();
            check.byPlace().forEach((place, n) -> {
                if (!place.equals(Books.DELIVERED)) {
                    dlqByType.merge(place.split("/")[0], n, Long::sum);
                }
            });
            long dlqTotal = dlqByType.values().stream().mapToLong(Long::longValue).sum();
            Eventually.awaitPollingEverySecond("the job's metrics to balance", Duration.ofSeconds(90),
                    () -> metrics.sum(Metric.RECORDS_IN) == sent && metrics.sum(Metric.RECORDS_OUT) == expectedDelivered
                            && metrics.sum(Metric.DLQ_RECORDS) == dlqTotal,
                    () -> "RecordsIn " + metrics.sum(Metric.RECORDS_IN) + " RecordsOut " + metrics.sum(Metric.RECORDS_OUT)
                            + " DLQ " + metrics.sum(Metric.DLQ_RECORDS) + "; expected " + sent + " = " + expectedDelivered + " + " + dlqTotal);
            for (Map.Entry<String, Long> type : dlqByType.entrySet()) {
                assertThat(metrics.sum(Metric.DLQ_RECORDS_BY_TYPE, type.getKey())).as("DLQRecordCount %s", type.getKey())
                        .isEqualTo(type.getValue());
            }
            assertThat(metrics.sum(Metric.RECORDS_IN))
                    .isEqualTo(metrics.sum(Metric.RECORDS_OUT) + metrics.sum(Metric.DLQ_RECORDS));

            long heapAfter = usedHeapAfterGc();
            assertThat(heapAfter - heapBefore).as("heap growth after the hostile records (before %d MB, after %d MB)",
                    heapBefore >> 20, heapAfter >> 20).isLessThan(768L << 20);
            job.cancel().get();

            Map<String, Object> row = new LinkedHashMap<>();
            row.put("faults injected", 0);
            row.put("records checked", sent);
            row.put("orders lost", extraMissing[1]);
            row.put("double-counted in aggregates", extraMissing[0]);
            row.put("hostile records tried", hostile);
            row.put("job restarts caused by input", flink.hasRestarted(jobId) ? 1 : 0);
            row.put("runtime", Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
            row.put("notes", hostile + " hostile records (parse and validation errors) and " + expectedDuplicates
                    + " duplicates among " + sent + " records; outcomes " + check.byPlace() + "; DLQ by type (CloudWatch) " + dlqByType
                    + "; duplicate output lines (Firehose retries) " + check.duplicatesInOutputs()
                    + "; heap before/after " + (heapBefore >> 20) + "/" + (heapAfter >> 20) + " MB; kinds " + kinds);
            Report.record("hostile_corpus_100k", row);
        }
    }

    private static long distinct(Outputs outputs) {
        java.util.Set<String> positions = new java.util.HashSet<>();
        for (String line : outputs.orders()) {
            positions.add(position(line));
        }
        for (String line : outputs.dlq()) {
            positions.add(position(line));
        }
        return positions.size();
    }

    private static String position(String line) {
        // cheap: "partition":N,"offset":M inside "source"
        int s = line.indexOf("\"source\":{");
        int p = line.indexOf("\"partition\":", s) + 12;
        int o = line.indexOf("\"offset\":", p) + 9;
        return line.substring(p, line.indexOf(',', p)) + "@" + line.substring(o, Math.min(indexOfAny(line, o), line.length()));
    }

    private static int indexOfAny(String line, int from) {
        int comma = line.indexOf(',', from);
        int brace = line.indexOf('}', from);
        return comma < 0 ? brace : brace < 0 ? comma : Math.min(comma, brace);
    }

    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
