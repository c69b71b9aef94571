package io.orderstream.job.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderstream.job.enrich.EnrichmentException;
import io.orderstream.job.model.DlqRecord;
import io.orderstream.job.model.ErrorType;
import io.orderstream.job.model.Order;
import io.orderstream.job.model.RawRecord;
import io.orderstream.job.parse.MalformedOrderException;
import io.orderstream.job.parse.OrderJsonParser;
import io.orderstream.job.validate.OrderValidator;
import io.orderstream.job.validate.Violation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * DLQ records are personal data: the per-record log event must name what failed (rule, field, kind
 * of failure) without a single payload value. Each record here comes from the job's own parser and
 * validator (or carries the enrichment, dedup and lateness details as those stages write them) and
 * has a recognisable value in it; the log line must not contain it.
 */
class ObserveDlqLogTest {
    /** A value that stands for personal data in the payload (a name, an e-mail address, an id). */
    private static final String SECRET = "Zoe.Doe7319";
    private static final String VALID = """
            {"order_id":"ORD-1","customer_id":"CUST-1","event_time":"2026-11-23T10:15:30Z","currency":"USD",\
            "total":19.99,"items":[{"sku":"SKU-1","quantity":1,"unit_price":19.99}]}""";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OrderJsonParser parser = new OrderJsonParser(4096);
    private final OrderValidator validator = new OrderValidator();

    @Test
    void noPayloadValueReachesTheLogLine() throws Exception {
        List<DlqRecord> records = new ArrayList<>();
        for (String payload : List.of(
                "{\"order_id\":" + SECRET + "}",                                  // unquoted token: Jackson quotes it
                "{\"order_id\":\"ORD-1\",\"" + SECRET + "\":1,\"" + SECRET + "\":2}", // duplicate unknown key
                "[\"" + SECRET + "\"]",
                "{\"order_id\":\"" + SECRET + "\"} {\"x\":1}",
                "{\"order_id\":\"" + SECRET + "\",\"order_id\":\"x\"}",
                "{\"order_id\":\"" + SECRET + "\",\"currency\":true}",
                "{\"order_id\":\"" + SECRET + "\",\"items\":[{\"sku\":{\"name\":\"" + SECRET + "\"}}]}",
                "{\"customer_id\":\"" + SECRET + "\",\"notes\":\"" + "x".repeat(5000) + "\"}",
                "{\"customer_id\":\"" + SECRET + "\",\"total\":1e" + SECRET + "}",
                "{\"customer_id\":\"" + SECRET + "\",\"total\":7319e2147483648}",
                "")) {
            records.add(parseError(payload.getBytes(StandardCharsets.UTF_8)));
        }
        byte[] invalidUtf8 = ("{\"customer_id\":\"" + SECRET + "\",\"x\":\"").getBytes(StandardCharsets.UTF_8);
        records.add(parseError(concat(invalidUtf8, HexFormat.of().parseHex("c080"), "\"}".getBytes(StandardCharsets.UTF_8))));

        for (String[] change : List.of(
                new String[] {"\"USD\"", "\"" + SECRET.substring(0, 3).toUpperCase() + "X\""},
                new String[] {"\"currency\":\"USD\"", "\"currency\":\"" + SECRET + "\""},
                new String[] {"\"CUST-1\"", "\"" + SECRET + "\",\"cust_id\":\"" + SECRET + "-2\""},
                new String[] {"\"2026-11-23T10:15:30Z\"", "\"" + SECRET + "\""},
                new String[] {"\"total\":19.99", "\"total\":7319.01"},
                new String[] {"\"ORD-1\"", "\"" + SECRET.repeat(10) + "\""},
                new String[] {"\"quantity\":1", "\"quantity\":7319"})) {
            records.add(validationError(VALID.replace(change[0], change[1])));
        }
        records.add(DlqRecord.of(ErrorType.EXTERNAL_API_ERROR, null,
                new EnrichmentException(ErrorType.EXTERNAL_API_ERROR, "customer API failed for customer " + SECRET
                        + " after 1 attempt: HTTP 401").getMessage(), "ORD-1", raw(VALID)));
        records.add(DlqRecord.of(ErrorType.EXTERNAL_API_ERROR, null, "unusable customer API body: customer_id '"
                + SECRET + "' does not match the requested 'CUST-1'", "ORD-1", raw(VALID)));
        records.add(DlqRecord.of(ErrorType.EXTERNAL_API_ERROR, null, "customer API failed for customer " + SECRET
                + " after 3 attempts: ConnectException: " + SECRET, "ORD-1", raw(VALID)));
        records.add(DlqRecord.of(ErrorType.TIMEOUT, null, "customer " + SECRET, "ORD-1", raw(VALID)));
        records.add(DlqRecord.of(ErrorType.DUPLICATE, null, "order_id " + SECRET + " already seen", "ORD-1", raw(VALID)));
        records.add(DlqRecord.of(ErrorType.LATE_ARRIVAL, null, "event_time of " + SECRET, "ORD-1", raw(VALID)));

        int leakingDetails = 0;
        for (DlqRecord record : records) {
            leakingDetails += leaks(record.errorDetail) ? 1 : 0;
            String line = ObserveDlq.logEvent(record).toJson();
            assertThat(leaks(line)).as("log line %s of the DLQ detail %s", line, record.errorDetail).isFalse();
            JsonNode event = JSON.readTree(line);
            assertThat(event.get("error_detail").asText()).isNotBlank();
            assertThat(event.get("error_type").asText()).isEqualTo(record.errorType.wireName());
        }
        // The DLQ record itself keeps the full detail (it is encrypted and expires): most of these repeat a
        // value, which is what the log must not do. Without this the test could pass on harmless details.
        assertThat(leakingDetails).isGreaterThanOrEqualTo(10);
    }

