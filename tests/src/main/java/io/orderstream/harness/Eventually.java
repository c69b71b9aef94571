package io.orderstream.harness;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls until a condition holds; on time-out fails with what was last seen. Not a timing assertion. */
public final class Eventually {
    private Eventually() {}

    /** Polls every 250 ms. */
    public static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<String> lastSeen)
            throws InterruptedException {
        await(what, timeout, Duration.ofMillis(250), condition, lastSeen);
    }

    /** Polls every second: for conditions that read every output back from S3, which is not free. */
    public static void awaitPollingEverySecond(String what, Duration timeout, BooleanSupplier condition,
                                               Supplier<String> lastSeen) throws InterruptedException {
        await(what, timeout, Duration.ofSeconds(1), condition, lastSeen);
    }

    private static void await(String what, Duration timeout, Duration pollEvery, BooleanSupplier condition,
                              Supplier<String> lastSeen) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last seen: " + lastSeen.get());
            }
            Thread.sleep(pollEvery.toMillis());
        }
    }
}
