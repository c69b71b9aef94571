package io.orderstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {
    @Test
    void threadsOfOnePoolOrStageFallIntoOneGroup() {
        assertThat(ThreadCpu.group("rocksdb:low3")).isEqualTo("rocksdb:low");
        assertThat(ThreadCpu.group("rocksdb:high")).isEqualTo("rocksdb:high");
        assertThat(ThreadCpu.group("GC Thread#1")).isEqualTo("GC Thread");
        assertThat(ThreadCpu.group("aggregate (1/2)")).isEqualTo("aggregate");
        assertThat(ThreadCpu.group("pre-aggregate (")).isEqualTo("pre-aggregate");
        assertThat(ThreadCpu.group("dedup -> enrich")).isEqualTo("dedup -> enrich");
    }

    @Test
    void userAndSystemTicksAreReadAfterANameWithSpacesAndParentheses() {
        String stat = "4242 (dedup -> (x) y) S 1 4242 4242 0 -1 4194368 100 0 0 0 1234 56 0 0 20 0 1 0";
        assertThat(ThreadCpu.userPlusSystemTicks(stat)).isEqualTo(1234 + 56);
    }

    @Test
    void aBusyThreadsCpuIsCountedInItsGroupWhileItRuns() throws Exception {
        ThreadCpu cpu = ThreadCpu.start();
        Thread busy = new Thread(ThreadCpuTest::spinForHalfASecond, "busy-probe#7");
        busy.start();
        Thread.sleep(300);
        Map<String, Double> seconds = cpu.secondsSinceStart();
        busy.join();

        assertThat(seconds).containsKey("busy-probe");
        assertThat(seconds.get("busy-probe")).isGreaterThan(0.1);
    }

    private static void spinForHalfASecond() {
        long end = System.nanoTime() + 500_000_000L;
        long x = 0;
        while (System.nanoTime() < end) {
            x += Long.numberOfTrailingZeros(x + 1);
        }
        if (x == 42) {
            System.out.println(x); // keeps the loop from being optimized away
        }
    }
}
