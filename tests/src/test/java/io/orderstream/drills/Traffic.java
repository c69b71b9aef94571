package io.orderstream.drills;

import io.orderstream.harness.SampleOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Producers' side of the drills: a steady stream of healthy, current orders in the background (every order a
 * new customer, so each one calls the customer API and the watermark and windows keep moving, as in
 * production), and the faults' records on demand.
 */
final class Traffic implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final Random random = new Random(5);
    private final AtomicLong sequence = new AtomicLong();
    private final Thread steady;
    private volatile boolean running = true;
    private volatile boolean paused;
    /** One partition whose orders are this old, the others' of now; null for the usual traffic. */
    private volatile HeldBack heldBack;

    private record HeldBack(int partition, long ageMillis) {}

    Traffic(String bootstrapServers, String topic, Duration every) {
        this(bootstrapServers, topic, every, null);
    }

    /**
     * Steady orders to every partition in turn, those of {@code partition} with an event time {@code age} ago and
     * the others' of now, from the first order on: that partition holds the job's watermark back (the watermark is
     * the minimum over partitions) while orders flow, until {@link #release()}.
     */
    static Traffic holdingBack(String bootstrapServers, String topic, Duration every, int partition, Duration age) {
        return new Traffic(bootstrapServers, topic, every, new HeldBack(partition, age.toMillis()));
    }

    private Traffic(String bootstrapServers, String topic, Duration every, HeldBack heldBack) {
        this.heldBack = heldBack;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.steady = new Thread(() -> {
            while (running) {
                try {
                    HeldBack h = this.heldBack;
                    if (paused) {
                        // a quiet period
                    } else if (h == null) {
                        sendOrder(System.currentTimeMillis());
                    } else {
                        sendHeldBack(h);
                    }
                    Thread.sleep(every.toMillis());
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // the broker is shared and local: a failed send is retried with the next order
                }
            }
        }, "drill-steady-traffic");
        steady.setDaemon(true);
        steady.start();
    }

    /** One valid order of a new customer with this event time. */
    synchronized void sendOrder(long eventTime) {
        long n = sequence.incrementAndGet();
        SampleOrder o = SampleOrder.random(random, "ORD-DRILL-" + n, "CUST-DRILL-" + n, eventTime, "USD");
        producer.send(new ProducerRecord<>(topic, bytes(o.orderId), bytes(o.toJson())));
    }

    /** One order per partition, {@code h.partition}'s {@code h.ageMillis} old. */
    private synchronized void sendHeldBack(HeldBack h) {
        long now = System.currentTimeMillis();
        for (int p = 0; p < producer.partitionsFor(topic).size(); p++) {
            long n = sequence.incrementAndGet();
            long eventTime = p == h.partition() ? now - h.ageMillis() : now;
            SampleOrder o = SampleOrder.random(random, "ORD-DRILL-" + n, "CUST-DRILL-" + n, eventTime, "USD");
            producer.send(new ProducerRecord<>(topic, p, bytes(o.orderId), bytes(o.toJson())));
        }
    }

    /** Every partition's orders of now again: the watermark catches up at once. */
    void release() {
        heldBack = null;
    }

    /** Records no parser accepts (parse_error in the DLQ). */
    synchronized void sendPoison(int count) {
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, null, bytes("not json #" + i)));
        }
        producer.flush();
    }

    /** Valid orders whose event time is {@code age} ago: beyond any window's allowed lateness. */
    synchronized void sendLate(int count, Duration age) {
        long eventTime = System.currentTimeMillis() - age.toMillis();
        for (int i = 0; i < count; i++) {
            sendOrder(eventTime + i);
        }
        producer.flush();
    }

    /** Stops the steady stream (a quiet period without orders) until {@link #resume()}. */
    void pause() {
        paused = true;
    }

    void resume() {
        paused = false;
    }

    long sent() {
        return sequence.get();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        steady.interrupt();
        steady.join(5_000);
        producer.close(Duration.ofSeconds(5));
    }
}