    private static boolean leaks(String text) {
        String lower = text.toLowerCase();
        return lower.contains(SECRET.toLowerCase()) || lower.contains("zoex") || text.contains("7319");
    }

    @Test
    void theDetailNamesTheRuleOrTheField() throws Exception {
        DlqRecord wrongType = parseError("{\"order_id\":\"ORD-1\",\"currency\":true}".getBytes(StandardCharsets.UTF_8));
        assertThat(detail(wrongType)).isEqualTo("field currency must be a string, got a boolean");
        DlqRecord itemType = parseError("{\"items\":[{\"quantity\":\"many\"}]}".getBytes(StandardCharsets.UTF_8));
        assertThat(detail(itemType)).isEqualTo("field items[0].quantity must be a number, got a string");
        assertThat(detail(validationError(VALID.replace("\"USD\"", "\"XYZ\"")))).isEqualTo("validation rule currency_unknown");
        assertThat(detail(parseError("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("invalid JSON: duplicate field");
        assertThat(detail(parseError("{\"total\":7319e2147483648}".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("field total is a number with an exponent beyond a decimal's range");
        assertThat(detail(DlqRecord.of(ErrorType.EXTERNAL_API_ERROR, null, "customer API failed for customer C after 3 "
                + "attempts: HTTP 503", "ORD-1", raw(VALID)))).isEqualTo("customer API: HTTP 503");
    }

    @Test
    void anOrderIdAsLongAsAPayloadIsLoggedCut() throws Exception {
        String id = "O".repeat(500_000);
        DlqRecord tooLong = DlqRecord.of(ErrorType.VALIDATION_ERROR, "order_id_too_long",
                "order_id has " + id.length() + " characters", id, raw("{\"order_id\":\"" + id + "\"}"));
        JsonNode event = JSON.readTree(ObserveDlq.logEvent(tooLong).toJson());
        assertThat(event.get("order_id").asText()).hasSize(1_024).startsWith("OOO").endsWith("…");
    }

    private static String detail(DlqRecord record) throws Exception {
        return JSON.readTree(ObserveDlq.logEvent(record).toJson()).get("error_detail").asText();
    }

    private DlqRecord parseError(byte[] payload) {
        try {
            parser.parse(payload);
        } catch (MalformedOrderException e) {
            return DlqRecord.of(ErrorType.PARSE_ERROR, null, e.getMessage(), null, raw(payload));
        }
        throw new AssertionError("parsed: " + new String(payload, StandardCharsets.UTF_8));
    }

    private DlqRecord validationError(String payload) throws MalformedOrderException {
        Order order = parser.parse(payload.getBytes(StandardCharsets.UTF_8));
        Optional<Violation> v = validator.validate(order, System.currentTimeMillis());
        assertThat(v).as(payload).isPresent();
        // as ValidateOrders writes it
        return DlqRecord.of(ErrorType.VALIDATION_ERROR, v.get().rule().wireName(),
                v.get().rule().meaning() + ": " + v.get().detail(), null, raw(payload));
    }

    private static RawRecord raw(String payload) {
        return raw(payload.getBytes(StandardCharsets.UTF_8));
    }

    private static RawRecord raw(byte[] payload) {
        return new RawRecord("orders.raw", 0, 1, 0, payload);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
