package io.orderstream.job.sink;

import static io.orderstream.job.sink.JsonLines.decimalField;
import static io.orderstream.job.sink.JsonLines.instantField;
import static io.orderstream.job.sink.JsonLines.stringField;

import io.orderstream.job.aggregate.WindowIds;
import io.orderstream.job.model.EnrichedOrder;
import io.orderstream.job.model.Order;
import io.orderstream.job.model.OrderItem;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * An enriched order as a JSON line. {@code order_id} is the id a consumer deduplicates on (Firehose
 * delivers at least once); {@code source} says which Kafka record it came from.
 */
public class EnrichedOrderJson implements SerializationSchema<EnrichedOrder> {
    @Override
    public byte[] serialize(EnrichedOrder e) {
        Order o = e.order;
        return JsonLines.line(json -> {
            json.writeStringField("order_id", o.orderId);
            json.writeStringField("customer_id", o.effectiveCustomerId());
            instantField(json, "event_time", o.eventTimeMillis);
            json.writeStringField("currency", o.currency);
            decimalField(json, "total", o.total);
            json.writeArrayFieldStart("items");
            for (OrderItem item : o.items) {
                json.writeStartObject();
                json.writeStringField("sku", item.sku);
                json.writeNumberField("quantity", item.quantity.longValueExact());
                decimalField(json, "unit_price", item.unitPrice);
                json.writeEndObject();
            }
            json.writeEndArray();
            stringField(json, "channel", o.channel);
            stringField(json, "region", o.region);
            stringField(json, "promo_code", o.promoCode);
            json.writeObjectFieldStart("customer");
            stringField(json, "segment", e.customer.segment);
            stringField(json, "country", e.customer.country);
            stringField(json, "signup_date", e.customer.signupDate);
            json.writeEndObject();
            json.writeStringField("window_id", WindowIds.of(e.windowStart));
            json.writeBooleanField("late", e.lateAccepted);
            JsonLines.sourceFields(json, e.source);
            instantField(json, "processed_at", System.currentTimeMillis());
        });
    }
}
