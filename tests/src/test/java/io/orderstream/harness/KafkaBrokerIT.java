package io.orderstream.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaBrokerIT {

    private final KafkaBroker kafka = TestEnvironment.get().kafka();

    @Test
    void producesConsumesAndKeepsDataAcrossRestart() throws Exception {
        String topic = "harness-" + UUID.randomUUID();
        kafka.createTopic(topic, 3);
        String bootstrapBefore = kafka.bootstrapServers();

        List<String> sent = IntStream.range(0, 10).mapToObj(i -> "order-" + i).collect(Collectors.toList());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps())) {
            for (String v : sent) {
                producer.send(new ProducerRecord<>(topic, v, v)).get();
            }
        }

        assertThat(consumeAll(topic, 10)).containsExactlyInAnyOrderElementsOf(sent);

        kafka.restart();

        // Same address, same data dir: a fresh consumer group reads the same 10 records again.
        assertThat(kafka.bootstrapServers()).isEqualTo(bootstrapBefore);
        assertThat(consumeAll(topic, 10)).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void autoCreateIsDisabled() {
        String topic = "never-created-" + UUID.randomUUID();
        Properties props = producerProps();
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> producer.send(new ProducerRecord<>(topic, "k", "v")).get())
                    .hasMessageContaining(topic);
        }
    }

    private List<String> consumeAll(String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "g-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
            // A short extra poll: more records than produced would be a harness bug too.
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                values.add(r.value());
            }
        }
        return values;
    }

    private Properties producerProps() {
        Properties props = new Properties();
        props.putAll(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
        return props;
    }
}
