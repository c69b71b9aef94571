package io.orderstream.reliability;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls (every second: reading outputs is not free) until a condition holds; on time-out fails with what was last seen. */
final class Eventually {
    private Eventually() {}

    static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<String> lastSeen)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last seen: " + lastSeen.get());
            }
            Thread.sleep(1_000);
        }
    }
}
