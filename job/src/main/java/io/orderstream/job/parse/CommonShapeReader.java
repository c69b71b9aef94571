package io.orderstream.job.parse;

import io.orderstream.job.model.Order;
import io.orderstream.job.model.OrderItem;
import io.orderstream.job.validate.EventTimes;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The parser's fast path: reads an order of the shape producers send straight from its bytes, where
 * the general path ({@link OrderJsonParser}, on Jackson) pays for a tokenizer, a symbol table, and a
 * UTF-8 decoder and a {@code char[]} copy per string. The common shape is ASCII, strings without
 * escapes, only known fields, each at most once, and decimals of up to 18 digits without exponent.
 *
 * <p>It never rejects anything: on the first byte outside that shape it gives up ({@code null}) and
 * the general path parses the payload from the start, and reports what is wrong with it. So what this
 * reader accepts, the general path must accept too and read as the same {@link Order};
 * {@code CommonShapeReaderTest} checks that on every one-byte mutation of a set of orders, and on
 * random ones.
 */
final class CommonShapeReader {
    /** Giving up: thrown without a stack trace, and rare (payloads outside the common shape). */
    private static final class NotCommonShape extends Exception {
        NotCommonShape() {
            super(null, null, false, false);
        }
    }

    private static final NotCommonShape NOT_COMMON_SHAPE = new NotCommonShape();

    // The known fields as ASCII bytes; a field's index in its array is its constant below.
    private static final byte[][] ORDER_FIELDS = ascii("order_id", "customer_id", "cust_id", "event_time", "currency",
            "total", "items", "channel", "region", "promo_code");
    private static final int ORDER_ID = 0, CUSTOMER_ID = 1, CUST_ID = 2, EVENT_TIME = 3, CURRENCY = 4, TOTAL = 5,
            ITEMS = 6, CHANNEL = 7, REGION = 8, PROMO_CODE = 9;
    private static final byte[][] ITEM_FIELDS = ascii("sku", "quantity", "unit_price");
    private static final int SKU = 0, QUANTITY = 1, UNIT_PRICE = 2;

    private final byte[] in;
    private int pos;

    private CommonShapeReader(byte[] in) {
        this.in = in;
    }

    /** The order in {@code payload}, or {@code null} when the payload is not of the common shape. */
    static Order read(byte[] payload) {
        try {
            return new CommonShapeReader(payload).order();
        } catch (NotCommonShape e) {
            return null;
        }
    }

    private Order order() throws NotCommonShape {
        Order order = new Order();
        skipWhitespace();
        expect('{');
        int seen = 0;
        if (!objectEnds()) {
            do {
                int field = fieldName(ORDER_FIELDS);
                if ((seen & (1 << field)) != 0) {
                    throw NOT_COMMON_SHAPE; // a duplicate key: the general path names it
                }
                seen |= 1 << field;
                switch (field) {
                    case ORDER_ID -> order.orderId = stringOrNull();
                    case CUSTOMER_ID -> order.customerId = stringOrNull();
                    case CUST_ID -> order.legacyCustomerId = stringOrNull();
                    case EVENT_TIME -> eventTime(order);
                    case CURRENCY -> order.currency = stringOrNull();
                    case TOTAL -> order.total = numberOrNull();
                    case ITEMS -> order.items = itemsOrNull();
                    case CHANNEL -> order.channel = stringOrNull();
                    case REGION -> order.region = stringOrNull();
                    case PROMO_CODE -> order.promoCode = stringOrNull();
                }
            } while (nextMember());
        }
        skipWhitespace();
        if (pos != in.length) {
            throw NOT_COMMON_SHAPE;
        }
        order.eventTimeMillis = EventTimes.of(order.eventTimeText, order.eventTimeNumber);
        return order;
    }

    private void eventTime(Order order) throws NotCommonShape {
        switch (peek()) {
            case '"' -> order.eventTimeText = string();
            case 'n' -> literalNull();
            default -> order.eventTimeNumber = number();
        }
    }

    private OrderItem[] itemsOrNull() throws NotCommonShape {
        if (peek() == 'n') {
            literalNull();
            return null;
        }
        expect('[');
        skipWhitespace();
        if (consume(']')) {
            return OrderJsonParser.NO_ITEMS;
        }
        OrderItem[] items = new OrderItem[4];
        int count = 0;
        do {
            if (count == items.length) {
                items = Arrays.copyOf(items, count * 2);
            }
            items[count++] = item();
            skipWhitespace();
        } while (consume(','));
        expect(']');
        return Arrays.copyOf(items, count);
    }

