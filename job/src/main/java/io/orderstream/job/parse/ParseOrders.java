package io.orderstream.job.parse;

import io.orderstream.job.dlq.DlqOutput;
import io.orderstream.job.model.DlqRecord;
import io.orderstream.job.model.ErrorType;
import io.orderstream.job.model.Order;
import io.orderstream.job.model.OrderEvent;
import io.orderstream.job.model.RawRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Operator {@code deserialize}: raw Kafka bytes to typed orders; the rest to the DLQ as parse_error. */
public class ParseOrders extends ProcessFunction<RawRecord, OrderEvent> {
    private final int maxRecordBytes;
    private transient OrderJsonParser parser;

    public ParseOrders(int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        parser = new OrderJsonParser(maxRecordBytes);
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<OrderEvent> out) {
        Order order;
        try {
            order = parser.parse(record.payload);
        } catch (MalformedOrderException e) {
            ctx.output(DlqOutput.TAG, DlqRecord.of(ErrorType.PARSE_ERROR, null, e.getMessage(), null, record));
            return;
        }
        out.collect(new OrderEvent(order, record));
    }
}
