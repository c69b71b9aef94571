package io.orderstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunStatsTest {

    @Test
    void latenciesBetweenTwoSnapshotsAreOnlyThoseRecordedInBetween() {
        RunStats stats = RunStats.of("run-stats-test");
        stats.recordLatency = true;
        long now = System.currentTimeMillis();
        for (int i = 0; i < 99; i++) {
            stats.latency(now + 60_000); // a timestamp ahead of the clock counts as 0 ms
        }
        long[] first = stats.latencyCounts();
        for (int i = 0; i < 98; i++) {
            stats.latency(now + 60_000);
        }
        stats.latency(now - 5_000);
        stats.latency(now - 10_000);
        long[] between = RunStats.between(first, stats.latencyCounts());

        assertThat(RunStats.count(between)).isEqualTo(100);
        assertThat(RunStats.quantile(between, 0.50)).isZero();
        assertThat(RunStats.quantile(between, 0.99)).isBetween(5_000L, 5_500L);
        assertThat(RunStats.quantile(between, 1.0)).isBetween(10_000L, 10_500L);
        assertThat(stats.latencyCount()).isEqualTo(199);
        assertThat(RunStats.quantile(RunStats.between(first, first), 0.99)).isEqualTo(-1);
    }
}
