package io.orderstream.job.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import io.orderstream.job.model.Customer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The customer cache against a local API whose n-th answer has segment {@code s<n>}, so a test sees
 * which call an order was served from. The TTL is short (2.4 s: refreshed from a point between 1.2 s and
 * 1.8 s, retried every 120 ms); the waits around it leave margins of 60 ms or more either way.
 */
class CustomerLookupTest {
    private static final Duration TTL = Duration.ofMillis(2_400);

    private LocalApiServer server;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicBoolean failing = new AtomicBoolean();
    private CustomerApiClient client;
    private CustomerLookup lookup;

    @BeforeEach
    void start() throws IOException {
        server = new LocalApiServer(this::answer);
        client = new CustomerApiClient(server.apiUrl(), Duration.ofSeconds(2), 0, Duration.ofMillis(10),
                ApiCredentials.none(), null, 10);
        lookup = new CustomerLookup(client, TTL, 100);
    }

    @AfterEach
    void stop() throws InterruptedException {
        client.close();
        server.close();
    }

    private void answer(HttpExchange exchange) throws IOException {
        int n = calls.incrementAndGet();
        try (exchange) {
            if (failing.get()) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            String id = path.substring(path.lastIndexOf('/') + 1);
            byte[] body = ("{\"customer_id\":\"" + id + "\",\"segment\":\"s" + n + "\",\"country\":\"DE\","
                    + "\"signup_date\":\"2020-01-31\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private Customer fetched() throws Exception {
        return lookup.fetch("C1").get(5, TimeUnit.SECONDS);
    }

    private Customer cachedNow() {
        return lookup.cached("C1", System.nanoTime());
    }

    @Test
    void aCustomerReadBeforeHalfItsTtlIsServedFromTheCacheWithoutACall() throws Exception {
        assertThat(fetched().segment).isEqualTo("s1");
        Thread.sleep(300);

        assertThat(cachedNow().segment).isEqualTo("s1");
        Thread.sleep(200);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aCustomerReadInTheLastQuarterOfItsTtlIsRefreshedInTheBackgroundAndOutlivesItsFirstTtl() throws Exception {
        assertThat(fetched().segment).isEqualTo("s1");
        Thread.sleep(2_000); // past its refresh point (1.2-1.8 s), still cached

        assertThat(cachedNow().segment).as("served the cached answer while the refresh runs").isEqualTo("s1");
        Thread.sleep(600); // the refresh has answered; the first answer's TTL (2.4 s) has passed

        assertThat(calls).hasValue(2);
        assertThat(cachedNow()).as("the refreshed answer, with a TTL of its own").isNotNull()
                .satisfies(c -> assertThat(c.segment).isEqualTo("s2"));
    }

    @Test
    void aFailedRefreshKeepsServingTheCachedAnswerUntilItsTtlAndIsRetriedATwentiethOfItLater() throws Exception {
        assertThat(fetched().segment).isEqualTo("s1");
        Thread.sleep(2_000);
        failing.set(true);

        assertThat(cachedNow().segment).isEqualTo("s1"); // starts the refresh, which fails at once
        Thread.sleep(20);
        for (int i = 0; i < 10; i++) { // orders within the next 30 ms: no new call before the retry is due
            assertThat(cachedNow().segment).isEqualTo("s1");
            Thread.sleep(3);
        }
        assertThat(calls).hasValue(2);
        Thread.sleep(100); // 120 ms after the refresh started: the next order retries it
        assertThat(cachedNow().segment).isEqualTo("s1");
        Thread.sleep(50);
        assertThat(calls).hasValue(3);

        Thread.sleep(500); // past the first answer's TTL: nothing cached, the next order asks the API
        assertThat(cachedNow()).isNull();
        assertThatThrownBy(this::fetched).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(EnrichmentException.class);
    }

    @Test
    void customersCachedTogetherAreNotRefreshedTogether() throws Exception {
        CompletableFuture<?>[] answers = new CompletableFuture<?>[40];
        for (int i = 0; i < 40; i++) {
            answers[i] = lookup.fetch("C" + i);
        }
        CompletableFuture.allOf(answers).get(5, TimeUnit.SECONDS);
        Thread.sleep(1_500); // about halfway through the window of refresh points (1.2-1.8 s)

        for (int i = 0; i < 40; i++) {
            assertThat(lookup.cached("C" + i, System.nanoTime())).isNotNull();
        }
        Thread.sleep(200);
        // Each customer's point is drawn apart: about half are due. All or none has a chance of 1e-11.
        assertThat(calls.get() - 40).isBetween(1, 39);
    }

    @Test
    void aCustomerNotReadAfterItsRefreshPointExpires() throws Exception {
        assertThat(fetched().segment).isEqualTo("s1");
        Thread.sleep(2_800);

        assertThat(cachedNow()).isNull();
        assertThat(calls).hasValue(1);
    }
}
