package io.orderstream.reliability;

import io.orderstream.harness.SampleOrder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic corpus of hostile records, each labelled by construction with where it must end:
 * delivered (a valid order), or the DLQ as parse_error, validation_error (with the rule) or
 * duplicate. {@link Item#hostile()} marks the malformed and invalid ones (parse and validation
 * errors), the records the issue counts as hostile. Event times (where readable) rise with the record's index, so no record is late by
 * accident and windows close on schedule.
 */
final class HostileCorpus {
    /** One record to send: key (may be null), value (null = tombstone), expected place, the order if valid. */
    record Item(String key, byte[] value, String expected, String rule, SampleOrder order, String kind) {
        boolean hostile() {
            return expected.equals("parse_error") || expected.equals("validation_error");
        }
    }

    static final int MAX_RECORD_BYTES = 65_536;
    /**
     * Share of valid orders (they fill the windows whose aggregates are checked); 5 % are
     * duplicates of them, the rest split evenly between parse and validation errors.
     */
    static final int VALID_PERCENT = 20;
    private static final String[] CURRENCIES = {"USD", "EUR", "GBP"};
    private static final String[][] INVALID_UTF8 = {{"80"}, {"bf"}, {"ff"}, {"fe"}, {"c3"}, {"e282"}};

    private final Random random;
    private final long t0;
    private final long step;
    private final List<SampleOrder> sentValid = new ArrayList<>();
    private int index;

    HostileCorpus(long seed, long t0, long step) {
        this.random = new Random(seed);
        this.t0 = t0;
        this.step = step;
    }

    Item next() {
        int i = index++;
        long eventTime = t0 + i * step;
        int dice = random.nextInt(100);
        if (dice < VALID_PERCENT) {
            SampleOrder o = order(i, eventTime);
            sentValid.add(o);
            return new Item(o.orderId, utf8(o.toJson(random.nextInt(10) == 0 ? "cust_id" : "customer_id")),
                    Books.DELIVERED, null, o, "valid");
        }
        if (dice < VALID_PERCENT + 5 && !sentValid.isEmpty()) {
            SampleOrder again = sentValid.get(random.nextInt(sentValid.size()));
            return new Item(again.orderId, utf8(again.toJson()), "duplicate", null, null, "duplicate");
        }
        if (dice < VALID_PERCENT + 5 + (100 - VALID_PERCENT - 5) / 2) {
            return parseError(i, eventTime);
        }
        return validationError(i, eventTime);
    }

    private SampleOrder order(int i, long eventTime) {
        return SampleOrder.random(random, "ORD-H" + i, "CUST-" + random.nextInt(300), eventTime,
                CURRENCIES[random.nextInt(CURRENCIES.length)]);
    }

    private Item parseError(int i, long eventTime) {
        String json = order(i, eventTime).toJson();
        int kind = random.nextInt(13);
        byte[] v;
        String name;
        switch (kind) {
            case 0 -> {
                v = new byte[1 + random.nextInt(300)];
                random.nextBytes(v);
                v[0] = (byte) (random.nextBoolean() ? 0xFF : 'x'); // never a JSON value's first byte
                name = "random bytes";
            }
            case 1 -> {
                v = utf8(json.substring(0, 1 + random.nextInt(json.length() - 1)));
                name = "truncated";
            }
            case 2 -> {
                int depth = 33 + random.nextInt(3000);
                boolean arrays = random.nextBoolean();
                v = utf8(json.substring(0, json.length() - 1) + ",\"x\":" + (arrays ? "[" : "{\"a\":").repeat(depth) + "1"
                        + (arrays ? "]" : "}").repeat(depth) + "}");
                name = "deeply nested";
            }
            case 3 -> {
                String[] bad = INVALID_UTF8[random.nextInt(INVALID_UTF8.length)];
                int at = json.indexOf("\"web\"") + 2;
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(utf8(json.substring(0, at)));
                out.writeBytes(java.util.HexFormat.of().parseHex(bad[0]));
                out.writeBytes(utf8(json.substring(at)));
                v = out.toByteArray();
                name = "invalid UTF-8";
            }
            case 4 -> {
                String lit = List.of("NaN", "Infinity", "-Infinity", "+1", "01", ".5", "1" + "0".repeat(70), "1e2147483648")
                        .get(random.nextInt(8));
                v = utf8(json.replaceFirst("\"total\":[0-9.]+", "\"total\":" + lit));
                name = "NaN/Infinity/non-JSON number/exponent out of range";
            }
            case 5 -> {
                v = utf8(json.substring(0, json.length() - 1) + ",\"currency\":\"USD\"}");
                name = "duplicate key";
            }
            case 6 -> {
                String wrong = List.of("true", "{}", "[1]", "12").get(random.nextInt(4));
                v = utf8(json.replaceFirst("\"currency\":\"[A-Z]+\"", "\"currency\":" + wrong));
                name = "wrong type";
            }
            case 7 -> {
                v = utf8(List.of("", " ", "null", "[]", "\"order\"", "42", "{}{}", "<order/>").get(random.nextInt(8)));
                name = "not an object";
            }
            case 8 -> {
                v = utf8(json.substring(0, json.length() - 1) + ",\"channel_notes\":\"" + "x".repeat(MAX_RECORD_BYTES) + "\"}");
                name = "larger than input.max-record-bytes";
            }
            case 9 -> {
                v = null; // tombstone
                name = "null value (tombstone)";
            }
            case 10 -> {
                v = utf8(json.replace("\"items\":[", "\"items\":[\"sku\","));
                name = "item not an object";
            }
            case 11 -> {
                v = utf8("{\"order_id\":\"" + "\\u00".repeat(1 + random.nextInt(3)) + "\"}");
                name = "broken escape";
            }
            default -> {
                v = utf8(json.replace(",\"currency\"", ",,\"currency\""));
                name = "syntax error";
            }
        }
        return new Item(null, v, "parse_error", null, null, name);
    }

