package io.orderstream.job.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderstream.job.TestOrders;
import io.orderstream.job.model.Order;
import io.orderstream.job.validate.EventTimes;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrderJsonParserTest {
    private static final int MAX_BYTES = 4096;
    private final OrderJsonParser parser = new OrderJsonParser(MAX_BYTES);

    private Order parse(String json) throws MalformedOrderException {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void assertRejected(byte[] payload, String... messageParts) {
        assertThatThrownBy(() -> parser.parse(payload))
                .isInstanceOf(MalformedOrderException.class)
                .message().contains(messageParts);
    }

    private void assertRejected(String payload, String... messageParts) {
        assertRejected(utf8(payload), messageParts);
    }

    @Test
    void specExampleParsesWithExactDecimals() throws Exception {
        Order o = parse(TestOrders.SPEC_EXAMPLE);
        assertThat(o.orderId).isEqualTo("ORD-20261123-000042");
        assertThat(o.customerId).isEqualTo("CUST-123");
        assertThat(o.legacyCustomerId).isNull();
        assertThat(o.eventTimeText).isEqualTo("2026-11-23T10:15:30.123Z");
        assertThat(o.eventTimeNumber).isNull();
        assertThat(o.eventTimeMillis).isEqualTo(TestOrders.millis("2026-11-23T10:15:30.123Z"));
        assertThat(o.currency).isEqualTo("USD");
        assertThat(o.total).isEqualTo(new BigDecimal("59.97")); // equals: value and scale
        assertThat(o.items).hasSize(1);
        assertThat(o.items[0].sku).isEqualTo("SKU-1");
        assertThat(o.items[0].quantity).isEqualTo(new BigDecimal("3"));
        assertThat(o.items[0].unitPrice).isEqualTo(new BigDecimal("19.99"));
        assertThat(o.channel).isEqualTo("web");
        assertThat(o.region).isNull();
        assertThat(o.promoCode).isNull();
    }

    @Test
    void decimalsAreNeverRoundedThroughBinaryFloatingPoint() throws Exception {
        Order o = parse("{\"total\":0.1,\"items\":[{\"unit_price\":0.30000000000000004441}]}");
        assertThat(o.total).isEqualTo(new BigDecimal("0.1"));
        assertThat(o.items[0].unitPrice).isEqualTo(new BigDecimal("0.30000000000000004441"));
    }

    @Test
    void epochMillisEventTimeIsKeptAsNumber() throws Exception {
        Order o = parse("{\"event_time\":1795429530123}");
        assertThat(o.eventTimeNumber).isEqualTo(new BigDecimal("1795429530123"));
        assertThat(o.eventTimeText).isNull();
        assertThat(o.eventTimeMillis).isEqualTo(1795429530123L);
    }

    @Test
    void eventTimeWithOffsetIsResolvedToTheInstant() throws Exception {
        Order o = parse("{\"event_time\":\"2026-11-23T12:15:30.123+02:00\"}");
        assertThat(o.eventTimeMillis).isEqualTo(TestOrders.millis("2026-11-23T10:15:30.123Z"));
    }

    @Test
    void anUnreadableOrMissingEventTimeIsLeftToValidationAsInvalid() throws Exception {
        assertThat(parse("{\"event_time\":\"2026-11-23 10:15:30\"}").eventTimeMillis).isEqualTo(EventTimes.INVALID);
        assertThat(parse("{\"event_time\":1795429530123.5}").eventTimeMillis).isEqualTo(EventTimes.INVALID);
        assertThat(parse("{\"order_id\":\"O1\"}").eventTimeMillis).isEqualTo(EventTimes.INVALID);
    }

    @Test
    void custIdIsAccepted() throws Exception {
        Order o = parse("{\"order_id\":\"A\",\"cust_id\":\"CUST-9\"}");
        assertThat(o.legacyCustomerId).isEqualTo("CUST-9");
        assertThat(o.customerId).isNull();
        assertThat(o.effectiveCustomerId()).isEqualTo("CUST-9");
    }

    @Test
    void unknownFieldsAreIgnoredIncludingNestedObjectsAndArrays() throws Exception {
        Order o = parse("{\"x\":1,\"meta\":{\"order_id\":\"NOT-THIS\",\"deep\":[1,{\"total\":5}],\"s\":\"t\"},"
                + "\"tags\":[[\"a\"],{\"b\":null}],\"order_id\":\"A\",\"flag\":true,\"n\":null,"
                + "\"items\":[{\"sku\":\"S\",\"extra\":{\"quantity\":99},\"quantity\":2,\"more\":[1,2]}],"
                + "\"total\":1.50}");
        assertThat(o.orderId).isEqualTo("A");
        assertThat(o.total).isEqualTo(new BigDecimal("1.50"));
        assertThat(o.items).hasSize(1);
        assertThat(o.items[0].sku).isEqualTo("S");
        assertThat(o.items[0].quantity).isEqualTo(new BigDecimal("2"));
    }

    @Test
    void nullValuesAreLeftToValidation() throws Exception {
        Order o = parse("{\"order_id\":null,\"total\":null,\"items\":null,\"event_time\":null}");
        assertThat(o.orderId).isNull();
        assertThat(o.total).isNull();
        assertThat(o.items).isNull();
        assertThat(o.eventTimeText).isNull();
        assertThat(o.eventTimeNumber).isNull();
    }

    @Test
    void emptyPayload() {
        assertRejected(new byte[0], "empty record");
        assertThatThrownBy(() -> parser.parse(null)).isInstanceOf(MalformedOrderException.class)
                .hasMessage("empty record");
    }

    @Test
    void largerThanMaxBytes() throws Exception {
        String padding = "x".repeat(MAX_BYTES);
        assertRejected("{\"order_id\":\"" + padding + "\"}", "larger than input.max-record-bytes (4096)");
        // exactly at the limit is still parsed
        String body = "{\"order_id\":\"A\",\"p\":\"\"}";
        String atLimit = "{\"order_id\":\"A\",\"p\":\"" + "y".repeat(MAX_BYTES - body.length()) + "\"}";
        assertThat(atLimit).hasSize(MAX_BYTES);
        assertThat(parse(atLimit).orderId).isEqualTo("A");
    }

    @Test
    void notJson() {
        assertRejected("hello world", "invalid JSON", "Unrecognized token 'hello'");
        assertRejected("   ", "not a JSON object");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"[{\"order_id\":\"A\"}]", "\"order\"", "42", "true", "null"})
    void topLevelMustBeAnObject(String payload) {
        assertRejected(payload, "not a JSON object");
    }

    @Test
    void truncatedJson() {
        String spec = TestOrders.SPEC_EXAMPLE;
        assertRejected(spec.substring(0, spec.length() - 1), "invalid JSON", "end-of-input");
        assertRejected("{\"order_id\":\"ORD-1", "invalid JSON", "end-of-input");
        assertRejected("{\"order_id\":", "invalid JSON", "end-of-input");
    }

    @Test
    void invalidUtf8InsideAKnownString() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(utf8("{\"order_id\":\"A"));
        b.write(0xC3); // start of a 2-byte sequence ...
        b.write(0x28); // ... followed by a non-continuation byte
        b.writeBytes(utf8("\",\"total\":1}"));
        assertRejected(b.toByteArray(), "invalid JSON", "Invalid UTF-8");
    }

    @Test
    void invalidUtf8InsideAnUnknownString() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(utf8("{\"order_id\":\"A\",\"note\":\"x"));
        b.write(0xFF);
        b.writeBytes(utf8("y\"}"));
        assertRejected(b.toByteArray(), "invalid JSON", "Invalid UTF-8");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"order_id\":42}                                | field order_id must be a string, got a number",
        "{\"total\":\"59.97\"}                            | field total must be a number, got a string",
        "{\"items\":{\"sku\":\"S\"}}                      | field items must be an array, got an object",
        "{\"items\":[{\"sku\":\"S\"},7]}                  | field items[1] must be an object, got a number",
        "{\"event_time\":true}                            | field event_time must be a string or a number, got a boolean",
        "{\"event_time\":{\"iso\":\"x\"}}                 | field event_time must be a string or a number, got an object",
        "{\"customer_id\":[\"C\"]}                        | field customer_id must be a string, got an array",
        "{\"cust_id\":1}                                  | field cust_id must be a string, got a number",
        "{\"currency\":false}                             | field currency must be a string, got a boolean",
        "{\"items\":[{\"sku\":\"S\",\"quantity\":\"3\"}]} | field items[0].quantity must be a number, got a string",
        "{\"items\":[{\"sku\":5}]}                        | field items[0].sku must be a string, got a number",
        "{\"items\":[{\"unit_price\":[1]}]}               | field items[0].unit_price must be a number, got an array",
        "{\"channel\":1}                                  | field channel must be a string, got a number",
    })
    void wrongJsonTypes(String payload, String message) {
        assertThatThrownBy(() -> parse(payload.trim())).isInstanceOf(MalformedOrderException.class)
                .hasMessage(message.trim());
    }

    @Test
    void duplicateKeys() {
        assertRejected("{\"order_id\":\"A\",\"total\":1,\"order_id\":\"B\"}", "invalid JSON", "Duplicate field 'order_id'");
        assertRejected("{\"items\":[{\"sku\":\"A\",\"sku\":\"B\"}]}", "invalid JSON", "Duplicate field 'sku'");
    }

    @Test
    void nestingDeeperThanTheLimitInsideAnUnknownField() throws Exception {
        // 31 levels below the root object are fine (depth 32) ...
        String ok = "{\"x\":" + "[".repeat(31) + "]".repeat(31) + ",\"order_id\":\"A\"}";
        assertThat(parse(ok).orderId).isEqualTo("A");
        // ... one more is not
        String deep = "{\"x\":" + "[".repeat(32) + "]".repeat(32) + ",\"order_id\":\"A\"}";
        assertRejected(deep, "invalid JSON", "nesting depth", "exceeds the maximum allowed (32");
        String deepObjects = "{\"x\":" + "{\"a\":".repeat(100) + "1" + "}".repeat(100) + "}";
        assertRejected(deepObjects, "invalid JSON", "nesting depth");
    }

    @Test
    void trailingGarbageAfterTheObject() {
        assertRejected(TestOrders.SPEC_EXAMPLE + "{}", "unexpected content after the JSON object");
        assertRejected(TestOrders.SPEC_EXAMPLE + "[1]", "unexpected content after the JSON object");
        assertRejected(TestOrders.SPEC_EXAMPLE + " garbage", "invalid JSON", "Unrecognized token 'garbage'");
        assertRejected(TestOrders.SPEC_EXAMPLE + "}", "invalid JSON");
    }

    @Test
    void trailingWhitespaceIsFine() throws Exception {
        assertThat(parse(TestOrders.SPEC_EXAMPLE + " \n").orderId).isEqualTo("ORD-20261123-000042");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"NaN", "Infinity", "-Infinity", "+Infinity"})
    void nanAndInfinityLiterals(String literal) {
        assertRejected("{\"total\":" + literal + "}", "invalid JSON", "Non-standard token");
        assertRejected("{\"ignored\":" + literal + ",\"order_id\":\"A\"}", "invalid JSON", "Non-standard token");
    }

    @Test
    void numbersLongerThanTheLimit() throws Exception {
        String sixtyFourDigits = "1".repeat(64);
        assertThat(parse("{\"total\":" + sixtyFourDigits + "}").total).isEqualTo(new BigDecimal(sixtyFourDigits));
        assertRejected("{\"total\":" + "1".repeat(65) + "}", "invalid JSON", "Number value length", "exceeds the maximum allowed (64");
        assertRejected("{\"total\":0." + "1".repeat(70) + "}", "invalid JSON", "Number value length");
        assertRejected("{\"other\":" + "9".repeat(1000) + ",\"order_id\":\"A\"}", "invalid JSON", "Number value length");
    }

    @Test
    void exponentsBeyondADecimalsScaleAreRejectedNamingTheField() {
        assertRejected("{\"total\":1e2147483648}", "field total is a number with an exponent beyond a decimal's range: 1e2147483648");
        assertRejected("{\"items\":[{\"unit_price\":1E-2147483649}]}", "field unit_price is a number with an exponent beyond");
        assertRejected("{\"event_time\":-1e02147483648}", "field event_time is a number with an exponent beyond");
    }

    @Test
    void hugeExponentsParseWithoutExpandingTheNumber() throws Exception {
        Order o = parse("{\"total\":1e999999999,\"items\":[{\"quantity\":1e400,\"unit_price\":1e-999999999}]}");
        assertThat(o.total).isEqualByComparingTo(new BigDecimal("1e999999999"));
        assertThat(o.items[0].quantity).isEqualByComparingTo(new BigDecimal("1e400"));
        assertThat(o.items[0].unitPrice.scale()).isEqualTo(999999999);
    }
}
