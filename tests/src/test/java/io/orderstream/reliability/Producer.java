package io.orderstream.reliability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * An idempotent producer (so that its own retries, e.g. across a broker restart, never write a
 * record twice) that sends in batches and tells where each record landed.
 */
final class Producer implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final List<Future<RecordMetadata>> pending = new ArrayList<>();
    private final List<Runnable> onAck = new ArrayList<>();

    Producer(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(2 * 1024 * 1024));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "180000");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /** Sends now; {@code position} gets {@code partition@offset} once {@link #flush()} returns. */
    void send(String key, byte[] value, java.util.function.Consumer<String> position) {
        sendTo(null, key, value, position);
    }

    void sendTo(Integer partition, String key, byte[] value, java.util.function.Consumer<String> position) {
        Future<RecordMetadata> f = producer.send(new ProducerRecord<>(topic, partition,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value));
        pending.add(f);
        onAck.add(() -> {
            try {
                RecordMetadata m = f.get();
                position.accept(m.partition() + "@" + m.offset());
            } catch (Exception e) {
                throw new IllegalStateException("send failed", e);
            }
        });
    }

    /** Waits for every send and reports positions, in send order. */
    void flush() {
        producer.flush();
        onAck.forEach(Runnable::run);
        onAck.clear();
        pending.clear();
    }

    /**
     * Flushes (tests read positions after a try-with-resources block), then closes within 30 s, even
     * when the flush failed.
     */
    @Override
    public void close() {
        try {
            flush();
        } finally {
            producer.close(Duration.ofSeconds(30));
        }
    }
}
