package io.orderstream.dlq;

/**
 * Spaces calls evenly at {@code ratePerSecond}: {@link #acquire()} returns at once the first time and
 * then no sooner than 1/rate after the previous slot. Idle time is not saved up, so there is never a
 * burst above the rate. Time comes from a {@link Clock} so tests can use a fake one.
 */
public final class RateLimiter {

    /** Monotonic time and sleeping; the system one in production, a fake in tests. */
    public interface Clock {
        long nanoTime();

        void sleepNanos(long nanos) throws InterruptedException;

        Clock SYSTEM = new Clock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleepNanos(long nanos) throws InterruptedException {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            }
        };
    }

    private final Clock clock;
    private final long intervalNanos;
    private long nextSlot;
    private boolean started;

    public RateLimiter(double ratePerSecond, Clock clock) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be a positive number of records per second, got " + ratePerSecond);
        }
        this.clock = clock;
        this.intervalNanos = Math.max(1L, Math.round(1_000_000_000d / ratePerSecond));
    }

    /** Blocks until the next slot; returns the nanoseconds it waited. */
    public long acquire() throws InterruptedException {
        long now = clock.nanoTime();
        if (!started) {
            started = true;
            nextSlot = now + intervalNanos;
            return 0;
        }
        long wait = nextSlot - now;
        if (wait > 0) {
            clock.sleepNanos(wait);
            nextSlot += intervalNanos;
            return wait;
        }
        // Late (or idle): this call takes the slot now; no credit for the time that passed.
        nextSlot = now + intervalNanos;
        return 0;
    }

    public long intervalNanos() {
        return intervalNanos;
    }
}
