package io.orderstream.job.sink;

import static io.orderstream.job.TestOrders.millis;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.orderstream.job.config.ConfigKeys;
import io.orderstream.job.enrich.CustomerApiClient;
import io.orderstream.job.model.Customer;
import io.orderstream.job.model.EnrichedOrder;
import io.orderstream.job.model.Order;
import io.orderstream.job.model.OrderItem;
import io.orderstream.job.model.RawRecord;
import io.orderstream.job.parse.OrderJsonParser;
import io.orderstream.job.sink.firehose.FirehoseSinkBuilder;
import io.orderstream.job.validate.OrderValidator;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EnrichedOrderJsonTest {
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private static EnrichedOrder order() {
        Order o = new Order();
        o.orderId = "ORD-20261123-000042";
        o.legacyCustomerId = "CUST-123";
        o.eventTimeText = "2026-11-23T11:15:30.123+01:00";
        o.eventTimeMillis = millis("2026-11-23T10:15:30.123Z");
        o.currency = "USD";
        o.total = new BigDecimal("59.90");
        o.items = new OrderItem[] {
            new OrderItem("SKU-1", new BigDecimal("3"), new BigDecimal("19.90")),
            new OrderItem("SKU-2", new BigDecimal("1.0"), new BigDecimal("0.20"))};
        o.channel = "web";
        o.promoCode = "BF26";
        EnrichedOrder e = new EnrichedOrder(o, new Customer("CUST-123", "gold", "DE", "2020-01-31"),
                new RawRecord("orders.raw", 7, 99L, millis("2026-11-23T10:15:31Z"), new byte[] {1}));
        e.windowStart = millis("2026-11-23T10:15:00Z");
        e.lateAccepted = true;
        return e;
    }

    @Test
    void fields() throws Exception {
        long before = System.currentTimeMillis();
        byte[] bytes = new EnrichedOrderJson().serialize(order());
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).endsWith("}\n").contains("\"total\":59.90").contains("\"unit_price\":19.90");
        JsonNode n = MAPPER.readTree(bytes);
        assertThat(n.get("order_id").asText()).isEqualTo("ORD-20261123-000042");
        assertThat(n.get("customer_id").asText()).isEqualTo("CUST-123"); // from cust_id
        assertThat(n.get("event_time").asText()).isEqualTo("2026-11-23T10:15:30.123Z");
        assertThat(n.get("currency").asText()).isEqualTo("USD");
        assertThat(n.get("total").isBigDecimal()).isTrue();
        assertThat(n.get("total").decimalValue()).isEqualTo(new BigDecimal("59.90"));
        assertThat(n.get("items")).hasSize(2);
        assertThat(n.get("items").get(0).get("sku").asText()).isEqualTo("SKU-1");
        assertThat(n.get("items").get(0).get("quantity").isIntegralNumber()).isTrue();
        assertThat(n.get("items").get(0).get("quantity").asLong()).isEqualTo(3);
        assertThat(n.get("items").get(1).get("quantity").isIntegralNumber()).isTrue(); // 1.0 written as 1
        assertThat(n.get("items").get(1).get("unit_price").decimalValue()).isEqualTo(new BigDecimal("0.20"));
        assertThat(n.get("channel").asText()).isEqualTo("web");
        assertThat(n.has("region")).isFalse();
        assertThat(n.get("promo_code").asText()).isEqualTo("BF26");
        assertThat(n.get("customer").get("segment").asText()).isEqualTo("gold");
        assertThat(n.get("customer").get("country").asText()).isEqualTo("DE");
        assertThat(n.get("customer").get("signup_date").asText()).isEqualTo("2020-01-31");
        assertThat(n.get("window_id").asText()).isEqualTo("window-2026-11-23-10-15");
        assertThat(n.get("late").asBoolean()).isTrue();
        assertThat(n.get("source").get("topic").asText()).isEqualTo("orders.raw");
        assertThat(n.get("source").get("partition").asInt()).isEqualTo(7);
        assertThat(n.get("source").get("offset").asLong()).isEqualTo(99);
        assertThat(n.get("source").get("kafka_timestamp").asText()).isEqualTo("2026-11-23T10:15:31Z");
        assertThat(Instant.parse(n.get("processed_at").asText()).toEpochMilli()).isBetween(before, System.currentTimeMillis());
    }

    @Test
    void customerIdPreferredAndMinimalCustomer() throws Exception {
        EnrichedOrder e = order();
        e.order.customerId = "CUST-123";
        e.order.channel = null;
        e.customer = new Customer("CUST-123", null, null, null);
        JsonNode n = MAPPER.readTree(new EnrichedOrderJson().serialize(e));
        assertThat(n.get("customer_id").asText()).isEqualTo("CUST-123");
        assertThat(n.has("channel")).isFalse();
        assertThat(n.get("customer").isObject()).isTrue();
        assertThat(n.get("customer").size()).isZero();
    }

    /**
     * The largest enriched line a valid order can make: a payload of input.max-record-bytes' bound,
     * 500 items whose decimals grow most when written in plain digits (1e9 and 0e-64), and a customer
     * as large as an API answer may be. It must fit one Firehose record, or the orders sink would fail
     * the job on it.
     */
    @Test
    void theLargestValidOrderFitsOneFirehoseRecord() throws Exception {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            items.append(i == 0 ? "" : ",").append("{\"sku\":\"S\",\"quantity\":1e9,\"unit_price\":0e-64}");
        }
        String shape = "{\"order_id\":\"O\",\"customer_id\":\"C\",\"event_time\":0,\"currency\":\"USD\",\"total\":0,"
                + "\"items\":[" + items + "],\"channel\":\"%s\"}";
        int padding = ConfigKeys.MAX_DELIVERABLE_RECORD_BYTES - String.format(shape, "").length();
        byte[] payload = String.format(shape, "x".repeat(padding)).getBytes(StandardCharsets.UTF_8);
        assertThat(payload).hasSize(ConfigKeys.MAX_DELIVERABLE_RECORD_BYTES);
        Order order = new OrderJsonParser(ConfigKeys.MAX_DELIVERABLE_RECORD_BYTES).parse(payload);
        assertThat(new OrderValidator().validate(order, System.currentTimeMillis())).isEmpty();

        String emptyAnswer = "{\"customer_id\":\"C\",\"segment\":\"\",\"country\":\"\",\"signup_date\":\"\"}";
        Customer largest = new Customer("C", "s".repeat(CustomerApiClient.MAX_ANSWER_BYTES - emptyAnswer.length()), "", "");
        EnrichedOrder e = new EnrichedOrder(order, largest, new RawRecord("orders.raw", Integer.MAX_VALUE,
                Long.MAX_VALUE, Long.MAX_VALUE, payload));
        e.windowStart = Long.MAX_VALUE;
        e.lateAccepted = true;
        e.source.replayOf = "\u0001".repeat(RawRecord.MAX_REPLAY_OF_CHARS); // the longest kept, escaped six-fold

        byte[] line = new EnrichedOrderJson().serialize(e);
        assertThat(line.length).as("enriched line of the largest valid order")
                .isLessThanOrEqualTo((int) FirehoseSinkBuilder.MAX_RECORD_SIZE_IN_BYTES);
        assertThat(line.length).as("the bound is close, not loose").isGreaterThan(payload.length + 90_000);
    }
}
