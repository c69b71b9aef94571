package io.orderstream.job.observe;

import io.orderstream.job.config.JobConfig;
import io.orderstream.job.metrics.LogEvents;
import io.orderstream.job.metrics.LogField;
import io.orderstream.job.metrics.Metric;
import io.orderstream.job.metrics.OperatorMetrics;
import io.orderstream.job.model.DlqRecord;
import io.orderstream.job.model.ErrorType;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Operator {@code observe-dlq}, just before the DLQ sink: counts every DLQ record, in total and per
 * error_type, and writes one {@code dlq=true} log event per record, without payload values. Passes records through unchanged.
 */
public class ObserveDlq extends ProcessFunction<DlqRecord, DlqRecord> {
    private final JobConfig.Metrics metricsSettings;
    private transient OperatorMetrics metrics;

    public ObserveDlq(JobConfig.Metrics metricsSettings) {
        this.metricsSettings = metricsSettings;
    }

    @Override
    public void open(OpenContext openContext) {
        metrics = OperatorMetrics.open(getRuntimeContext().getMetricGroup(), metricsSettings);
        metrics.tickFromTaskThread(getRuntimeContext());
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
    }

    @Override
    public void processElement(DlqRecord record, Context ctx, Collector<DlqRecord> out) {
        String errorType = record.errorType.wireName();
        metrics.count(Metric.DLQ_RECORDS, 1);
        metrics.count(Metric.DLQ_RECORDS_BY_TYPE, errorType, 1);
        logEvent(record).log();
        out.collect(record);
    }

    /**
     * The record's log event: type, rule, order_id and Kafka position to find it in the DLQ, and a
     * detail that names what failed without any payload value ({@link DlqLogDetail}).
     */
    static LogEvents.Event logEvent(DlqRecord record) {
        return LogEvents.event(LogEvents.Kind.DLQ)
                .with(LogField.DLQ, true)
                .with(LogField.ERROR_TYPE, record.errorType.wireName())
                .with(LogField.ORDER_ID, record.orderId)
                .with(LogField.VALIDATION_ERROR, record.errorType == ErrorType.VALIDATION_ERROR ? record.errorRule : null)
                .with(LogField.ERROR_DETAIL, DlqLogDetail.of(record))
                .with(LogField.KAFKA_TOPIC, record.source == null ? null : record.source.topic)
                .with(LogField.KAFKA_PARTITION, record.source == null ? null : record.source.partition)
                .with(LogField.KAFKA_OFFSET, record.source == null ? null : record.source.offset);
    }
}
