package io.orderstream.job.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.orderstream.job.TestOrders;
import io.orderstream.job.model.Order;
import io.orderstream.job.model.OrderItem;
import io.orderstream.job.parse.OrderJsonParser;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OrderValidatorTest {
    private static final long EVENT_TIME = TestOrders.millis("2026-11-23T10:15:30.123Z");
    private static final long NOW = EVENT_TIME + 1000;
    private static final Set<ValidationRule> COVERED = EnumSet.noneOf(ValidationRule.class);

    private final OrderValidator validator = new OrderValidator();

    /** The spec example: valid. */
    private static Order valid() {
        Order o = new Order();
        o.orderId = "ORD-20261123-000042";
        o.customerId = "CUST-123";
        o.eventTimeText = "2026-11-23T10:15:30.123Z";
        o.eventTimeMillis = EVENT_TIME;
        o.currency = "USD";
        o.total = new BigDecimal("59.97");
        o.items = new OrderItem[] {new OrderItem("SKU-1", new BigDecimal("3"), new BigDecimal("19.99"))};
        return o;
    }

    /** The spec example changed, with its event time resolved again as the parser would. */
    private static Order with(Consumer<Order> change) {
        Order o = valid();
        change.accept(o);
        o.eventTimeMillis = EventTimes.of(o.eventTimeText, o.eventTimeNumber);
        return o;
    }

    private static OrderItem[] items(int n) {
        OrderItem[] items = new OrderItem[n];
        for (int i = 0; i < n; i++) {
            items[i] = new OrderItem("S" + i, BigDecimal.ONE, new BigDecimal("0.01"));
        }
        return items;
    }

    static Stream<Arguments> violations() {
        return Stream.of(
                Arguments.of(ValidationRule.ORDER_ID_REQUIRED, with(o -> o.orderId = null)),
                Arguments.of(ValidationRule.ORDER_ID_REQUIRED, with(o -> o.orderId = "  ")),
                Arguments.of(ValidationRule.ORDER_ID_TOO_LONG, with(o -> o.orderId = "X".repeat(65))),
                Arguments.of(ValidationRule.CUSTOMER_ID_REQUIRED, with(o -> o.customerId = null)),
                Arguments.of(ValidationRule.CUSTOMER_ID_REQUIRED, with(o -> o.customerId = "")),
                Arguments.of(ValidationRule.CUSTOMER_ID_CONFLICT, with(o -> o.legacyCustomerId = "CUST-999")),
                Arguments.of(ValidationRule.EVENT_TIME_REQUIRED, with(o -> o.eventTimeText = null)),
                Arguments.of(ValidationRule.EVENT_TIME_FORMAT, with(o -> o.eventTimeText = "2026-11-23 10:15:30")),
                Arguments.of(ValidationRule.EVENT_TIME_FORMAT, with(o -> o.eventTimeText = "2026-11-23T10:15:30.123")),
                Arguments.of(ValidationRule.EVENT_TIME_FORMAT, with(o -> {
                    o.eventTimeText = null;
                    o.eventTimeNumber = new BigDecimal("1795429530123.5");
                })),
                Arguments.of(ValidationRule.EVENT_TIME_FORMAT, with(o -> {
                    o.eventTimeText = null;
                    o.eventTimeNumber = new BigDecimal("-1");
                })),
                // Before 1970, as text: rejected like negative epoch millis, on the fast path and the formatter's.
                Arguments.of(ValidationRule.EVENT_TIME_FORMAT, with(o -> o.eventTimeText = "1969-12-31T23:59:59.999Z")),
                Arguments.of(ValidationRule.EVENT_TIME_FORMAT, with(o -> o.eventTimeText = "1970-01-01T00:00:00+00:01")),
                Arguments.of(ValidationRule.EVENT_TIME_FORMAT, with(o -> o.eventTimeText = "0001-01-01T00:00:00Z")),
                Arguments.of(ValidationRule.EVENT_TIME_FORMAT, with(o -> o.eventTimeText = "-200000-01-01T00:00:00Z")),
                Arguments.of(ValidationRule.EVENT_TIME_IN_FUTURE, with(o -> o.eventTimeText = "2026-11-23T11:15:30Z")),
                Arguments.of(ValidationRule.CURRENCY_REQUIRED, with(o -> o.currency = null)),
                Arguments.of(ValidationRule.CURRENCY_UNKNOWN, with(o -> o.currency = "XYZ")),
                Arguments.of(ValidationRule.CURRENCY_UNKNOWN, with(o -> o.currency = "usd")),
                Arguments.of(ValidationRule.TOTAL_REQUIRED, with(o -> o.total = null)),
                Arguments.of(ValidationRule.TOTAL_OUT_OF_RANGE, with(o -> o.total = new BigDecimal("-0.01"))),
                Arguments.of(ValidationRule.TOTAL_OUT_OF_RANGE, with(o -> o.total = new BigDecimal("1000000.00"))),
                Arguments.of(ValidationRule.TOTAL_PRECISION, with(o -> o.total = new BigDecimal("59.971"))),
                Arguments.of(ValidationRule.ITEMS_REQUIRED, with(o -> o.items = null)),
                Arguments.of(ValidationRule.ITEMS_COUNT, with(o -> o.items = new OrderItem[0])),
                Arguments.of(ValidationRule.ITEMS_COUNT, with(o -> {
                    o.items = items(501);
                    o.total = new BigDecimal("5.01");
                })),
                Arguments.of(ValidationRule.ITEM_SKU_REQUIRED, with(o -> o.items[0].sku = "")),
                Arguments.of(ValidationRule.ITEM_QUANTITY, with(o -> o.items[0].quantity = BigDecimal.ZERO)),
                Arguments.of(ValidationRule.ITEM_QUANTITY, with(o -> o.items[0].quantity = new BigDecimal("1.5"))),
                Arguments.of(ValidationRule.ITEM_QUANTITY, with(o -> o.items[0].quantity = null)),
                Arguments.of(ValidationRule.ITEM_UNIT_PRICE, with(o -> o.items[0].unitPrice = new BigDecimal("-1"))),
                Arguments.of(ValidationRule.ITEM_UNIT_PRICE, with(o -> o.items[0].unitPrice = null)),
                Arguments.of(ValidationRule.ITEMS_TOTAL_MISMATCH, with(o -> o.total = new BigDecimal("59.95"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void reportsTheBrokenRule(ValidationRule rule, Order order) {
        Optional<Violation> v = validator.validate(order, NOW);
        assertThat(v).isPresent();
        assertThat(v.get().rule()).isEqualTo(rule);
        assertThat(v.get().detail()).isNotBlank();
        COVERED.add(rule);
    }

    @AfterAll
    static void everyRuleIsCovered() {
        assertThat(COVERED).containsExactlyInAnyOrder(ValidationRule.values());
    }

    @Test
    void firstBrokenRuleWins() {
        Order o = with(x -> {
            x.orderId = null;
            x.currency = "XYZ";
        });
        assertThat(validator.validate(o, NOW)).get().extracting(Violation::rule).isEqualTo(ValidationRule.ORDER_ID_REQUIRED);
    }

    @Test
    void specExampleIsValid() {
        assertThat(validator.validate(valid(), NOW)).isEmpty();
    }

    @Test
    void epochMillisEventTime() {
        Order o = with(x -> {
            x.eventTimeText = null;
            x.eventTimeNumber = new BigDecimal(EVENT_TIME);
        });
        assertThat(validator.validate(o, NOW)).isEmpty();
    }

    @Test
    void isoWithOffset() {
        Order o = with(x -> x.eventTimeText = "2026-11-23T12:15:30.123+02:00");
        assertThat(validator.validate(o, NOW)).isEmpty();
    }

    @Test
    void totalZero() {
        Order o = with(x -> {
            x.total = BigDecimal.ZERO;
            x.items[0].unitPrice = new BigDecimal("0");
        });
        assertThat(validator.validate(o, NOW)).isEmpty();
    }

    @Test
    void totalWithOneDecimalAndTrailingZeros() {
        assertThat(validator.validate(with(x -> {
            x.total = new BigDecimal("59.9");
            x.items[0].unitPrice = new BigDecimal("19.9666");
        }), NOW)).isEmpty();
        assertThat(validator.validate(with(x -> x.total = new BigDecimal("59.97000")), NOW)).isEmpty();
        assertThat(validator.validate(with(x -> {
            x.total = new BigDecimal("999999.99");
            x.items[0] = new OrderItem("S", BigDecimal.ONE, new BigDecimal("999999.99"));
        }), NOW)).isEmpty();
    }

    @Test
    void sumWithinOneCent() {
        assertThat(validator.validate(with(x -> x.total = new BigDecimal("59.96")), NOW)).isEmpty();
        assertThat(validator.validate(with(x -> x.total = new BigDecimal("59.98")), NOW)).isEmpty();
        assertThat(validator.validate(with(x -> x.total = new BigDecimal("59.99")), NOW)).get()
                .extracting(Violation::rule).isEqualTo(ValidationRule.ITEMS_TOTAL_MISMATCH);
    }

    @Test
    void sumIsExactNotBinaryFloatingPoint() {
        // 0.1 + 0.2 is 0.30000000000000004 in binary floating point; here exactly 0.30
        Order o = with(x -> {
            x.total = new BigDecimal("0.30");
            x.items = new OrderItem[] {
                new OrderItem("A", BigDecimal.ONE, new BigDecimal("0.1")),
                new OrderItem("B", BigDecimal.ONE, new BigDecimal("0.2"))};
        });
        assertThat(validator.validate(o, NOW)).isEmpty();
        // 0.011 off: rejected, 0.010 off: accepted (tolerance is inclusive)
        o.total = new BigDecimal("0.29");
        assertThat(validator.validate(o, NOW)).isEmpty();
        o.items[1].unitPrice = new BigDecimal("0.201");
        assertThat(validator.validate(o, NOW)).get().extracting(Violation::rule)
                .isEqualTo(ValidationRule.ITEMS_TOTAL_MISMATCH);
    }

    @Test
    void customerIdEqualToCustIdIsAccepted() {
        assertThat(validator.validate(with(x -> x.legacyCustomerId = "CUST-123"), NOW)).isEmpty();
        assertThat(validator.validate(with(x -> {
            x.customerId = null;
            x.legacyCustomerId = "CUST-123";
        }), NOW)).isEmpty();
    }

    @Test
    void eventTimeAtMostFiveMinutesAhead() {
        long now = EVENT_TIME - Duration.ofMinutes(5).toMillis();
        assertThat(validator.validate(valid(), now)).isEmpty();
        Optional<Violation> v = validator.validate(valid(), now - 1000);
        assertThat(v).get().extracting(Violation::rule).isEqualTo(ValidationRule.EVENT_TIME_IN_FUTURE);
        assertThat(v.get().detail()).contains("301s ahead");
    }

    @Test
    void orderIdOfExactly64CharactersIsAccepted() {
        assertThat(validator.validate(with(x -> x.orderId = "X".repeat(64)), NOW)).isEmpty();
    }

    @Test
    void fiveHundredItemsAreAccepted() {
        assertThat(validator.validate(with(x -> {
            x.items = items(500);
            x.total = new BigDecimal("5.00");
        }), NOW)).isEmpty();
    }

    /** Hostile numbers, as they come out of the parser (which keeps exponents unexpanded). */
    @ParameterizedTest
    @ValueSource(strings = {
        "\"total\":1e999999999                                               | total_out_of_range",
        "\"total\":-1e999999999                                              | total_out_of_range",
        "\"total\":1e-999999999                                              | total_precision",
        "\"total\":0e-999999999                                              | total_precision",
        "\"total\":0e999999999,\"items\":[{\"sku\":\"S\",\"quantity\":1,\"unit_price\":0}] | ",
        "\"items\":[{\"sku\":\"S\",\"quantity\":1e400,\"unit_price\":1}]     | item_quantity",
        "\"items\":[{\"sku\":\"S\",\"quantity\":1e-400,\"unit_price\":1}]    | item_quantity",
        "\"items\":[{\"sku\":\"S\",\"quantity\":1e999999999,\"unit_price\":1}] | item_quantity",
        "\"items\":[{\"sku\":\"S\",\"quantity\":1,\"unit_price\":1e999999999}] | item_unit_price",
        "\"items\":[{\"sku\":\"S\",\"quantity\":1,\"unit_price\":1e-999999999}] | item_unit_price",
        "\"items\":[{\"sku\":\"S\",\"quantity\":1,\"unit_price\":0e-999999999}] | item_unit_price",
        "\"event_time\":1e999999999                                          | event_time_format",
        "\"event_time\":1e-999999999                                         | event_time_format",
    })
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void hostileNumbersGiveAViolationAndNeverThrow(String spec) throws Exception {
        String[] parts = spec.split("\\|", -1);
        String override = parts[0].trim();
        String expectedRule = parts[1].trim();
        String json = "{\"order_id\":\"A\",\"customer_id\":\"C\",\"event_time\":\"2026-11-23T10:15:30.123Z\","
                + "\"currency\":\"USD\",\"total\":1.00,\"items\":[{\"sku\":\"S\",\"quantity\":1,\"unit_price\":1}],"
                + override.replace("\"total\":", "\"total2\":").replace("\"items\":", "\"items2\":")
                        .replace("\"event_time\":", "\"event_time2\":")
                + "}";
        // re-point the overriding fields: the parser rejects duplicate keys, so the overridden ones are renamed
        json = renameOriginals(json, override);
        Order order = new OrderJsonParser(1 << 20).parse(json.getBytes(StandardCharsets.UTF_8));
        assertThatCode(() -> validator.validate(order, NOW)).doesNotThrowAnyException();
        Optional<Violation> v = validator.validate(order, NOW);
        if (expectedRule.isEmpty()) {
            assertThat(v).isEmpty();
        } else {
            assertThat(v).get().extracting(x -> x.rule().wireName()).isEqualTo(expectedRule);
            assertThat(v.get().toString()).hasSizeLessThan(1000);
        }
    }

    /** The base order's field named in the override is renamed away, the override's field takes its name. */
    private static String renameOriginals(String json, String override) {
        for (String field : new String[] {"total", "items", "event_time"}) {
            if (override.contains("\"" + field + "\":")) {
                json = json.replaceFirst("\"" + field + "\":", "\"ignored_" + field + "\":")
                        .replace("\"" + field + "2\":", "\"" + field + "\":");
            }
        }
        return json;
    }
}
