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
 * Writes orders to {@code orders.raw} at a target rate, keyed by customer (as producers do, so a hot
 * customer is a hot partition): valid orders from a skewed customer population, with a share of
 * malformed, invalid, duplicate and late records as the current {@link Mix} says. The mix and the rate
 * can change while it runs (a scenario's fault starting and ending). Counts what the broker acknowledged.
 */
final class OrderGenerator implements Runnable, AutoCloseable {
    private static final List<String> CURRENCIES = List.of("USD", "EUR", "GBP", "JPY");

    /**
     * What the generator writes. Shares are fractions of all records (0..1).
     *
     * @param late          share of valid orders older than window size + allowed lateness: the job drops
     *                      them as {@code late_arrival} and their window's completeness falls
     * @param hotShare      share of orders from the {@code hotCustomers} hot customers (hot keys)
     * @param customers     size of the normal customer population; 0: every order a new customer (no cache hits)
     */
    record Mix(int rate, double malformed, double invalid, double duplicate, double late, double hotShare,
               int hotCustomers, int customers) {
        Mix {
            if (rate <= 0) {
                throw new IllegalArgumentException("--rate must be positive");
            }
            double bad = malformed + invalid + duplicate + late;
            for (double s : new double[] {malformed, invalid, duplicate, late, hotShare}) {
                if (s < 0 || s > 1) {
                    throw new IllegalArgumentException("shares are between 0 and 1 (or 0% and 100%)");
                }
            }
            if (bad > 1) {
                throw new IllegalArgumentException("--malformed + --invalid + --duplicate + --late exceed 100%");
            }
            if (hotCustomers < 1 || customers < 0) {
                throw new IllegalArgumentException("--hot-customers >= 1, --customers >= 0");
            }
        }

        String describe() {
            return String.format("rate %d/s, malformed %.0f%%, invalid %.0f%%, duplicate %.0f%%, late %.0f%%, "
                            + "hot keys %.0f%% over %d customer(s), %s", rate, 100 * malformed, 100 * invalid,
                    100 * duplicate, 100 * late, 100 * hotShare, hotCustomers,
                    customers == 0 ? "a new customer per order" : customers + " other customers");
        }
    }

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final Duration tooLate;
    private final Random random = new Random();
    private final AtomicLong attempted = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile Mix mix;
    private volatile boolean running = true;
    private SampleOrder previous;
    private long sequence;

    /** {@code tooLate}: how old a late order's event time is (more than window size + allowed lateness). */
    OrderGenerator(String bootstrapServers, String topic, Mix mix, Duration tooLate) {
        this.producer = new KafkaProducer<>(producerProperties(bootstrapServers), new ByteArraySerializer(),
                new ByteArraySerializer());
        this.topic = topic;
        this.mix = mix;
        this.tooLate = tooLate;
    }

    static Properties producerProperties(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        return p;
    }

    void setMix(Mix mix) {
        this.mix = mix;
    }

    Mix mix() {
        return mix;
    }

    /** Records the broker acknowledged: what went into orders.raw. */
    long acked() {
        return acked.get();
    }

    long failed() {
        return failed.get();
    }

    /** Sends not yet acknowledged or failed. */
    long pending() {
        return attempted.get() - acked.get() - failed.get();
    }

    @Override
    public void run() {
        long next = System.nanoTime();
        while (running) {
            Mix m = mix;
            try {
                send(nextRecord(m));
            } catch (RuntimeException e) {
                failed.incrementAndGet();   // counted like a failed send; the broker is local
            }
            next += Duration.ofSeconds(1).toNanos() / m.rate();
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            } else if (sleep < -Duration.ofSeconds(1).toNanos()) {
                next = System.nanoTime();   // fell behind (e.g. rate raised): do not burst to catch up
            }
        }
    }

    private String[] nextRecord(Mix m) {
        double dice = random.nextDouble();
        long now = System.currentTimeMillis();
        String customer = customer(m);
        if ((dice -= m.malformed()) < 0) {
            return new String[] {customer, "{\"order_id\": \"ORD-" + now + "-" + sequence++ + "\", \"broken"};  // parse_error
        }
        if ((dice -= m.duplicate()) < 0 && previous != null) {
            return new String[] {previous.customerId, previous.toJson()};                                  // duplicate
        }
        boolean invalid = (dice -= m.invalid()) < 0;
        boolean late = !invalid && (dice -= m.late()) < 0;
        long eventTime = late ? now - tooLate.toMillis() - random.nextInt(10_000) : now - random.nextInt(1_000);
        SampleOrder order = SampleOrder.random(random, "ORD-" + now + "-" + sequence++, customer, eventTime,
                CURRENCIES.get(random.nextInt(CURRENCIES.size())));
        if (!invalid) {
            previous = order;
            return new String[] {customer, order.toJson()};                 // valid, or late_arrival when late
        }
        return new String[] {customer,                                      // validation_error (currency_unknown)
                order.toJson().replace("\"currency\":\"" + order.currency + "\"", "\"currency\":\"XXY\"")};
    }

    private String customer(Mix m) {
        if (random.nextDouble() < m.hotShare()) {
            return "CUST-HOT-" + random.nextInt(m.hotCustomers());
        }
        return m.customers() == 0 ? "CUST-NEW-" + System.nanoTime() : "CUST-" + random.nextInt(m.customers());
    }

    private void send(String[] keyAndValue) {
        attempted.incrementAndGet();
        producer.send(new ProducerRecord<>(topic, keyAndValue[0].getBytes(StandardCharsets.UTF_8),
                keyAndValue[1].getBytes(StandardCharsets.UTF_8)), (metadata, error) -> {
            if (error == null) {
                acked.incrementAndGet();
            } else {
                failed.incrementAndGet();
            }
        });
    }

    /** Stops generating and waits for the sends in flight (their acks are counted). */
    void stop() {
        running = false;
        producer.flush();
    }

    @Override
    public void close() {
        running = false;
        producer.close(Duration.ofSeconds(5));
    }
}
