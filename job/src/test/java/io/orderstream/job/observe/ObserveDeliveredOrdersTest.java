package io.orderstream.job.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderstream.job.config.JobConfig;
import io.orderstream.job.model.EnrichedOrder;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * The checkpoint-duration gauge behind checkpoint-duration-high: the duration of the last completed checkpoint,
 * kept until the next one completes (so every publish interval carries it), never an aborted one's.
 */
class ObserveDeliveredOrdersTest {

    @Test
    void theGaugeHoldsTheLastCompletedCheckpointsDurationUntilTheNextCompletes() throws Exception {
        ObserveDeliveredOrders observe = new ObserveDeliveredOrders(JobConfig.Metrics.disabled());
        try (OneInputStreamOperatorTestHarness<EnrichedOrder, EnrichedOrder> harness =
                     ProcessFunctionTestHarnesses.forProcessFunction(observe)) {
            assertThat(observe.lastCheckpointMillis()).as("before any checkpoint completed").isNaN();

            long now = System.currentTimeMillis();
            harness.snapshot(1, now - 40_000);
            harness.notifyOfCompletedCheckpoint(1);
            assertThat(observe.lastCheckpointMillis()).isBetween(40_000.0, 45_000.0);

            // A checkpoint in progress and an aborted one leave the last completed duration in place.
            harness.snapshot(2, System.currentTimeMillis() - 90_000);
            harness.getOneInputOperator().notifyCheckpointAborted(2);
            harness.snapshot(3, System.currentTimeMillis());
            assertThat(observe.lastCheckpointMillis()).isBetween(40_000.0, 45_000.0);

            harness.notifyOfCompletedCheckpoint(3);
            assertThat(observe.lastCheckpointMillis()).isLessThan(5_000.0);
        }
    }
}
