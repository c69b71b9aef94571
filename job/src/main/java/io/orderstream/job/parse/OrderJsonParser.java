package io.orderstream.job.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.orderstream.job.model.Order;
import io.orderstream.job.model.OrderItem;
import io.orderstream.job.model.ParseOutcome;
import io.orderstream.job.validate.EventTimes;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Turns the bytes of one Kafka record into an {@link Order}, streaming over the JSON once without
 * building a tree. It checks JSON syntax and the JSON type of every known field, nothing more: what
 * the values must be is validation's business. Unknown fields are skipped. It also resolves
 * {@code event_time} to epoch millis ({@link Order#eventTimeMillis}), so that the source's timestamp
 * and validation read one conversion.
 *
 * <p>Hostile input is bounded: a size limit before parsing, and Jackson's read constraints for
 * nesting depth and number length. Duplicate keys are rejected, since which of two values a
 * consumer would see is undefined.
 *
 * <p>Orders of the shape producers send (ASCII, no escapes, known fields) take a fast path,
 * {@link CommonShapeReader}, which reads the bytes directly and leaves anything else to this class's
 * general path on Jackson's streaming parser.
 *
 * <p>This is the per-record hot path, so it allocates only what the {@link Order} keeps: duplicate
 * keys are detected with a bit per known field (a set is made only for unknown fields, which real
 * orders rarely have), plain decimals of up to 18 digits become {@link BigDecimal}s straight from
 * Jackson's character buffer, and error texts are built only on error.
 */
public final class OrderJsonParser {
    private static final int MAX_NESTING_DEPTH = 32;
    private static final int MAX_NUMBER_LENGTH = 64;
    /** Digits that always fit an unscaled long. */
    private static final int MAX_FAST_DIGITS = 18;

    // Bits of the known top-level fields, for duplicate detection.
    private static final int ORDER_ID = 1, CUSTOMER_ID = 1 << 1, CUST_ID = 1 << 2, EVENT_TIME = 1 << 3,
            CURRENCY = 1 << 4, TOTAL = 1 << 5, ITEMS = 1 << 6, CHANNEL = 1 << 7, REGION = 1 << 8, PROMO_CODE = 1 << 9;
    // Bits of the known item fields.
    private static final int SKU = 1, QUANTITY = 1 << 1, UNIT_PRICE = 1 << 2;
    static final OrderItem[] NO_ITEMS = new OrderItem[0];

    private final int maxRecordBytes;
    private final JsonFactory factory;

    public OrderJsonParser(int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
        // Duplicate keys are detected here, not by Jackson's STRICT_DUPLICATE_DETECTION, which builds a
        // HashSet for every object of three or more fields: one per order and one per item.
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxStringLength(maxRecordBytes)
                        .build())
                .build();
    }

    /** The payload parsed, or why it is not an order, with the time the parse took. */
    public ParseOutcome outcomeOf(byte[] payload) {
        long start = System.nanoTime();
        try {
            Order order = parse(payload);
            return ParseOutcome.order(order, System.nanoTime() - start);
        } catch (MalformedOrderException e) {
            return ParseOutcome.error(e.getMessage(), System.nanoTime() - start);
        }
    }

    public Order parse(byte[] payload) throws MalformedOrderException {
        if (payload == null || payload.length == 0) {
            throw new MalformedOrderException("empty record");
        }
        if (payload.length > maxRecordBytes) {
            throw new MalformedOrderException("record of " + payload.length
                    + " bytes is larger than input.max-record-bytes (" + maxRecordBytes + ")");
        }
        Order common = CommonShapeReader.read(payload);
        return common != null ? common : parseAnyShape(payload);
    }

    /** The general path: any JSON, every error named. Package-private for the fast path's equivalence test. */
    Order parseAnyShape(byte[] payload) throws MalformedOrderException {
        requireStrictUtf8(payload);
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
        FieldsSeen fields = new FieldsSeen();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            int bit = switch (field) {
                case "order_id" -> ORDER_ID;
                case "customer_id" -> CUSTOMER_ID;
                case "cust_id" -> CUST_ID;
                case "event_time" -> EVENT_TIME;
                case "currency" -> CURRENCY;
                case "total" -> TOTAL;
                case "items" -> ITEMS;
                case "channel" -> CHANNEL;
                case "region" -> REGION;
                case "promo_code" -> PROMO_CODE;
                default -> 0;
            };
            fields.mark(bit, field);
            JsonToken value = p.nextToken();
            switch (bit) {
                case ORDER_ID -> order.orderId = string(p, value, field);
                case CUSTOMER_ID -> order.customerId = string(p, value, field);
                case CUST_ID -> order.legacyCustomerId = string(p, value, field);
                case EVENT_TIME -> readEventTime(p, value, order);
                case CURRENCY -> order.currency = string(p, value, field);
                case TOTAL -> order.total = number(p, value, field);
                case ITEMS -> order.items = items(p, value);
                case CHANNEL -> order.channel = string(p, value, field);
                case REGION -> order.region = string(p, value, field);
                case PROMO_CODE -> order.promoCode = string(p, value, field);
                default -> skip(p, value);
            }
        }
        order.eventTimeMillis = EventTimes.of(order.eventTimeText, order.eventTimeNumber);
        return order;
    }

    private static void readEventTime(JsonParser p, JsonToken value, Order order) throws IOException, MalformedOrderException {
        switch (value) {
            case VALUE_STRING -> order.eventTimeText = p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> order.eventTimeNumber = decimal(p, "event_time");
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
        OrderItem[] items = NO_ITEMS;
        int count = 0;
        JsonToken element;
        while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
            if (element != JsonToken.START_OBJECT) {
                throw wrongType("items[" + count + "]", "an object", element);
            }
            if (count == items.length) {
                items = Arrays.copyOf(items, Math.max(4, count * 2));
            }
            items[count] = item(p, count);
            count++;
        }
        return count == items.length ? items : Arrays.copyOf(items, count);
    }

    private static OrderItem item(JsonParser p, int index) throws IOException, MalformedOrderException {
        OrderItem item = new OrderItem();
        FieldsSeen fields = new FieldsSeen();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            int bit = switch (field) {
                case "sku" -> SKU;
                case "quantity" -> QUANTITY;
                case "unit_price" -> UNIT_PRICE;
                default -> 0;
            };
            fields.mark(bit, field);
            JsonToken value = p.nextToken();
            try {
                switch (bit) {
                    case SKU -> item.sku = string(p, value, field);
                    case QUANTITY -> item.quantity = number(p, value, field);
                    case UNIT_PRICE -> item.unitPrice = number(p, value, field);
                    default -> skip(p, value);
                }
            } catch (WrongType e) {
                throw new WrongType("items[" + index + "]." + e.detail());
            }
        }
        return item;
    }

    /** Skips an unknown value; objects inside it are still checked for duplicate keys. */
    private static void skip(JsonParser p, JsonToken value) throws IOException, MalformedOrderException {
        if (value == JsonToken.START_OBJECT) {
            FieldsSeen names = new FieldsSeen();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                names.mark(0, p.currentName());
                skip(p, p.nextToken());
            }
        } else if (value == JsonToken.START_ARRAY) {
            JsonToken element;
            while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
                skip(p, element);
            }
        }
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
            return decimal(p, field);
        }
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        throw wrongType(field, "a number", value);
    }

    /**
     * The current number token as an exact {@link BigDecimal}: a plain decimal of up to 18 digits
     * without exponent straight from the token's characters (the same value and scale
     * {@code new BigDecimal(text)} gives), anything else through Jackson.
     */
    private static BigDecimal decimal(JsonParser p, String field) throws IOException, MalformedOrderException {
        char[] chars = p.getTextCharacters();
        int offset = p.getTextOffset();
        int end = offset + p.getTextLength();
        int i = offset;
        boolean negative = false;
        if (i < end && chars[i] == '-') {
            negative = true;
            i++;
        }
        long unscaled = 0;
        int digits = 0;
        int scale = 0;
        boolean fraction = false;
        for (; i < end; i++) {
            char c = chars[i];
            if (c >= '0' && c <= '9') {
                if (++digits > MAX_FAST_DIGITS) {
                    return exactDecimal(p, field);
                }
                unscaled = unscaled * 10 + (c - '0');
                if (fraction) {
                    scale++;
                }
            } else if (c == '.' && !fraction) {
                fraction = true;
            } else {
                return exactDecimal(p, field); // exponent
            }
        }
        if (digits == 0) {
            return exactDecimal(p, field);
        }
        return BigDecimal.valueOf(negative ? -unscaled : unscaled, scale);
    }

    /**
     * Jackson's exact value of the current number token. A BigDecimal's scale is an int, so an
     * exponent beyond it (1e2147483648) has no exact value: Jackson throws NumberFormatException,
     * which must become this record's parse error rather than fail the job.
     */
    private static BigDecimal exactDecimal(JsonParser p, String field) throws IOException, MalformedOrderException {
        try {
            return p.getDecimalValue();
        } catch (NumberFormatException e) {
            throw new MalformedOrderException("field " + field + " is a number with an exponent beyond a decimal's range: "
                    + p.getText());
        }
    }

    /**
     * The keys one JSON object has had so far, to reject a duplicate key: known fields as bits (no
     * allocation in the usual case), other keys in a set made only when one appears.
     */
    private static final class FieldsSeen {
        private int known;
        private Set<String> others;

        /** Records {@code field} ({@code bit} 0 when it is not a known field); a repeat is an error. */
        void mark(int bit, String field) throws MalformedOrderException {
            boolean repeat;
            if (bit != 0) {
                repeat = (known & bit) != 0;
                known |= bit;
            } else {
                if (others == null) {
                    others = new HashSet<>();
                }
                repeat = !others.add(field);
            }
            if (repeat) {
                // The text Jackson's STRICT_DUPLICATE_DETECTION gives.
                throw new MalformedOrderException("invalid JSON: Duplicate field '" + field + "'");
            }
        }
    }

    private static MalformedOrderException wrongType(String field, String expected, JsonToken actual) {
        return new WrongType(field + " must be " + expected + ", got " + describe(actual));
    }

    /** A wrong JSON type; its message lacks the "field " prefix so that item paths are built only on error. */
    private static final class WrongType extends MalformedOrderException {
        WrongType(String detail) {
            super(detail);
        }

        String detail() {
            return super.getMessage();
        }

        @Override
        public String getMessage() {
            return "field " + super.getMessage();
        }
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

    /**
     * Jackson decodes UTF-8 leniently (overlong forms, surrogates, code points above U+10FFFF pass), so
     * non-ASCII payloads are checked with the JDK's strict decoder first. ASCII-only payloads, the usual
     * case, cost one scan.
     */
    private static void requireStrictUtf8(byte[] payload) throws MalformedOrderException {
        for (byte b : payload) {
            if (b < 0) {
                try {
                    StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(payload));
                } catch (CharacterCodingException e) {
                    throw new MalformedOrderException("invalid JSON: Invalid UTF-8 byte sequence (" + e.getMessage() + ")");
                }
                return;
            }
        }
    }
}
