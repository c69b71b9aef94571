package io.orderstream.job.validate;

import io.orderstream.job.config.JobConfig;
import io.orderstream.job.dlq.DlqOutput;
import io.orderstream.job.metrics.Metric;
import io.orderstream.job.metrics.OperatorMetrics;
import org.apache.flink.api.common.functions.OpenContext;
import io.orderstream.job.model.DlqRecord;
import io.orderstream.job.model.ErrorType;
import io.orderstream.job.model.OrderEvent;
import java.util.Optional;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Operator {@code validate}: orders that break a rule go to the DLQ as validation_error, naming it. */
public class ValidateOrders extends ProcessFunction<OrderEvent, OrderEvent> {
    private final OrderValidator validator = new OrderValidator();
    private final JobConfig.Metrics metricsSettings;
    private transient OperatorMetrics metrics;

    public ValidateOrders() {
        this(null);
    }

    public ValidateOrders(JobConfig.Metrics metricsSettings) {
        this.metricsSettings = metricsSettings;
    }

    @Override
    public void open(OpenContext openContext) {
        metrics = OperatorMetrics.open(getRuntimeContext().getMetricGroup(), metricsSettings);
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
    }

    @Override
    public void processElement(OrderEvent event, Context ctx, Collector<OrderEvent> out) {
        long start = System.nanoTime();
        Optional<Violation> violation = validator.validate(event.order, System.currentTimeMillis());
        Long sourceTimestamp = ctx.timestamp();
        if (violation.isEmpty() && sourceTimestamp != null && sourceTimestamp == EventTimes.INVALID) {
            // The source read this event time as too far ahead a moment ago and kept it out of the
            // watermark; the order must not be windowed without a timestamp, so the source's verdict holds.
            violation = Optional.of(new Violation(ValidationRule.EVENT_TIME_IN_FUTURE,
                    "event_time was more than 5 minutes ahead of processing time when the record was read"));
        }
        metrics.operatorLatency(Metric.OperatorName.VALIDATION, OperatorMetrics.millisSince(start), event.order.orderId);
        if (violation.isPresent()) {
            Violation v = violation.get();
            String orderId = v.rule() == ValidationRule.ORDER_ID_REQUIRED || v.rule() == ValidationRule.ORDER_ID_TOO_LONG
                    ? null : event.order.orderId;
            ctx.output(DlqOutput.TAG, DlqRecord.of(ErrorType.VALIDATION_ERROR, v.rule().wireName(),
                    v.rule().meaning() + ": " + v.detail(), orderId, event.source));
            return;
        }
        out.collect(event);
    }
}
