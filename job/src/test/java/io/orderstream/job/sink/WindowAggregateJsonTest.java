package io.orderstream.job.sink;

import static io.orderstream.job.TestOrders.millis;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderstream.job.model.WindowAggregate;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WindowAggregateJsonTest {
    @Test
    void fields() throws Exception {
        WindowAggregate a = new WindowAggregate();
        a.windowId = "window-2026-11-23-10-15";
        a.windowStart = millis("2026-11-23T10:15:00Z");
        a.windowEnd = millis("2026-11-23T10:20:00Z");
        a.revision = 1;
        a.orderCount = 5;
        a.revenueByCurrency = new TreeMap<>();
        a.revenueByCurrency.put("USD", new BigDecimal("0.30"));
        a.revenueByCurrency.put("EUR", new BigDecimal("1000000.10"));
        a.revenueByCurrency.put("JPY", new BigDecimal("1E+3"));
        a.distinctCustomers = 4;
        a.lateRecords = 1;
        a.emittedAt = millis("2026-11-23T10:20:05Z");

        byte[] bytes = new WindowAggregateJson().serialize(a);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).endsWith("}\n").contains("\"USD\":0.30", "\"JPY\":1000", "\"EUR\":1000000.10");
        JsonNode n = EnrichedOrderJsonTest.MAPPER.readTree(bytes);
        assertThat(n.get("window_id").asText()).isEqualTo("window-2026-11-23-10-15");
        assertThat(n.get("revision").asInt()).isEqualTo(1);
        assertThat(n.get("window_start").asText()).isEqualTo("2026-11-23T10:15:00Z");
        assertThat(n.get("window_end").asText()).isEqualTo("2026-11-23T10:20:00Z");
        assertThat(n.get("order_count").asLong()).isEqualTo(5);
        JsonNode revenue = n.get("revenue_by_currency");
        assertThat(revenue.size()).isEqualTo(3);
        assertThat(revenue.get("USD").decimalValue()).isEqualTo(new BigDecimal("0.30"));
        assertThat(revenue.get("EUR").decimalValue()).isEqualTo(new BigDecimal("1000000.10"));
        assertThat(revenue.get("JPY").decimalValue()).isEqualByComparingTo("1000");
        assertThat(n.get("distinct_customers").asLong()).isEqualTo(4);
        assertThat(n.get("late_records").asLong()).isEqualTo(1);
        assertThat(n.get("emitted_at").asText()).isEqualTo("2026-11-23T10:20:05Z");
    }

    @Test
    void emptyRevenue() throws Exception {
        WindowAggregate a = new WindowAggregate();
        a.windowId = "window-1970-01-01-00-00";
        a.revenueByCurrency = new TreeMap<>();
        JsonNode n = EnrichedOrderJsonTest.MAPPER.readTree(new WindowAggregateJson().serialize(a));
        assertThat(n.get("revenue_by_currency").isObject()).isTrue();
        assertThat(n.get("revenue_by_currency").size()).isZero();
        assertThat(n.get("revision").asInt()).isZero();
    }
}
