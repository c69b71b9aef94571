package io.orderstream.job.sink;

import static io.orderstream.job.sink.JsonLines.decimalField;
import static io.orderstream.job.sink.JsonLines.instantField;

import io.orderstream.job.model.WindowAggregate;
import java.math.BigDecimal;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializationSchema;

/** A window aggregate as a JSON line; {@code window_id} plus {@code revision} identify it exactly. */
public class WindowAggregateJson implements SerializationSchema<WindowAggregate> {
    @Override
    public byte[] serialize(WindowAggregate a) {
        return JsonLines.line(json -> {
            json.writeStringField("window_id", a.windowId);
            json.writeNumberField("revision", a.revision);
            instantField(json, "window_start", a.windowStart);
            instantField(json, "window_end", a.windowEnd);
            json.writeNumberField("order_count", a.orderCount);
            json.writeObjectFieldStart("revenue_by_currency");
            for (Map.Entry<String, BigDecimal> e : a.revenueByCurrency.entrySet()) {
                decimalField(json, e.getKey(), e.getValue());
            }
            json.writeEndObject();
            json.writeNumberField("distinct_customers", a.distinctCustomers);
            json.writeNumberField("late_records", a.lateRecords);
            instantField(json, "emitted_at", a.emittedAt);
        });
    }
}
