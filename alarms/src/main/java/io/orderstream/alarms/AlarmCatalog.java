package io.orderstream.alarms;

import static io.orderstream.alarms.Comparison.GREATER_THAN;
import static io.orderstream.alarms.Comparison.LESS_THAN;
import static io.orderstream.alarms.MissingData.BREACHING;
import static io.orderstream.alarms.MissingData.NOT_BREACHING;
import static io.orderstream.alarms.Severity.CRITICAL;
import static io.orderstream.alarms.Severity.HIGH;
import static io.orderstream.alarms.Severity.MEDIUM;

import io.orderstream.job.metrics.Metric;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/**
 * Every alarm of /work/shared/spec/alarms.md, defined once. The CDK app creates exactly these; the
 * tests check them against the spec.
 *
 * <h2>How the signals were chosen</h2>
 * <ul>
 *   <li>Where the platform is the truth and keeps reporting when the job is dead (consumer lag, broker
 *       health, Firehose delivery) the alarm reads AWS/Kafka or AWS/Firehose. Everything about the job's
 *       own behaviour reads the job's metric contract ({@link Metric}, namespace
 *       {@code ecommerce-streaming}).</li>
 *   <li>Silence must page, once. {@code job-down} is the alarm for a dead or silent job: the job's
 *       Heartbeat, missing data breaching. Platform health signals (broker liveness, consumer lag, drain
 *       ETA) treat missing data as breaching too: they report whether or not the job runs. The job's
 *       signals that only exist while orders flow (watermark lag, window completeness, DLQ, failed
 *       puts, checkpoint failures, latency) treat it as not breaching: a quiet night without orders is
 *       not an incident, and a dead job is job-down's page, not five pages at once.</li>
 *   <li>{@code kafka-broker-down-critical}: MSK publishes no "brokers alive" count. Each running broker
 *       publishes {@code PartitionCount} (dimensions Cluster Name, Broker ID) every minute from the
 *       Kafka process's own JMX; a stopped or crashed broker stops publishing it. So alive =
 *       Σ<sub>broker</sub> IF(FILL(PartitionCount, -1) &ge; 0, 1, 0) and the alarm fires when alive &lt; 3.
 *       A host-level metric such as CpuIdle was rejected: it keeps reporting while the Kafka process is
 *       down. If the expression returns nothing at all (no broker reports), missing data is breaching.</li>
 *   <li>Lag, skew and drain ETA read MSK's consumer-lag metrics of group {@code order-processor} on
 *       {@code orders.raw} (the cluster runs enhanced monitoring PER_TOPIC_PER_PARTITION). MSK reports
 *       lag for groups that only commit offsets, as Flink's KafkaSource does on checkpoints.</li>
 *   <li>Latency p99 is statistic p99 of the {@code ProcessingLatency} distribution (replaces the seed's
 *       pre-computed LatencyP99, which cannot be aggregated across subtasks).</li>
 * </ul>
 */
public final class AlarmCatalog {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    /** Below this total lag partition skew is noise (a ratio of tiny numbers) and never alarms. */
    public static final int SKEW_MIN_TOTAL_LAG = 1000;
    /** Drain ETA reported when there is lag and nothing is consumed: far above any threshold. */
    public static final int DRAIN_ETA_STALLED_SECONDS = 86_400;

    private final Targets targets;
    private final List<AlarmDefinition> alarms;

    private AlarmCatalog(Targets targets) {
        this.targets = targets;
        this.alarms = List.copyOf(build(targets));
        Map<String, Long> ids = alarms.stream().collect(Collectors.groupingBy(AlarmDefinition::id, Collectors.counting()));
        ids.forEach((id, n) -> {
            if (n > 1) {
                throw new IllegalStateException("duplicate alarm id " + id);
            }
        });
    }

    public static AlarmCatalog of(Targets targets) {
        return new AlarmCatalog(targets);
    }

    public static AlarmCatalog defaults() {
        return of(Targets.defaults());
    }

    public Targets targets() {
        return targets;
    }

    public List<AlarmDefinition> all() {
        return alarms;
    }

