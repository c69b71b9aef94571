package io.orderstream.job.parse;

import io.orderstream.job.config.JobConfig;
import io.orderstream.job.dlq.DlqOutput;
import io.orderstream.job.metrics.Metric;
import io.orderstream.job.metrics.OperatorMetrics;
import io.orderstream.job.model.DlqRecord;
import io.orderstream.job.model.ErrorType;
import io.orderstream.job.model.OrderEvent;
import io.orderstream.job.model.ParseOutcome;
import io.orderstream.job.model.RawRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Operator {@code deserialize}: raw Kafka bytes to typed orders; the rest to the DLQ as parse_error.
 * The source has usually parsed the payload already ({@link RawRecord#parsed}); a record that comes
 * without its parse is parsed here.
 */
public class ParseOrders extends ProcessFunction<RawRecord, OrderEvent> {
    private final int maxRecordBytes;
    private final JobConfig.Metrics metricsSettings;
    private transient OrderJsonParser parser;
    private transient OperatorMetrics metrics;

    public ParseOrders(int maxRecordBytes) {
        this(maxRecordBytes, null);
    }

    public ParseOrders(int maxRecordBytes, JobConfig.Metrics metricsSettings) {
        this.maxRecordBytes = maxRecordBytes;
        this.metricsSettings = metricsSettings;
    }

    @Override
    public void open(OpenContext openContext) {
        parser = new OrderJsonParser(maxRecordBytes);
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
    public void processElement(RawRecord record, Context ctx, Collector<OrderEvent> out) {
        metrics.count(Metric.RECORDS_IN, 1);
        if (record.isReplay()) {
            metrics.count(Metric.RECORDS_REPLAYED, 1);
        }
        ParseOutcome parsed = record.parsed != null ? record.parsed : parser.outcomeOf(record.payload);
        double millis = parsed.parseNanos / 1_000_000.0;
        if (!parsed.isOrder()) {
            metrics.operatorLatency(Metric.OperatorName.DESERIALIZATION, millis, null);
            ctx.output(DlqOutput.TAG, DlqRecord.of(ErrorType.PARSE_ERROR, null, parsed.error, null, record));
            return;
        }
        metrics.operatorLatency(Metric.OperatorName.DESERIALIZATION, millis, parsed.order.orderId);
        out.collect(new OrderEvent(parsed.order, record));
    }
}
