package io.orderstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A small run of the customer API benchmark, so that it cannot rot: what it reports, never how fast. */
class CustomerApiBenchTest {
    @Test
    @SuppressWarnings("unchecked")
    void everyCallOfEveryRoundIsAnsweredAndMeasured() throws Exception {
        Map<String, Object> report = CustomerApiBench.run(300, 20, 2);

        List<Map<String, Object>> rounds = (List<Map<String, Object>>) report.get("results");
        assertThat(rounds).hasSize(2).allSatisfy(round -> {
            assertThat(round).containsEntry("calls", 300).containsEntry("answered", 300L);
            assertThat((Long) round.get("calls_per_s")).isPositive();
            assertThat((Long) round.get("cpu_us_per_call")).isPositive();
            assertThat(round).containsKey("threads_started");
        });
    }
}
