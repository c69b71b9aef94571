package io.orderstream.e2e;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Writes raw records to the orders topic as a producer would, and says where each one landed. */
final class OrderProducer implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    OrderProducer(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /** Sends and waits; returns {@code partition@offset}, the record's identity in every output. */
    String send(String key, byte[] value) throws Exception {
        return position(producer.send(new ProducerRecord<>(topic, key == null ? null : bytes(key), value)).get());
    }

    String sendToPartition(int partition, String key, byte[] value) throws Exception {
        return position(producer.send(new ProducerRecord<>(topic, partition, bytes(key), value)).get());
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String position(RecordMetadata m) {
        return m.partition() + "@" + m.offset();
    }

    @Override
    public void close() {
        producer.close();
    }
}
