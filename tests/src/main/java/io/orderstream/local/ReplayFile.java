package io.orderstream.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code --replay FILE}: every non-blank line of the file, as raw bytes (UTF-8, line terminator removed,
 * nothing else touched), is one record of {@code orders.raw}, without key. Remembers where each line
 * landed (partition and offset), so the summary can say for every line where it ended.
 */
final class ReplayFile {
    /** One line of the file and, once acknowledged, its position in the topic. */
    record Line(int number, String text, int partition, long offset) {
        String position() {
            return partition + "@" + offset;
        }
    }

    private final Path file;
    private final List<Line> sent = new ArrayList<>();
    private int blankLines;
    private int failed;

    ReplayFile(Path file) {
        this.file = file;
    }

    /** Sends every line at up to {@code rate} records per second and waits for every acknowledgement. */
    void send(String bootstrapServers, String topic, int rate) throws IOException, InterruptedException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                OrderGenerator.producerProperties(bootstrapServers), new ByteArraySerializer(), new ByteArraySerializer())) {
            long next = System.nanoTime();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) {
                    blankLines++;
                    continue;
                }
                acks.add(producer.send(new ProducerRecord<>(topic, line.getBytes(StandardCharsets.UTF_8))));
                numbers.add(i + 1);
                next += Duration.ofSeconds(1).toNanos() / rate;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
            }
            producer.flush();
            for (int i = 0; i < acks.size(); i++) {
                int number = numbers.get(i);
                try {
                    RecordMetadata m = acks.get(i).get();
                    sent.add(new Line(number, lines.get(number - 1), m.partition(), m.offset()));
                } catch (java.util.concurrent.ExecutionException e) {
                    failed++;
                    System.err.println("replay: line " + number + " not sent: " + e.getCause());
                }
            }
        }
    }

    Path file() {
        return file;
    }

    List<Line> sent() {
        return sent;
    }

    int blankLines() {
        return blankLines;
    }

    int failed() {
        return failed;
    }

    /** Line by position {@code partition@offset}. */
    Map<String, Line> byPosition() {
        Map<String, Line> m = new ConcurrentHashMap<>();
        sent.forEach(l -> m.put(l.position(), l));
        return m;
    }
}
