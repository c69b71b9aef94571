package io.orderstream.job.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.orderstream.job.model.Order;
import io.orderstream.job.model.OrderItem;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the bytes of one Kafka record into an {@link Order}, streaming over the JSON once without
 * building a tree. It checks JSON syntax and the JSON type of every known field, nothing more: what
 * the values must be is validation's business. Unknown fields are skipped.
 *
 * <p>Hostile input is bounded: a size limit before parsing, and Jackson's read constraints for
 * nesting depth and number length. Duplicate keys are rejected, since which of two values a
 * consumer would see is undefined.
 */
public final class OrderJsonParser {
    private static final int MAX_NESTING_DEPTH = 32;
    private static final int MAX_NUMBER_LENGTH = 64;

    private final int maxRecordBytes;
    private final JsonFactory factory;

    public OrderJsonParser(int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
        this.factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxStringLength(maxRecordBytes)
                        .build())
                .build();
    }

    public Order parse(byte[] payload) throws MalformedOrderException {
        if (payload == null || payload.length == 0) {
            throw new MalformedOrderException("empty record");
        }
        if (payload.length > maxRecordBytes) {
            throw new MalformedOrderException("record of " + payload.length
                    + " bytes is larger than input.max-record-bytes (" + maxRecordBytes + ")");
        }
        try (JsonParser p = factory.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedOrderException("not a JSON object");
            }
            Order order = readOrder(p);
            if (p.nextToken() != null) {
                throw new MalformedOrderException("unexpected content after the JSON object");
            }
            return order;
        } catch (JsonProcessingException e) {
            throw new MalformedOrderException("invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedOrderException("unreadable payload: " + e.getMessage());
        }
    }

    private static Order readOrder(JsonParser p) throws IOException, MalformedOrderException {
        Order order = new Order();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "order_id" -> order.orderId = string(p, value, field);
                case "customer_id" -> order.customerId = string(p, value, field);
                case "cust_id" -> order.legacyCustomerId = string(p, value, field);
                case "event_time" -> readEventTime(p, value, order);
                case "currency" -> order.currency = string(p, value, field);
                case "total" -> order.total = number(p, value, field);
                case "items" -> order.items = items(p, value);
                case "channel" -> order.channel = string(p, value, field);
                case "region" -> order.region = string(p, value, field);
                case "promo_code" -> order.promoCode = string(p, value, field);
                default -> p.skipChildren();
            }
        }
        return order;
    }

    private static void readEventTime(JsonParser p, JsonToken value, Order order) throws IOException, MalformedOrderException {
        switch (value) {
            case VALUE_STRING -> order.eventTimeText = p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> order.eventTimeNumber = p.getDecimalValue();
            case VALUE_NULL -> { }
            default -> throw wrongType("event_time", "a string or a number", value);
        }
    }

    private static OrderItem[] items(JsonParser p, JsonToken value) throws IOException, MalformedOrderException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_ARRAY) {
            throw wrongType("items", "an array", value);
        }
        List<OrderItem> items = new ArrayList<>();
        JsonToken element;
        while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
            if (element != JsonToken.START_OBJECT) {
                throw wrongType("items[" + items.size() + "]", "an object", element);
            }
            items.add(item(p, items.size()));
        }
        return items.toArray(new OrderItem[0]);
    }

    private static OrderItem item(JsonParser p, int index) throws IOException, MalformedOrderException {
        OrderItem item = new OrderItem();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            String path = "items[" + index + "]." + field;
            switch (field) {
                case "sku" -> item.sku = string(p, value, path);
                case "quantity" -> item.quantity = number(p, value, path);
                case "unit_price" -> item.unitPrice = number(p, value, path);
                default -> p.skipChildren();
            }
        }
        return item;
    }

    private static String string(JsonParser p, JsonToken value, String field) throws IOException, MalformedOrderException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        throw wrongType(field, "a string", value);
    }

    private static BigDecimal number(JsonParser p, JsonToken value, String field) throws IOException, MalformedOrderException {
        if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDecimalValue();
        }
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        throw wrongType(field, "a number", value);
    }

    private static MalformedOrderException wrongType(String field, String expected, JsonToken actual) {
        return new MalformedOrderException("field " + field + " must be " + expected + ", got " + describe(actual));
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }
}