    private Item validationError(int i, long eventTime) {
        SampleOrder o = order(i, eventTime);
        String json = o.toJson();
        int kind = random.nextInt(11);
        String rule;
        String v;
        switch (kind) {
            case 0 -> {
                v = json.replaceFirst("\"currency\":\"[A-Z]+\"", "\"currency\":\"XYZ\"");
                rule = "currency_unknown";
            }
            case 1 -> {
                v = json.replaceFirst("\"total\":[0-9.]+", "\"total\":" + o.total().add(java.math.BigDecimal.ONE).toPlainString());
                rule = "items_total_mismatch";
            }
            case 2 -> {
                v = json.replaceFirst("\"total\":[0-9.]+", "\"total\":" + List.of("1e999999999", "-1", "1000000").get(random.nextInt(3)));
                rule = "total_out_of_range";
            }
            case 3 -> {
                v = json.replaceFirst("\"order_id\":\"[^\"]+\"", "\"order_id\":\"" + "O".repeat(65 + random.nextInt(5000)) + "\"");
                rule = "order_id_too_long";
            }
            case 4 -> {
                v = json.replaceFirst("\"event_time\":\"[^\"]+\"", "\"event_time\":" + List.of("\"2026-02-30T00:00:00Z\"",
                        "\"yesterday\"", "1e30", "-5", "\"2026-11-23T10:15:30\"").get(random.nextInt(5)));
                rule = "event_time_format";
            }
            case 5 -> {
                v = json.replaceFirst("\"items\":\\[.*\\]", "\"items\":[]");
                rule = "items_count";
            }
            case 6 -> {
                v = json.replaceFirst("\"currency\":\"[A-Z]+\"", "\"currency\":null");
                rule = "currency_required";
            }
            case 7 -> {
                v = json.replaceFirst("\"order_id\":\"[^\"]+\"", "\"order_id\":\"  \"");
                rule = "order_id_required";
            }
            case 8 -> {
                v = json.replaceFirst("\"quantity\":[0-9]+", "\"quantity\":" + List.of("0", "1.5", "1e999999999", "-2").get(random.nextInt(4)));
                rule = "item_quantity";
            }
            case 9 -> {
                v = json.replaceFirst("\"customer_id\":\"[^\"]+\"", "\"customer_id\":\"A\",\"cust_id\":\"B\"");
                rule = "customer_id_conflict";
            }
            default -> {
                v = json.replaceFirst("\"event_time\":\"[^\"]+\",", "");
                rule = "event_time_required";
            }
        }
        return new Item(null, utf8(v), "validation_error", rule, null, rule);
    }

    /** A valid order far ahead in event time on one partition: moves the watermark so the windows close. */
    SampleOrder bump(int partition, long eventTime) {
        return SampleOrder.random(random, "ORD-HBUMP-" + partition + "-" + Instant.ofEpochMilli(eventTime).getEpochSecond(),
                "CUST-1", eventTime, "USD");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
