package io.orderstream.local;

import io.orderstream.harness.SampleOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes a steady stream of orders to {@code orders.raw} at a target rate: mostly valid orders from
 * a skewed customer population (a few hot customers), with a share of malformed, invalid, duplicate
 * and late records so that every DLQ error type shows up.
 */
final class OrderGenerator implements Runnable, AutoCloseable {
    private static final List<String> CURRENCIES = List.of("USD", "EUR", "GBP", "JPY");

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final int ordersPerSecond;
    private final Random random = new Random();
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean running = true;
    private SampleOrder previous;

    OrderGenerator(String bootstrapServers, String topic, int ordersPerSecond) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.ordersPerSecond = ordersPerSecond;
    }

    long sent() {
        return sent.get();
    }

    @Override
    public void run() {
        long intervalNanos = Duration.ofSeconds(1).toNanos() / ordersPerSecond;
        long next = System.nanoTime();
        while (running) {
            send(nextRecord());
            next += intervalNanos;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private String nextRecord() {
        int dice = random.nextInt(100);
        if (dice < 2) {
            return "{\"order_id\": \"broken";                                  // parse_error
        }
        if (dice < 4 && previous != null) {
            return previous.toJson();                                          // duplicate
        }
        long now = System.currentTimeMillis();
        boolean late = dice == 4;
        long eventTime = late ? now - Duration.ofMinutes(10).toMillis() : now - random.nextInt(3_000);
        SampleOrder order = SampleOrder.random(random, "ORD-" + now + "-" + sent.get(), customer(), eventTime,
                CURRENCIES.get(random.nextInt(CURRENCIES.size())));
        previous = order;
        if (dice == 5) {                                                       // validation_error
            return order.toJson().replace("\"currency\":\"" + order.currency + "\"", "\"currency\":\"XXY\"");
        }
        return order.toJson();                                                 // valid, or late_arrival when late
    }

    /** A skewed population: one customer in five orders is one of ten hot customers. */
    private String customer() {
        return random.nextInt(5) == 0 ? "CUST-HOT-" + random.nextInt(10) : "CUST-" + random.nextInt(5_000);
    }

    private void send(String json) {
        producer.send(new ProducerRecord<>(topic, json.getBytes(StandardCharsets.UTF_8)));
        sent.incrementAndGet();
    }

    @Override
    public void close() {
        running = false;
        producer.close(Duration.ofSeconds(5));
    }
}
