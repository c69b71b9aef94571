package io.orderstream.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderstream.harness.LocalDeployment;
import io.orderstream.job.metrics.Metric;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The local run's view of the pipeline, refreshed every few seconds: what went in (acknowledged by the
 * broker), what came out (distinct source positions in the orders and DLQ buckets), DLQ by error type,
 * windows with their completeness, p99 latency (from the delivered orders: {@code processed_at} minus the
 * Kafka timestamp, the job's ProcessingLatency), watermark lag, checkpoint failures and Firehose retries
 * (the job's metrics in LocalStack CloudWatch), per-partition input and lag (Kafka), and the alarms.
 */
final class Status implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    /** The latest revision of one window, and its late drops. */
    static final class Window {
        final long start;
        final long end;
        int revision = -1;
        long orderCount;
        long lateAccepted;
        long lateDropped;

        Window(long start, long end) {
            this.start = start;
            this.end = end;
        }

        double completeness() {
            long total = orderCount + lateDropped;
            return total == 0 ? 100.0 : 100.0 * orderCount / total;
        }
    }

    private final LocalDeployment deployment;
    private final LongSupplier in;
    private final long windowMillis;
    private final OutputCounter orders;
    private final OutputCounter aggregates;
    private final OutputCounter dlq;
    private final CloudWatchClient cloudWatch;
    private final Admin admin;
    private final String groupId;
    private final AlarmWatcher alarms;
    private final Instant started = Instant.now();

    private final Map<String, Long> dlqByType = new TreeMap<>();
    private final Map<Long, Window> windows = new TreeMap<>();
    private final List<Long> allLatencies = new ArrayList<>();
    private final Map<Integer, Long> lastEndOffsets = new HashMap<>();
    private long lastIn;
    private long lastOut;
    private long lastDlq;
    private long lastTick = System.nanoTime();
    private double lastWatermarkLagMs = Double.NaN;
    private double checkpointFailures;
    private double firehoseRetried;
    private Long lastP99;

    Status(S3Client s3, LocalDeployment deployment, Path outputDir, LongSupplier in, Duration windowSize,
           CloudWatchClient cloudWatch, String groupId, AlarmWatcher alarms) {
        this.deployment = deployment;
        this.in = in;
        this.windowMillis = windowSize.toMillis();
        this.orders = new OutputCounter(s3, deployment.ordersBucket(), outputDir);
        this.aggregates = new OutputCounter(s3, deployment.aggregatesBucket(), outputDir);
        this.dlq = new OutputCounter(s3, deployment.dlqBucket(), outputDir);
        this.cloudWatch = cloudWatch;
        this.groupId = groupId;
        this.alarms = alarms;
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, deployment.bootstrapServers());
        this.admin = Admin.create(p);
    }

    /** Reads the three buckets; cheap enough to call every second while draining. */
    synchronized void pollOutputs() {
        List<Long> latencies = new ArrayList<>();
        for (JsonNode o : orders.poll()) {
            try {
                long latency = Instant.parse(o.path("processed_at").asText()).toEpochMilli()
                        - Instant.parse(o.path("source").path("kafka_timestamp").asText()).toEpochMilli();
                latencies.add(latency);
            } catch (RuntimeException ignored) {
                // a line without the fields: not counted in latency
            }
        }
        if (!latencies.isEmpty()) {
            lastP99 = p99(latencies);
            allLatencies.addAll(latencies);
        }
        for (JsonNode d : dlq.poll()) {
            String type = d.path("error_type").asText("unknown");
            dlqByType.merge(type, 1L, Long::sum);
            if ("late_arrival".equals(type)) {
                try {
                    long eventTime = Instant.parse(JSON.readTree(d.path("payload").asText()).path("event_time").asText())
                            .toEpochMilli();
                    long start = eventTime - Math.floorMod(eventTime, windowMillis);
                    windows.computeIfAbsent(start, s -> new Window(s, s + windowMillis)).lateDropped++;
                } catch (Exception ignored) {
                    // not attributable to a window
                }
            }
        }
        for (JsonNode a : aggregates.poll()) {
            long start = Instant.parse(a.path("window_start").asText()).toEpochMilli();
            long end = Instant.parse(a.path("window_end").asText()).toEpochMilli();
            Window w = windows.computeIfAbsent(start, s -> new Window(s, end));
            int revision = a.path("revision").asInt();
            if (revision >= w.revision) {
                w.revision = revision;
                w.orderCount = a.path("order_count").asLong();
                w.lateAccepted = a.path("late_records").asLong();
            }
        }
    }

    long in() {
        return in.getAsLong();
    }

    synchronized long out() {
        return orders.distinct();
    }

    synchronized long dlqCount() {
        return dlq.distinct();
    }

    synchronized long inFlight() {
        return in() - out() - dlqCount();
    }

    /** The status block printed every few seconds. */
    synchronized String tick() {
        pollOutputs();
        long now = System.nanoTime();
        double seconds = Math.max(0.001, (now - lastTick) / 1e9);
        lastTick = now;
        long inNow = in();
        long outNow = out();
        long dlqNow = dlqCount();
        String rates = String.format("in %.0f/s out %.0f/s dlq %.0f/s", (inNow - lastIn) / seconds,
                (outNow - lastOut) / seconds, (dlqNow - lastDlq) / seconds);
        lastIn = inNow;
        lastOut = outNow;
        lastDlq = dlqNow;
        readMetrics();
        String partitions = partitions(seconds);
        Duration elapsed = Duration.between(started, Instant.now());
        StringBuilder b = new StringBuilder();
        b.append(String.format("[%s +%dm%02ds] %s | total in %d = out %d + dlq %d + in flight %d%n", HMS.format(Instant.now()),
                elapsed.toMinutes(), elapsed.toSecondsPart(), rates, inNow, outNow, dlqNow, inNow - outNow - dlqNow));
        b.append(String.format("    dlq %s | p99 %s | watermark lag %s | checkpoint failures %.0f | firehose retried %.0f%n",
                dlqByType.isEmpty() ? "{}" : dlqByType, lastP99 == null ? "-" : lastP99 + " ms",
                Double.isNaN(lastWatermarkLagMs) ? "-" : String.format("%.1f s", lastWatermarkLagMs / 1000),
                checkpointFailures, firehoseRetried));
        b.append("    partitions ").append(partitions).append('\n');
        b.append("    windows ").append(windowsLine()).append('\n');
        if (alarms != null) {
            for (AlarmWatcher.Transition t : alarms.poll()) {
                b.append(String.format("    >> alarm %s: %s -> %s%n", t.alarm(), t.from(), t.to()));
            }
            b.append("    ").append(alarms.line()).append('\n');
        }
        return b.toString().stripTrailing();
    }

    private String windowsLine() {
        List<Window> emitted = windows.values().stream().filter(w -> w.revision >= 0 || w.lateDropped > 0)
                .collect(Collectors.toList());
        if (emitted.isEmpty()) {
            return "none closed yet";
        }
        long incomplete = emitted.stream().filter(w -> w.completeness() < 95).count();
        List<String> last = emitted.subList(Math.max(0, emitted.size() - 3), emitted.size()).stream()
                .map(w -> String.format("%s %d orders rev %d %.0f%%", HMS.format(Instant.ofEpochMilli(w.start)),
                        w.orderCount, Math.max(0, w.revision), w.completeness()))
                .collect(Collectors.toList());
        return emitted.size() + " (" + incomplete + " below 95% complete), last: " + String.join(", ", last);
    }

    /** Records per partition since the last tick and the consumer group's lag (committed on checkpoint). */
    private String partitions(double seconds) {
        try {
            List<TopicPartition> tps = new ArrayList<>();
            for (int i = 0; i < LocalDeployment.PARTITIONS; i++) {
                tps.add(new TopicPartition(deployment.topic(), i));
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(tps.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                    .all().get(3, TimeUnit.SECONDS).forEach((tp, r) -> ends.put(tp, r.offset()));
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(3, TimeUnit.SECONDS);
            long totalDelta = 0;
            Map<Integer, Long> deltas = new TreeMap<>();
            for (TopicPartition tp : tps) {
                long end = ends.getOrDefault(tp, 0L);
                long delta = end - lastEndOffsets.getOrDefault(tp.partition(), 0L);
                lastEndOffsets.put(tp.partition(), end);
                deltas.put(tp.partition(), delta);
                totalDelta += delta;
            }
            List<String> parts = new ArrayList<>();
            for (TopicPartition tp : tps) {
                OffsetAndMetadata c = committed.get(tp);
                long lag = ends.getOrDefault(tp, 0L) - (c == null ? 0 : c.offset());
                long delta = deltas.get(tp.partition());
                parts.add(String.format("p%d %.0f/s (%d%%) lag %d", tp.partition(), delta / seconds,
                        totalDelta == 0 ? 0 : 100 * delta / totalDelta, lag));
            }
            return String.join(", ", parts);
        } catch (Exception e) {
            return "unavailable (" + e.getClass().getSimpleName() + ")";
        }
    }

    /** The job's metrics in LocalStack CloudWatch (GetMetricData; LocalStack answers no percentiles). */
    private void readMetrics() {
        if (cloudWatch == null) {
            return;
        }
        try {
            Instant end = Instant.now().plusSeconds(60);
            List<MetricDataQuery> queries = new ArrayList<>();
            queries.add(query("wm", Metric.WATERMARK_LAG, null, null, "Maximum", 10));
            queries.add(query("cp", Metric.CHECKPOINT_FAILURES, null, null, "Sum", 60));
            for (String stream : List.of("order-firehose", "order-aggregates-firehose", "order-dlq-firehose")) {
                queries.add(query("fr" + queries.size(), Metric.FIREHOSE_RETRIES,
                        Metric.Dimension.DELIVERY_STREAM.cloudWatchName(), stream, "Sum", 60));
            }
            GetMetricDataResponse r = cloudWatch.getMetricData(q -> q.startTime(started.minusSeconds(60)).endTime(end)
                    .metricDataQueries(queries));
            double retried = 0;
            for (MetricDataResult result : r.metricDataResults()) {
                switch (result.id()) {
                    case "wm" -> {
                        // timestamps newest first in CloudWatch; take the value of the latest timestamp
                        lastWatermarkLagMs = latest(result);
                    }
                    case "cp" -> checkpointFailures = result.values().stream().mapToDouble(Double::doubleValue).sum();
                    default -> retried += result.values().stream().mapToDouble(Double::doubleValue).sum();
                }
            }
            firehoseRetried = retried;
        } catch (RuntimeException e) {
            // CloudWatch is best effort here: the status keeps its last values
        }
    }

    private static double latest(MetricDataResult result) {
        Instant newest = null;
        double value = Double.NaN;
        for (int i = 0; i < result.timestamps().size(); i++) {
            if (newest == null || result.timestamps().get(i).isAfter(newest)) {
                newest = result.timestamps().get(i);
                value = result.values().get(i);
            }
        }
        return value;
    }

    private static MetricDataQuery query(String id, Metric metric, String dimension, String value, String stat, int period) {
        software.amazon.awssdk.services.cloudwatch.model.Metric.Builder m =
                software.amazon.awssdk.services.cloudwatch.model.Metric.builder()
                        .namespace(Metric.NAMESPACE).metricName(metric.metricName());
        if (dimension != null) {
            m.dimensions(Dimension.builder().name(dimension).value(value).build());
        }
        return MetricDataQuery.builder().id(id)
                .metricStat(MetricStat.builder().metric(m.build()).stat(stat).period(period).build()).build();
    }

    static long p99(Collection<Long> values) {
        List<Long> sorted = values.stream().sorted().collect(Collectors.toList());
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(0.99 * sorted.size()) - 1));
    }

    /** The summary's numbers (the caller adds run settings, replay accounting and alarms). */
    synchronized ObjectNode summary() {
        ObjectNode s = JSON.createObjectNode();
        ObjectNode counts = s.putObject("counts");
        long inNow = in();
        counts.put("in", inNow);
        counts.put("out", out());
        counts.put("dlq", dlqCount());
        ObjectNode byType = counts.putObject("dlq_by_error_type");
        dlqByType.forEach(byType::put);
        counts.put("in_flight", inNow - out() - dlqCount());
        counts.put("redelivered_lines_ignored", orders.repeats() + dlq.repeats());
        counts.put("unreadable_lines", orders.unreadable() + dlq.unreadable() + aggregates.unreadable());
        s.put("balanced", inNow == out() + dlqCount());
        if (!allLatencies.isEmpty()) {
            s.put("latency_p99_ms", p99(allLatencies));
        }
        if (!Double.isNaN(lastWatermarkLagMs)) {
            s.put("watermark_lag_ms", lastWatermarkLagMs);
        }
        s.put("checkpoint_failures", checkpointFailures);
        s.put("firehose_retried_records", firehoseRetried);
        ArrayNode ws = s.putArray("windows");
        for (Window w : windows.values()) {
            ObjectNode o = ws.addObject();
            o.put("window_start", Instant.ofEpochMilli(w.start).toString());
            o.put("window_end", Instant.ofEpochMilli(w.end).toString());
            o.put("emitted", w.revision >= 0);
            o.put("revision", w.revision);
            o.put("order_count", w.orderCount);
            o.put("late_accepted", w.lateAccepted);
            o.put("late_dropped", w.lateDropped);
            o.put("completeness", Math.round(w.completeness() * 100) / 100.0);
        }
        ObjectNode outputs = s.putObject("outputs");
        for (OutputCounter c : List.of(orders, aggregates, dlq)) {
            ObjectNode o = outputs.putObject(c == orders ? "orders" : c == dlq ? "dlq" : "aggregates");
            o.put("s3", c.location());
            o.put("local_copy", c.copy().toAbsolutePath().toString());
            o.put("lines", c.lines());
        }
        return s;
    }

    /** Whether this position reached the orders bucket, the DLQ (with its error type) or neither yet. */
    synchronized String outcome(String position, Map<String, String> dlqTypes) {
        if (orders.contains(position)) {
            return "delivered";
        }
        String type = dlqTypes.get(position);
        return type != null ? "dlq:" + type : "in_flight";
    }

    /** Error type by source position of the DLQ lines in the local copy. */
    synchronized Map<String, String> dlqTypesByPosition() {
        Map<String, String> m = new HashMap<>();
        try (var lines = java.nio.file.Files.lines(dlq.copy())) {
            lines.forEach(l -> {
                try {
                    JsonNode n = JSON.readTree(l);
                    m.put(OutputCounter.position(n), n.path("error_type").asText());
                } catch (Exception ignored) {
                    // unreadable lines are counted elsewhere
                }
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return m;
    }

    @Override
    public synchronized void close() {
        orders.close();
        aggregates.close();
        dlq.close();
        admin.close(Duration.ofSeconds(2));
    }
}
