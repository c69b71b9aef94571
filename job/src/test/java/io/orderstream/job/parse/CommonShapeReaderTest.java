package io.orderstream.job.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.orderstream.job.TestOrders;
import io.orderstream.job.model.Order;
import io.orderstream.job.model.OrderItem;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast path may only ever agree with the general path: whatever {@link CommonShapeReader} reads,
 * {@link OrderJsonParser#parseAnyShape} must read too, as the same order, and whatever the general
 * path rejects, the fast path must give up on. Checked on every one-byte deletion, replacement (by
 * the bytes JSON's grammar turns on) and insertion of a set of orders, and on random multi-byte
 * mutations.
 */
class CommonShapeReaderTest {
    private static final String[] ORDERS = {
        TestOrders.SPEC_EXAMPLE,
        "{\"order_id\":\"bench-17\",\"customer_id\":\"C-4711\",\"event_time\":\"2026-11-23T10:15:30Z\",\"currency\":\"EUR\","
                + "\"total\":-10.50,\"items\":[{\"sku\":\"A\",\"quantity\":1,\"unit_price\":0.5},"
                + "{\"sku\":\"B\",\"quantity\":2,\"unit_price\":5.0},{\"sku\":\"C\",\"quantity\":0,\"unit_price\":-0.00}],"
                + "\"channel\":\"app\",\"region\":\"eu-west-1\",\"promo_code\":\"X~Y 1/2\"}",
        " {\t\"cust_id\" : \"c 1\" ,\r\n \"event_time\" : 1795429530123 , \"total\" : 0 , \"items\" : [ ] } \n",
        "{\"order_id\":null,\"customer_id\":null,\"event_time\":null,\"currency\":null,\"total\":null,\"items\":null,"
                + "\"channel\":null,\"region\":null,\"promo_code\":null,\"cust_id\":null}",
        "{\"items\":[{},{\"sku\":null,\"quantity\":null,\"unit_price\":null},{\"unit_price\":123456789012.345678}],"
                + "\"total\":999999999999999999,\"event_time\":-1.5}",
        "{}",
    };

    /** The bytes a mutation puts in: JSON's structure, number and literal characters, and what is outside the shape. */
    private static final byte[] MUTATIONS = bytes(
            "\"\\,:{}[] \t\r\n0159-+.eEnultrfax_/", (byte) 0x00, (byte) 0x1F, (byte) 0x7F, (byte) 0xC3, (byte) 0xA9, (byte) 0xFF);

    private final OrderJsonParser parser = new OrderJsonParser(1 << 16);

    @Test
    void readsEachOrderOfTheCommonShapeAsTheGeneralPathDoes() throws Exception {
        for (String order : ORDERS) {
            byte[] payload = order.getBytes(StandardCharsets.US_ASCII);
            Order fast = CommonShapeReader.read(payload);
            assertThat(fast).as("the fast path reads %s", order).isNotNull();
            assertThat(fields(fast)).as(order).isEqualTo(fields(parser.parseAnyShape(payload)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"order_id\":\"A\",\"note\":1}", // an unknown field
        "{\"order_id\":\"A\\u0042\"}", // an escape
        "{\"order_id\":\"\u00c5\"}", // non-ASCII
        "{\"total\":1e3}", // an exponent
        "{\"total\":1234567890123456789}", // 19 digits
        "{\"order_id\":\"A\",\"order_id\":\"B\"}", // a duplicate key: the general path rejects it
        "{\"total\":01}", // a leading zero: the general path rejects it
        "{\"order_id\":\"A\"} x", // trailing content: the general path rejects it
    })
    void givesUpOutsideTheCommonShape(String payload) {
        assertThat(CommonShapeReader.read(payload.getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void agreesWithTheGeneralPathOnEveryOneByteMutation() {
        int read = 0;
        for (String order : ORDERS) {
            byte[] payload = order.getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i <= payload.length; i++) {
                if (i < payload.length) {
                    read += check(delete(payload, i));
                    for (byte b : MUTATIONS) {
                        read += check(replace(payload, i, b));
                    }
                }
                for (byte b : MUTATIONS) {
                    read += check(insert(payload, i, b));
                }
            }
        }
        // Many mutants are still orders (a digit for a digit, a space between tokens): the fast path read them.
        assertThat(read).isGreaterThan(5_000);
    }

    @Test
    void agreesWithTheGeneralPathOnRandomMutations() {
        Random random = new Random(20261205);
        int read = 0;
        for (int n = 0; n < 100_000; n++) {
            byte[] mutant = ORDERS[random.nextInt(ORDERS.length)].getBytes(StandardCharsets.US_ASCII);
            for (int m = 1 + random.nextInt(4); m > 0; m--) {
                int i = random.nextInt(mutant.length + 1);
                byte b = MUTATIONS[random.nextInt(MUTATIONS.length)];
                mutant = switch (random.nextInt(3)) {
                    case 0 -> i < mutant.length ? delete(mutant, i) : mutant;
                    case 1 -> i < mutant.length ? replace(mutant, i, b) : mutant;
                    default -> insert(mutant, i, b);
                };
            }
            read += check(mutant);
        }
        assertThat(read).isGreaterThan(1_000);
    }

    /** 1 when the fast path read {@code payload} (and agreed), 0 when it gave up. */
    private int check(byte[] payload) {
        Order fast = CommonShapeReader.read(payload);
        if (fast == null) {
            return 0;
        }
        String text = new String(payload, StandardCharsets.ISO_8859_1);
        try {
            assertThat(fields(fast)).as("fast and general path on %s", text).isEqualTo(fields(parser.parseAnyShape(payload)));
        } catch (MalformedOrderException e) {
            fail("the fast path read %s, which the general path rejects: %s", text, e.getMessage());
        }
        return 1;
    }

    /** Every field of an order; decimals as text, so that their scale counts. */
    private static List<Object> fields(Order o) {
        List<Object> items = null;
        if (o.items != null) {
            items = new ArrayList<>();
            for (OrderItem item : o.items) {
                items.add(Arrays.asList(item.sku, text(item.quantity), text(item.unitPrice)));
            }
        }
        return Arrays.asList(o.orderId, o.customerId, o.legacyCustomerId, o.eventTimeText, text(o.eventTimeNumber),
                o.eventTimeMillis, o.currency, text(o.total), items, o.channel, o.region, o.promoCode);
    }

    private static String text(BigDecimal d) {
        return d == null ? null : d.toString();
    }

    private static byte[] delete(byte[] b, int i) {
        byte[] out = new byte[b.length - 1];
        System.arraycopy(b, 0, out, 0, i);
        System.arraycopy(b, i + 1, out, i, b.length - i - 1);
        return out;
    }

    private static byte[] replace(byte[] b, int i, byte with) {
        byte[] out = b.clone();
        out[i] = with;
        return out;
    }

    private static byte[] insert(byte[] b, int i, byte what) {
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, i);
        out[i] = what;
        System.arraycopy(b, i, out, i + 1, b.length - i);
        return out;
    }

    private static byte[] bytes(String ascii, byte... more) {
        byte[] a = ascii.getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }
}
