package io.orderstream.job.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;

class MetricDataTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void countsFromParallelSubtasksAreSummed() throws Exception {
        MetricsBuffer buffer = new MetricsBuffer();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            pool.submit(() -> {
                for (int i = 0; i < 10_000; i++) {
                    buffer.count(SeriesKey.of(Metric.RECORDS_IN), 1);
                    buffer.count(new SeriesKey(Metric.DLQ_RECORDS_BY_TYPE, "parse_error"), 1);
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        MetricsBuffer.Snapshot s = buffer.drain();
        assertThat(s.counts().get(SeriesKey.of(Metric.RECORDS_IN))).isEqualTo(40_000);
        assertThat(s.counts().get(new SeriesKey(Metric.DLQ_RECORDS_BY_TYPE, "parse_error"))).isEqualTo(40_000);
        assertThat(buffer.drain().isEmpty()).as("drain resets").isTrue();
    }

    @Test
    void nanInfinityAndOutOfRangeValuesAreNeverSentButCounted() {
        MetricsBuffer buffer = new MetricsBuffer();
        SeriesKey latency = SeriesKey.of(Metric.PROCESSING_LATENCY);
        buffer.sample(latency, Double.NaN);
        buffer.sample(latency, Double.POSITIVE_INFINITY);
        buffer.gauge(SeriesKey.of(Metric.WATERMARK_LAG), Double.NEGATIVE_INFINITY);
        buffer.gauge(SeriesKey.of(Metric.WATERMARK_LAG), 1e300);
        buffer.sample(latency, 12);
        MetricsBuffer.Snapshot s = buffer.drain();
        assertThat(s.rejectedValues()).isEqualTo(4);
        List<MetricDatum> datums = MetricData.datums(s, NOW, 60);
        assertThat(datums).hasSize(1);
        assertThat(datums.get(0).values()).containsExactly(12.0);
        for (MetricDatum d : datums) {
            assertThat(d.values()).allSatisfy(v -> assertThat(v).isFinite());
        }
    }

    @Test
    void aDistributionIsSplitInto150ValuesPerDatumAndItsPercentilesStayWithinBucketError() {
        MetricsBuffer buffer = new MetricsBuffer();
        SeriesKey key = new SeriesKey(Metric.OPERATOR_LATENCY, "enrichment");
        List<Double> all = new ArrayList<>();
        Random random = new Random(3);
        for (int i = 0; i < 50_000; i++) {
            double v = Math.exp(random.nextDouble() * Math.log(60_000)); // 1 ms .. 60 s, log-uniform
            all.add(v);
            buffer.sample(key, v);
        }
        List<MetricDatum> datums = MetricData.datums(buffer.drain(), NOW, 1);
        assertThat(datums.size()).isGreaterThan(1);
        assertThat(datums).allSatisfy(d -> {
            assertThat(d.values()).hasSizeLessThanOrEqualTo(MetricData.MAX_VALUES_PER_DATUM).hasSameSizeAs(d.counts());
            assertThat(d.storageResolution()).isEqualTo(1);
            assertThat(d.dimensions()).singleElement().satisfies(dim -> {
                assertThat(dim.name()).isEqualTo("operator");
                assertThat(dim.value()).isEqualTo("enrichment");
            });
        });
        List<double[]> sent = new ArrayList<>();
        for (MetricDatum d : datums) {
            for (int i = 0; i < d.values().size(); i++) {
                sent.add(new double[] {d.values().get(i), d.counts().get(i)});
            }
        }
        sent.sort((a, b) -> Double.compare(a[0], b[0]));
        assertThat(sent.stream().mapToDouble(a -> a[1]).sum()).isEqualTo(all.size());
        Collections.sort(all);
        for (double p : new double[] {0.5, 0.95, 0.99}) {
            double exact = all.get((int) Math.ceil(p * all.size()) - 1);
            double rank = Math.ceil(p * all.size());
            double seen = 0;
            double fromSent = Double.NaN;
            for (double[] vc : sent) {
                seen += vc[1];
                if (seen >= rank) {
                    fromSent = vc[0];
                    break;
                }
            }
            assertThat(fromSent).as("p" + p).isCloseTo(exact, within(Math.max(0.5, exact * 0.005)));
        }
    }

    @Test
    void requestsHoldAtMost1000DatumsAndStayUnderOneMegabyte() {
        List<MetricDatum> many = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            many.add(MetricDatum.builder().metricName("RecordsIn").value(1.0).timestamp(NOW).build());
        }
        List<List<MetricDatum>> batches = MetricData.batches(many);
        assertThat(batches).extracting(List::size).containsExactly(1000, 1000, 500);

        List<Double> values = new ArrayList<>();
        List<Double> counts = new ArrayList<>();
        for (int i = 0; i < MetricData.MAX_VALUES_PER_DATUM; i++) {
            values.add(1000.0 + i);
            counts.add(1.0);
        }
        List<MetricDatum> big = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            big.add(MetricDatum.builder().metricName("OperatorLatency").values(values).counts(counts).timestamp(NOW).build());
        }
        List<List<MetricDatum>> split = MetricData.batches(big);
        assertThat(split.size()).isGreaterThan(1);
        assertThat(split).allSatisfy(b -> assertThat(b.stream().mapToInt(MetricData::estimatedBytes).sum())
                .isLessThanOrEqualTo(MetricData.MAX_REQUEST_BYTES));
        assertThat(split.stream().mapToInt(List::size).sum()).isEqualTo(1000);
    }

    @Test
    void gaugesKeepMinimumAndMaximumAcrossSubtasks() {
        MetricsBuffer buffer = new MetricsBuffer();
        buffer.gauge(SeriesKey.of(Metric.WINDOW_COMPLETENESS), 100);
        buffer.gauge(SeriesKey.of(Metric.WINDOW_COMPLETENESS), 96.5);
        buffer.gauge(SeriesKey.of(Metric.WINDOW_COMPLETENESS), 99);
        MetricDatum d = MetricData.datums(buffer.drain(), NOW, 60).get(0);
        assertThat(d.statisticValues().minimum()).isEqualTo(96.5);
        assertThat(d.statisticValues().maximum()).isEqualTo(100);
        assertThat(d.statisticValues().sampleCount()).isEqualTo(3);
        assertThat(d.unitAsString()).isEqualTo("Percent");
        assertThat(d.storageResolution()).isEqualTo(60);
    }

    @Test
    void aSeriesNeedsItsDimensionExactly() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SeriesKey.of(Metric.DLQ_RECORDS_BY_TYPE))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SeriesKey(Metric.RECORDS_IN, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