    public AlarmDefinition byId(String id) {
        return alarms.stream().filter(a -> a.id().equals(id)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no alarm " + id));
    }

    public List<AlarmDefinition> routedTo(Routing routing) {
        return alarms.stream().filter(a -> a.routing() == routing).toList();
    }

    private static List<AlarmDefinition> build(Targets t) {
        List<AlarmDefinition> a = new ArrayList<>();
        MetricQuery sumLag = MetricQuery.platform(PlatformMetric.KAFKA_SUM_OFFSET_LAG, "Maximum", MINUTE,
                t.clusterName(), t.consumerGroup(), t.topic());
        MetricQuery maxLag = MetricQuery.platform(PlatformMetric.KAFKA_MAX_OFFSET_LAG, "Maximum", MINUTE,
                t.clusterName(), t.consumerGroup(), t.topic());
        MetricQuery recordsInPerMinute = MetricQuery.job(Metric.RECORDS_IN, MINUTE);

        // ---- seed 004: the pipeline's own runbooks
        a.add(new AlarmDefinition("dlq-spike-critical", CRITICAL,
                "more than 100 records entered the DLQ in one minute",
                Signal.of(MetricQuery.job(Metric.DLQ_RECORDS, MINUTE)),
                1, 1, GREATER_THAN, 100, NOT_BREACHING,
                "break the DLQ down by error_type (metric DLQRecordCount by error_type, or the saved query "
                        + "orderstream/dlq-by-error-type) and check for a deployment or schema change in the last hour",
                "Counts bad records: no data is no DLQ records; a dead job is job-down's."));
        a.add(new AlarmDefinition("checkpoint-failure-critical", CRITICAL,
                "more than 0 checkpoints failed in a 5-minute window",
                Signal.of(MetricQuery.job(Metric.CHECKPOINT_FAILURES, FIVE_MINUTES)),
                1, 1, GREATER_THAN, 0, NOT_BREACHING,
                "open the application's Flink dashboard (Checkpoints tab) and read the failure cause; then check "
                        + "the S3 checkpoint bucket and the application's log group for exceptions",
                "The tasks' own view of aborted checkpoints; AWS/KinesisAnalytics numberOfFailedCheckpoints is on "
                        + "the dashboard as the platform's cross-check."));
        a.add(brokerDown(t));
        a.add(firehoseDeliveryFailure(t));
        a.add(new AlarmDefinition("kafka-consumer-lag-high", HIGH,
                "consumer lag of group " + t.consumerGroup() + " on " + t.topic() + " above 50,000 records",
                Signal.of(sumLag), 3, 3, GREATER_THAN, 50_000, BREACHING,
                "check the job is running and consuming (dashboard: RecordsIn, job-down), then look for "
                        + "backpressure and the slowest operator (OperatorLatency by operator)",
                "Platform truth (MSK SumOffsetLag), reported whether or not the job runs. Missing data means MSK "
                        + "no longer sees the group's offsets: breaching."));
        a.add(new AlarmDefinition("processing-latency-slo-breach", HIGH,
                "p99 processing latency above 5 seconds",
                Signal.of(MetricQuery.job(Metric.PROCESSING_LATENCY, "p99", MINUTE, Map.of())),
                5, 3, GREATER_THAN, 5_000, NOT_BREACHING,
                "find the slow stage: OperatorLatency p99 by operator (enrichment first: EnrichmentApiLatency and "
                        + "the cache hit rate), then backpressure and checkpoint duration",
                "p99 of the ProcessingLatency distribution across all subtasks (replaces seed LatencyP99); "
                        + "threshold in milliseconds. No data means no orders flowed; a dead job is job-down's."));
        a.add(new AlarmDefinition("window-completeness-low", HIGH,
                "window completeness below 95 %",
                Signal.of(MetricQuery.job(Metric.WINDOW_COMPLETENESS, TEN_MINUTES)),
                1, 1, LESS_THAN, 95, NOT_BREACHING,
                "check WatermarkLagMs and RecordsLateDropped: late data (source delays) or a stuck watermark "
                        + "(see watermark-stuck)",
                "Minimum over 10 minutes so every period holds at least one closed 5-minute window while orders "
                        + "flow. No window closing means no orders (quiet) or a stuck watermark (watermark-stuck) "
                        + "or a dead job (job-down): not breaching."));
        a.add(new AlarmDefinition("memory-usage-high", MEDIUM,
                "memory usage above 85 %",
                Signal.of(MetricQuery.job(Metric.HEAP_USAGE, MINUTE)),
                5, 5, GREATER_THAN, 85, NOT_BREACHING,
                "check state size (StateBackendUsedBytes) and the enrichment cache size; plan a scale-up (KPUs) "
                        + "before 95 %",
                "Maximum over TaskManagers, sustained 5 minutes to ignore GC peaks."));
        a.add(new AlarmDefinition("checkpoint-duration-high", MEDIUM,
                "checkpoint duration above 30 seconds",
                Signal.of(MetricQuery.job(Metric.CHECKPOINT_DURATION, FIVE_MINUTES)),
                3, 2, GREATER_THAN, 30_000, NOT_BREACHING,
                "compare state size growth (StateBackendUsedBytes) with backpressure on the sinks; alignment "
                        + "time grows with backpressure",
                "Threshold in milliseconds. The metric is the last completed checkpoint's duration, sent every "
                        + "publish interval until the next completes (a minute later at the 60-s interval), so "
                        + "2 of 3 five-minute periods needs slowness that repeats or lasts: one slow checkpoint "
                        + "does not ticket."));

        // ---- the other seeds
        a.add(new AlarmDefinition("consumer-lag-growing", MEDIUM,
                "consumer lag grows faster than 100 records/s, sustained 10 minutes",
                Signal.math("RATE(lag)", Map.of("lag", sumLag), "lag growth (records/s)"),
                10, 10, GREATER_THAN, 100, NOT_BREACHING,
                "compare RecordsIn with the producers' rate (AWS/Kafka BytesInPerSec); scale the application up "
                        + "if consumption is at its ceiling",
                "RATE of SumOffsetLag is records per second; kafka-consumer-lag-high covers the lag metric "
                        + "going missing."));
        Map<String, MetricQuery> notConsuming = new LinkedHashMap<>();
        notConsuming.put("lag", sumLag);
        notConsuming.put("recordsin", recordsInPerMinute);
        a.add(new AlarmDefinition("consumer-not-consuming", HIGH,
                "lag above 0 and nothing consumed for 15 minutes",
                Signal.math("IF(lag > 0 AND FILL(recordsin, 0) == 0, 1, 0)", notConsuming,
                        "1 when there is lag and nothing was consumed"),
                15, 15, Comparison.GREATER_THAN_OR_EQUAL, 1, BREACHING,
                "check the job runs (job-down) and which partition is stuck (MaxOffsetLag vs SumOffsetLag, "
                        + "OffsetLag per partition), then restart from the latest snapshot",
                "Lag from MSK (platform), consumption from the job's RecordsIn: a dead job reads as 0 consumed "
                        + "and still fires."));
        Map<String, MetricQuery> skew = new LinkedHashMap<>();
        skew.put("maxlag", maxLag);
        skew.put("sumlag", sumLag);
        a.add(new AlarmDefinition("partition-lag-skew", MEDIUM,
                "max partition lag / average partition lag above 4, for 12 minutes",
                Signal.math("IF(sumlag >= " + SKEW_MIN_TOTAL_LAG + ", maxlag * " + t.topicPartitions() + " / sumlag, 0)",
                        skew, "max partition lag / average partition lag"),
                12, 12, GREATER_THAN, 4, NOT_BREACHING,
                "find the hot partition (OffsetLag per partition) and its key: one customer or a producer "
                        + "keying badly",
                "Average partition lag = SumOffsetLag / " + t.topicPartitions() + " partitions. Below "
                        + SKEW_MIN_TOTAL_LAG + " records of total lag the ratio is noise and reads 0."));
        Map<String, MetricQuery> eta = new LinkedHashMap<>();
        eta.put("lag", sumLag);
        eta.put("recordsin", recordsInPerMinute);
        a.add(new AlarmDefinition("drain-eta-breached", CRITICAL,
                "lag / consumption rate above 1800 s (30 minutes), for 5 minutes",
                Signal.math("IF(FILL(recordsin, 0) > 0, lag / (recordsin / 60), IF(lag > 0, "
                        + DRAIN_ETA_STALLED_SECONDS + ", 0))", eta, "drain ETA (s)"),
                5, 5, GREATER_THAN, 1_800, BREACHING,
                "scale the application up (parallelism/KPUs) and confirm the consumption rate rises; check "
                        + "MSK's EstimatedMaxTimeLag on the dashboard",
                "Consumption rate = RecordsIn per minute / 60. Lag with no consumption reads as "
                        + DRAIN_ETA_STALLED_SECONDS + " s, so a dead job breaches too."));
        Map<String, MetricQuery> dlqRate = new LinkedHashMap<>();
        dlqRate.put("dlq", MetricQuery.job(Metric.DLQ_RECORDS, MINUTE));
        dlqRate.put("recordsin", recordsInPerMinute);
        a.add(new AlarmDefinition("dlq-error-rate-high", HIGH,
                "DLQ records / records in above 10 % (SEV-2; above 20 % is SEV-1)",
                Signal.math("IF(FILL(recordsin, 0) > 0, 100 * FILL(dlq, 0) / recordsin, 0)", dlqRate,
                        "DLQ records / records in (%)"),
                3, 3, GREATER_THAN, 10, NOT_BREACHING,
                "break the DLQ down by error_type; above 20 % escalate to SEV-1",
                "Percent over 1-minute periods, sustained 3 minutes."));
        a.add(new AlarmDefinition("watermark-stuck", HIGH,
                "watermark lag above 5 minutes: windows stop closing",
                Signal.of(MetricQuery.job(Metric.WATERMARK_LAG, MINUTE)),
                3, 3, GREATER_THAN, 300_000, NOT_BREACHING,
                "find the partition holding the watermark back (an idle or stuck split: MaxOffsetLag per "
                        + "partition) and check event-time.idleness",
                "Threshold in milliseconds. The job publishes the lag for intervals in which orders passed the "
                        + "watermark check; no orders (a quiet period) means no data, not breaching; a dead job is "
                        + "job-down's."));
        a.add(jobDown(t));
        return a;
    }

    private static AlarmDefinition brokerDown(Targets t) {
        Map<String, MetricQuery> brokers = new LinkedHashMap<>();
        StringBuilder expression = new StringBuilder();
        for (int id = 1; id <= t.brokerCount(); id++) {
            String mid = "broker" + id;
            brokers.put(mid, MetricQuery.platform(PlatformMetric.KAFKA_BROKER_PARTITION_COUNT, "Maximum", MINUTE,
                    t.clusterName(), String.valueOf(id)));
            if (id > 1) {
                expression.append(" + ");
            }
            expression.append("IF(FILL(").append(mid).append(", -1) >= 0, 1, 0)");
        }
        return new AlarmDefinition("kafka-broker-down-critical", CRITICAL,
                "fewer than " + t.brokerCount() + " MSK brokers of cluster " + t.clusterName() + " alive",
                Signal.math(expression.toString(), brokers, "brokers alive"),
                2, 2, LESS_THAN, t.brokerCount(), BREACHING,
                "open the MSK console for cluster " + t.clusterName() + " (broker states, OfflinePartitionsCount) and "
                        + "the broker logs; producers and the job retry, so do not restart the job",
                "MSK has no alive count: a broker is alive when it publishes PartitionCount (Kafka JMX, "
                        + "every minute); 2 consecutive minutes to ride over a single late datapoint.");
    }

    private static AlarmDefinition firehoseDeliveryFailure(Targets t) {
        Map<String, MetricQuery> metrics = new LinkedHashMap<>();
        List<String> terms = new ArrayList<>();
        int i = 1;
        for (String stream : t.deliveryStreams()) {
            metrics.put("failed" + i, MetricQuery.job(Metric.FIREHOSE_FAILED_PUTS, "Sum", MINUTE,
                    Map.of(Metric.Dimension.DELIVERY_STREAM.cloudWatchName(), stream)));
            terms.add("FILL(failed" + i + ", 0)");
            i++;
        }
        i = 1;
        for (String stream : t.deliveryStreams()) {
            metrics.put("s3ok" + i, MetricQuery.platform(PlatformMetric.FIREHOSE_DELIVERY_TO_S3_SUCCESS, "Minimum",
                    MINUTE, stream));
            terms.add("IF(FILL(s3ok" + i + ", 1) < 1, 1, 0)");
            i++;
        }
        return new AlarmDefinition("firehose-delivery-failure-critical", CRITICAL,
                "more than 0 failed puts (or failed S3 deliveries) in one minute",
                Signal.math(String.join(" + ", terms), metrics,
                        "failed puts + delivery streams with failed S3 deliveries"),
                1, 1, GREATER_THAN, 0, NOT_BREACHING,
                "find the stream (FirehoseFailedPutRecords by DeliveryStreamName, DeliveryToS3.Success) and read "
                        + "its delivery error log (log group /aws/kinesisfirehose/<stream>): KMS, bucket policy or throttling",
                "Both halves of delivery: the job's failed PutRecordBatch records per stream, and Firehose's own "
                        + "DeliveryToS3.Success (Minimum < 1 means some S3 delivery failed), which Firehose "
                        + "reports whether or not the job runs.");
    }

    private static AlarmDefinition jobDown(Targets t) {
        return new AlarmDefinition("job-down", CRITICAL,
                "the job is not running or stopped reporting",
                Signal.of(MetricQuery.job(Metric.HEARTBEAT, MINUTE)),
                3, 3, LESS_THAN, 1, BREACHING,
                "check the application's status (aws kinesisanalyticsv2 describe-application --application-name "
                        + t.applicationName() + ") and its log group ecommerce-streaming for the last exception",
                "Alive = the job's Heartbeat arrives: every TaskManager sends one per interval while its task threads "
                        + "turn (a stopped, failed, restarting or wedged job sends none). Missing data breaches, so 3 "
                        + "silent minutes page.");
    }
}
