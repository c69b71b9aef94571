package io.orderstream.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    /** Time stands still except when someone sleeps or the test advances it. */
    static final class FakeClock implements RateLimiter.Clock {
        long now = 1_000_000_000L;
        final List<Long> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            sleeps.add(nanos);
            now += nanos;
        }

        void advanceMillis(long ms) {
            now += ms * 1_000_000L;
        }
    }

    @Test
    void spacesCallsEvenlyAtTheRate() throws Exception {
        FakeClock clock = new FakeClock();
        RateLimiter limiter = new RateLimiter(10, clock);
        long start = clock.now;
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            limiter.acquire();
            times.add((clock.now - start) / 1_000_000L);
        }
        assertThat(times).containsExactly(0L, 100L, 200L, 300L, 400L);
        assertThat(clock.sleeps).hasSize(4).allMatch(n -> n == 100_000_000L);
    }

    @Test
    void fiftyRecordsAtTwentyFivePerSecondTakeTwoSeconds() throws Exception {
        FakeClock clock = new FakeClock();
        RateLimiter limiter = new RateLimiter(25, clock);
        long start = clock.now;
        for (int i = 0; i < 50; i++) {
            limiter.acquire();
        }
        // 50 slots: the first at 0, the last at 49 x 40 ms.
        assertThat(clock.now - start).isEqualTo(49 * 40_000_000L);
    }

    @Test
    void idleTimeIsNotSavedUpForABurst() throws Exception {
        FakeClock clock = new FakeClock();
        RateLimiter limiter = new RateLimiter(10, clock);
        limiter.acquire();
        clock.advanceMillis(5_000);
        // After 5 s idle: one call at once, then the rate again (no 50-record burst).
        assertThat(limiter.acquire()).isZero();
        assertThat(limiter.acquire()).isEqualTo(100_000_000L);
        assertThat(limiter.acquire()).isEqualTo(100_000_000L);
    }

    @Test
    void slowCallerIsNotDelayedFurther() throws Exception {
        FakeClock clock = new FakeClock();
        RateLimiter limiter = new RateLimiter(10, clock);
        limiter.acquire();
        clock.advanceMillis(60);
        assertThat(limiter.acquire()).isEqualTo(40_000_000L); // waits the remaining 40 ms only
        clock.advanceMillis(150);
        assertThat(limiter.acquire()).isZero(); // the caller was slower than the rate
    }

    @Test
    void fractionalRates() throws Exception {
        FakeClock clock = new FakeClock();
        RateLimiter limiter = new RateLimiter(0.5, clock);
        limiter.acquire();
        assertThat(limiter.acquire()).isEqualTo(2_000_000_000L);
    }

    @Test
    void rejectsNonPositiveRates() {
        assertThatThrownBy(() -> new RateLimiter(0, new FakeClock())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimiter(-1, new FakeClock())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimiter(Double.NaN, new FakeClock())).isInstanceOf(IllegalArgumentException.class);
    }
}
