package io.orderstream.job.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import io.orderstream.job.TestOrders;
import io.orderstream.job.config.JobConfig;
import io.orderstream.job.model.ErrorType;
import io.orderstream.job.model.OrderEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Operator {@code enrich} as the job runs it: Flink's async operator without a timeout of its own,
 * around {@link EnrichOrders}, which times out the orders that wait for the customer API.
 */
class EnrichOrdersTest {
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final long SLOW_ANSWER_MILLIS = 1_500;

    private LocalApiServer server;
    private final AtomicInteger calls = new AtomicInteger();

    /**
     * The first call of a JVM loads the Netty client's classes (~300 ms here), longer than this test's
     * enrichment timeout; a TaskManager pays it once, within the default timeout of 10 s.
     */
    @BeforeAll
    static void loadTheHttpClientsClasses() throws Exception {
        try (LocalApiServer api = new LocalApiServer(exchange -> {
                 exchange.sendResponseHeaders(200, -1);
                 exchange.close();
             });
             CustomerApiClient client = new CustomerApiClient(api.apiUrl(), Duration.ofSeconds(5), 0,
                     Duration.ofMillis(10), ApiCredentials.none(), null, 1)) {
            client.fetch("warm-up").exceptionally(unusableBody -> null).get(10, TimeUnit.SECONDS);
        }
    }

    @BeforeEach
    void start() throws IOException {
        server = new LocalApiServer(this::answer);
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    /** Customer SLOW answers after SLOW_ANSWER_MILLIS, every other customer at once. */
    private void answer(HttpExchange exchange) throws IOException {
        calls.incrementAndGet();
        String path = exchange.getRequestURI().getRawPath();
        String id = path.substring(path.lastIndexOf('/') + 1);
        try {
            if (id.equals("SLOW")) {
                Thread.sleep(SLOW_ANSWER_MILLIS);
            }
            byte[] body = ("{\"customer_id\":\"" + id + "\",\"segment\":\"gold\",\"country\":\"DE\","
                    + "\"signup_date\":\"2020-01-31\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    private JobConfig.Enrichment settings() {
        return new JobConfig.Enrichment(server.apiUrl(), null, null, null, null, TIMEOUT, Duration.ofSeconds(5),
                0, Duration.ofMillis(10), 10, Duration.ofMinutes(10), 1_000);
    }

    private static OrderEvent orderOf(String orderId, String customerId) {
        return new OrderEvent(TestOrders.order(orderId, customerId, "USD", "10.00"),
                TestOrders.raw("{\"order_id\":\"" + orderId + "\"}"));
    }

    /** Runs the orders through a fresh operator, pausing between them; returns what it emitted. */
    private List<EnrichmentResult> enrich(EnrichOrders function, long pauseMillis, OrderEvent... orders) throws Exception {
        // The job's setting: no timeout of the async operator (0), unordered.
        var factory = new AsyncWaitOperatorFactory<>(function, 0, 10, AsyncDataStream.OutputMode.UNORDERED);
        try (var harness = new OneInputStreamOperatorTestHarness<>(factory,
                TypeInformation.of(OrderEvent.class).createSerializer(new SerializerConfigImpl()))) {
            harness.open();
            for (int i = 0; i < orders.length; i++) {
                if (i > 0) {
                    Thread.sleep(pauseMillis);
                }
                harness.processElement(orders[i], 0L);
            }
            harness.endInput(); // waits for every order in flight
            return harness.getOutput().stream().map(e -> ((StreamRecord<EnrichmentResult>) e).getValue()).toList();
        }
    }

    @Test
    void anOrderWhoseCustomerDoesNotAnswerInTimeGoesToTheDlqAsTimeoutAndTheOthersAreEnriched() throws Exception {
        List<EnrichmentResult> out = enrich(new EnrichOrders(settings()), 0, orderOf("O1", "SLOW"), orderOf("O2", "C2"));

        assertThat(out).hasSize(2);
        assertThat(out).filteredOn(r -> r.rejected != null).singleElement().satisfies(r -> {
            assertThat(r.rejected.errorType).isEqualTo(ErrorType.TIMEOUT);
            assertThat(r.rejected.orderId).isEqualTo("O1");
            assertThat(r.rejected.errorDetail).contains("enrichment.timeout");
        });
        assertThat(out).filteredOn(r -> r.enriched != null).singleElement()
                .satisfies(r -> assertThat(r.enriched.customer.customerId).isEqualTo("C2"));
    }

    @Test
    void theCallAnOrderGaveUpOnGoesOnAndItsAnswerServesTheNextOrdersFromTheCache() throws Exception {
        EnrichOrders function = new EnrichOrders(settings());
        // O1 times out after 300 ms; its call answers at 1.5 s; O2 comes at 2 s.
        List<EnrichmentResult> out = enrich(function, SLOW_ANSWER_MILLIS / 3 * 4,
                orderOf("O1", "SLOW"), orderOf("O2", "SLOW"));

        assertThat(out).extracting(r -> r.rejected == null ? "enriched " + r.enriched.order.orderId
                : r.rejected.errorType + " " + r.rejected.orderId)
                .containsExactlyInAnyOrder("TIMEOUT O1", "enriched O2");
        assertThat(calls).as("O2 was answered by O1's call, from the cache").hasValue(1);
    }
}
