package io.orderstream.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProcessesTest {

    /**
     * The kernel picks ephemeral ports at random from ~28,000, so 2,000 picks of a port nobody binds
     * would repeat one dozens of times; a repeat is how a proxy ended up listening on its own upstream.
     */
    @Test
    void freePortNeverHandsOutTheSamePortTwice() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            int port = Processes.freePort();
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
        }
    }
}