    private OrderItem item() throws NotCommonShape {
        OrderItem item = new OrderItem();
        skipWhitespace();
        expect('{');
        int seen = 0;
        if (!objectEnds()) {
            do {
                int field = fieldName(ITEM_FIELDS);
                if ((seen & (1 << field)) != 0) {
                    throw NOT_COMMON_SHAPE;
                }
                seen |= 1 << field;
                switch (field) {
                    case SKU -> item.sku = stringOrNull();
                    case QUANTITY -> item.quantity = numberOrNull();
                    case UNIT_PRICE -> item.unitPrice = numberOrNull();
                }
            } while (nextMember());
        }
        return item;
    }

    /** After an object's '{': true (and past it) when a '}' follows, i.e. the object is empty. */
    private boolean objectEnds() throws NotCommonShape {
        skipWhitespace();
        return consume('}');
    }

    /** After a member's value: true after a ',', false after the object's closing '}'. */
    private boolean nextMember() throws NotCommonShape {
        skipWhitespace();
        if (consume(',')) {
            skipWhitespace();
            return true;
        }
        expect('}');
        return false;
    }

    /** A key among {@code known} and the ':' after it, giving the key's index; any other key gives up. */
    private int fieldName(byte[][] known) throws NotCommonShape {
        expect('"');
        int start = pos;
        int end = indexOf('"', start);
        for (int i = 0; i < known.length; i++) {
            if (Arrays.equals(in, start, end, known[i], 0, known[i].length)) {
                pos = end + 1;
                skipWhitespace();
                expect(':');
                skipWhitespace();
                return i;
            }
        }
        throw NOT_COMMON_SHAPE; // an unknown or escaped key
    }

    private String stringOrNull() throws NotCommonShape {
        if (peek() == 'n') {
            literalNull();
            return null;
        }
        return string();
    }

    /** A string of printable ASCII without escapes; ISO-8859-1 decodes those bytes as they are, and cheaply. */
    private String string() throws NotCommonShape {
        expect('"');
        int start = pos;
        for (int i = start; i < in.length; i++) {
            byte b = in[i];
            if (b == '"') {
                pos = i + 1;
                return new String(in, start, i - start, StandardCharsets.ISO_8859_1);
            }
            if (b < 0x20 || b == '\\' || b == 0x7F) { // control characters, escapes; non-ASCII bytes are negative
                throw NOT_COMMON_SHAPE;
            }
        }
        throw NOT_COMMON_SHAPE; // unterminated
    }

    private BigDecimal numberOrNull() throws NotCommonShape {
        if (peek() == 'n') {
            literalNull();
            return null;
        }
        return number();
    }

    /**
     * A JSON number without exponent and of at most 18 digits, as the value and scale
     * {@code new BigDecimal(text)} gives (as the general path's own fast case does).
     */
    private BigDecimal number() throws NotCommonShape {
        int i = pos;
        boolean negative = i < in.length && in[i] == '-';
        if (negative) {
            i++;
        }
        int integerStart = i;
        long unscaled = 0;
        while (i < in.length && isDigit(in[i])) {
            unscaled = unscaled * 10 + (in[i++] - '0');
        }
        int integerDigits = i - integerStart;
        if (integerDigits == 0 || (integerDigits > 1 && in[integerStart] == '0')) {
            throw NOT_COMMON_SHAPE; // no digit, or a leading zero, which JSON does not allow
        }
        int scale = 0;
        if (i < in.length && in[i] == '.') {
            i++;
            while (i < in.length && isDigit(in[i])) {
                unscaled = unscaled * 10 + (in[i++] - '0');
                scale++;
            }
            if (scale == 0) {
                throw NOT_COMMON_SHAPE;
            }
        }
        if (integerDigits + scale > 18) {
            throw NOT_COMMON_SHAPE; // might not fit a long (the digits above may have overflowed)
        }
        pos = i; // what follows (an exponent, say) is checked by the caller as the end of a value
        return BigDecimal.valueOf(negative ? -unscaled : unscaled, scale);
    }

    private void literalNull() throws NotCommonShape {
        if (pos + 4 > in.length || in[pos + 1] != 'u' || in[pos + 2] != 'l' || in[pos + 3] != 'l') {
            throw NOT_COMMON_SHAPE;
        }
        pos += 4;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** The byte at the cursor; there must be one. */
    private byte peek() throws NotCommonShape {
        if (pos >= in.length) {
            throw NOT_COMMON_SHAPE;
        }
        return in[pos];
    }

    private boolean consume(char c) {
        if (pos < in.length && in[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) throws NotCommonShape {
        if (!consume(c)) {
            throw NOT_COMMON_SHAPE;
        }
    }

    private int indexOf(char c, int from) throws NotCommonShape {
        for (int i = from; i < in.length; i++) {
            if (in[i] == c) {
                return i;
            }
        }
        throw NOT_COMMON_SHAPE;
    }

    /** JSON's whitespace: space, tab, line feed, carriage return. */
    private void skipWhitespace() {
        while (pos < in.length) {
            byte b = in[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }

    private static byte[][] ascii(String... names) {
        byte[][] bytes = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            bytes[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
        return bytes;
    }
}
