package io.orderstream.bench;

import io.orderstream.job.config.JobConfig;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.types.Row;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The baseline: what a user would write instead of the DataStream job, in Flink SQL. Same Kafka
 * topic and JSON, the contract's checks as a WHERE clause (items sum via a scalar UDF), dedup by
 * {@code ROW_NUMBER() ... = 1} on order_id with a 24 h state TTL, 5-minute TUMBLE windows.
 *
 * <p>It does less than the job, which favours it: no enrichment (SQL has no async HTTP lookup
 * built in), no DLQ (bad records are dropped: {@code json.ignore-parse-errors}), no late-arrival
 * routing, no exact duplicate-key check.
 */
public final class SqlBaseline {
    private SqlBaseline() {}

    /** Sum of quantity × unit_price over the items; null when any part is missing. */
    public static final class ItemsTotal extends ScalarFunction {
        public @DataTypeHint("DECIMAL(20, 2)") BigDecimal eval(
                @DataTypeHint("ARRAY<ROW<sku STRING, quantity INT, unit_price DECIMAL(12, 2)>>") Row[] items) {
            if (items == null) {
                return null;
            }
            BigDecimal sum = BigDecimal.ZERO;
            for (Row item : items) {
                if (item == null) return null;
                Integer q = (Integer) item.getField(1);
                BigDecimal price = (BigDecimal) item.getField(2);
                if (q == null || price == null || q <= 0 || price.signum() < 0) return null;
                sum = sum.add(price.multiply(BigDecimal.valueOf(q)));
            }
            return sum;
        }
    }

    private static String interval(java.time.Duration d) {
        return String.format("INTERVAL '%d %02d:%02d:%02d' DAY TO SECOND",
                d.toDays(), d.toHoursPart(), d.toMinutesPart(), d.toSecondsPart());
    }

    public static void build(StreamExecutionEnvironment env, JobConfig config, String run) {
        StreamTableEnvironment t = StreamTableEnvironment.create(env);
        t.getConfig().set("table.exec.state.ttl", "24 h");
        t.createTemporarySystemFunction("ITEMS_TOTAL", ItemsTotal.class);
        t.executeSql("CREATE TABLE orders_raw ("
                + " order_id STRING, customer_id STRING, cust_id STRING, event_time STRING, currency STRING,"
                + " total DECIMAL(12, 2), items ARRAY<ROW<sku STRING, quantity INT, unit_price DECIMAL(12, 2)>>,"
                + " channel STRING, region STRING, promo_code STRING,"
                + " kafka_ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,"
                + " et AS TRY_CAST(REPLACE(REPLACE(event_time, 'T', ' '), 'Z', '') AS TIMESTAMP(3)),"
                + " WATERMARK FOR et AS et - " + interval(config.eventTime().maxOutOfOrderness())
                + ") WITH ("
                + " 'connector' = 'kafka',"
                + " 'topic' = '" + config.kafka().topic() + "',"
                + " 'properties.bootstrap.servers' = '" + config.kafka().bootstrapServers() + "',"
                + " 'properties.group.id' = '" + config.kafka().groupId() + "',"
                + " 'scan.startup.mode' = 'earliest-offset',"
                + " 'scan.watermark.idle-timeout' = '" + config.eventTime().idleness().toMillis() + " ms',"
                + " 'format' = 'json',"
                + " 'json.ignore-parse-errors' = 'true'"
                + ")");
        t.executeSql("CREATE TEMPORARY VIEW valid_orders AS SELECT order_id,"
                + " COALESCE(customer_id, cust_id) AS customer, currency, total, et, kafka_ts, PROCTIME() AS pt"
                + " FROM orders_raw WHERE order_id IS NOT NULL AND CHAR_LENGTH(TRIM(order_id)) BETWEEN 1 AND 64"
                + " AND COALESCE(customer_id, cust_id) IS NOT NULL"
                + " AND (customer_id IS NULL OR cust_id IS NULL OR customer_id = cust_id)"
                + " AND et IS NOT NULL AND et <= CAST(CURRENT_TIMESTAMP AS TIMESTAMP(3)) + INTERVAL '5' MINUTE"
                + " AND currency IN ('EUR', 'USD', 'GBP', 'CHF', 'JPY', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'CAD', 'AUD')"
                + " AND total IS NOT NULL AND total >= 0 AND total <= 999999.99"
                + " AND CARDINALITY(items) BETWEEN 1 AND 500"
                + " AND ABS(ITEMS_TOTAL(items) - total) <= 0.01");
        t.executeSql("CREATE TEMPORARY VIEW unique_orders AS SELECT order_id, customer, currency, total, et, kafka_ts"
                + " FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY pt ASC) AS rn FROM valid_orders)"
                + " WHERE rn = 1");
        Table orders = t.sqlQuery("SELECT order_id, customer, currency, total, kafka_ts FROM unique_orders");
        Table windows = t.sqlQuery("SELECT window_start, currency, COUNT(*) AS order_count, SUM(total) AS revenue,"
                + " COUNT(DISTINCT customer) AS distinct_customers"
                + " FROM TABLE(TUMBLE(TABLE unique_orders, DESCRIPTOR(et), " + interval(config.windows().size()) + "))"
                + " GROUP BY window_start, window_end, currency");
        t.toDataStream(orders).sinkTo(new CountingSink<Row>(run, (s, row) -> {
            s.sawRecord();
            Instant ts = (Instant) row.getField(4);
            if (ts != null) s.latency(ts.toEpochMilli());
            s.orders.increment();
        })).name("orders-sink");
        t.toDataStream(windows).sinkTo(new CountingSink<Row>(run, (s, row) -> s.aggregates.increment()))
                .name("aggregates-sink");
    }
}
