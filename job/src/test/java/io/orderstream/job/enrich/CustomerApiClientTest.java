package io.orderstream.job.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import io.orderstream.job.model.Customer;
import io.orderstream.job.model.ErrorType;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Against a real HTTP server (the JDK's) on a free local port. */
@Timeout(30)
class CustomerApiClientTest {
    private static final String CUSTOMER_JSON =
            "{\"customer_id\":\"CUST-123\",\"segment\":\"gold\",\"country\":\"DE\",\"signup_date\":\"2020-01-31\",\"extra\":{\"a\":[1]}}";

    /** What the server answers to the n-th call (0-based): status, body, delay. */
    private record Answer(int status, String body, long delayMillis) {}

    /** No answer: the server closes the connection, as one does with a kept-alive connection it drops. */
    private static final Answer CLOSE_WITHOUT_ANSWER = new Answer(0, "", 0);

    private LocalApiServer server;
    private final AtomicInteger calls = new AtomicInteger();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile IntFunction<Answer> answers;
    private final List<CustomerApiClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new LocalApiServer(this::handle);
    }

    @AfterEach
    void stop() throws InterruptedException {
        clients.forEach(CustomerApiClient::close);
        server.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        int n = calls.getAndIncrement();
        paths.add(exchange.getRequestURI().getRawPath());
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        Answer a = answers.apply(n);
        try {
            if (a == CLOSE_WITHOUT_ANSWER) {
                return; // closing the exchange before any answer closes the connection
            }
            if (a.delayMillis() > 0) {
                Thread.sleep(a.delayMillis());
            }
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        } catch (InterruptedException | IOException e) {
            // client gave up or server stopping
        } finally {
            exchange.close();
        }
    }

    private CustomerApiClient client(int maxRetries, Duration requestTimeout) {
        return closedAfterTheTest(new CustomerApiClient(server.apiUrl(), requestTimeout, maxRetries, Duration.ofMillis(10),
                ApiCredentials.none(), null, 20));
    }

    private CustomerApiClient closedAfterTheTest(CustomerApiClient client) {
        clients.add(client);
        return client;
    }

    private static EnrichmentException failure(CustomerApiClient client, String id) {
        try {
            client.fetch(id).get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(EnrichmentException.class);
            return (EnrichmentException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("fetch succeeded");
    }

    @Test
    void okAnswerIsACustomer() throws Exception {
        answers = n -> new Answer(200, CUSTOMER_JSON, 0);
        Customer c = client(2, Duration.ofSeconds(2)).fetch("CUST-123").get(10, TimeUnit.SECONDS);
        assertThat(c.customerId).isEqualTo("CUST-123");
        assertThat(c.segment).isEqualTo("gold");
        assertThat(c.country).isEqualTo("DE");
        assertThat(c.signupDate).isEqualTo("2020-01-31");
        assertThat(calls).hasValue(1);
        assertThat(paths).containsExactly("/api/customers/CUST-123");
    }

    @Test
    void credentialsAreSentAsBearerTokenOnEveryAttemptAndNeverShown() throws Exception {
        answers = n -> n == 0 ? new Answer(503, "", 0) : new Answer(200, CUSTOMER_JSON, 0);
        ApiCredentials credentials = ApiCredentials.bearer("s3cr3t-token");
        URI base = server.apiUrl();
        CustomerApiClient client = closedAfterTheTest(new CustomerApiClient(base, Duration.ofSeconds(2), 1,
                Duration.ofMillis(10), credentials, null, 10));
        assertThat(client.fetch("CUST-123").get(10, TimeUnit.SECONDS).customerId).isEqualTo("CUST-123");
        assertThat(authorizations).containsExactly("Bearer s3cr3t-token", "Bearer s3cr3t-token");
        assertThat(credentials.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void unauthorizedIsAnExternalApiErrorWithoutRetryAndWithoutTheToken() {
        answers = n -> new Answer(401, "{\"error\":\"unauthorized\"}", 0);
        URI base = server.apiUrl();
        EnrichmentException e = failure(closedAfterTheTest(new CustomerApiClient(base, Duration.ofSeconds(2), 2,
                Duration.ofMillis(10), ApiCredentials.bearer("wrong-token"), null, 10)), "CUST-1");
        assertThat(e.errorType()).isEqualTo(ErrorType.EXTERNAL_API_ERROR);
        assertThat(e.getMessage()).contains("HTTP 401").doesNotContain("wrong-token");
        assertThat(calls).hasValue(1);
    }

    @Test
    void withoutCredentialsNoAuthorizationHeader() throws Exception {
        answers = n -> new Answer(200, CUSTOMER_JSON, 0);
        client(0, Duration.ofSeconds(2)).fetch("CUST-123").get(10, TimeUnit.SECONDS);
        assertThat(authorizations).containsExactly("null");
    }

    @Test
    void customerIdIsUrlEncoded() throws Exception {
        answers = n -> new Answer(200, "{\"customer_id\":\"A/B ?x+é\"}", 0);
        Customer c = client(0, Duration.ofSeconds(2)).fetch("A/B ?x+é").get(10, TimeUnit.SECONDS);
        assertThat(c.customerId).isEqualTo("A/B ?x+é");
        // A space in a path is %20: '+' would be read as a plus by any server that follows RFC 3986.
        assertThat(paths).containsExactly("/api/customers/A%2FB%20%3Fx%2B%C3%A9");
    }

    /** The contract bounds no customer_id's length: one of 900,000 characters must fail this order, not the job. */
    @Test
    void aCustomerIdTooLongForAnyServerIsAnExternalApiError() {
        answers = n -> new Answer(200, CUSTOMER_JSON, 0);
        EnrichmentException e = failure(client(1, Duration.ofSeconds(5)), "C".repeat(900_000));
        assertThat(e.errorType()).isEqualTo(ErrorType.EXTERNAL_API_ERROR);
    }

    @Test
    void notFoundIsAnExternalApiErrorWithoutRetry() {
        answers = n -> new Answer(404, "{\"error\":\"no such customer\"}", 0);
        EnrichmentException e = failure(client(2, Duration.ofSeconds(2)), "CUST-404");
        assertThat(e.errorType()).isEqualTo(ErrorType.EXTERNAL_API_ERROR);
        assertThat(e.getMessage()).contains("HTTP 404", "after 1 attempt", "CUST-404");
        assertThat(calls).hasValue(1);
    }

    @Test
    void transientErrorsAreRetried() throws Exception {
        answers = n -> n < 2 ? new Answer(503, "", 0) : new Answer(200, CUSTOMER_JSON, 0);
        Customer c = client(2, Duration.ofSeconds(2)).fetch("CUST-123").get(10, TimeUnit.SECONDS);
        assertThat(c.customerId).isEqualTo("CUST-123");
        assertThat(calls).hasValue(3);
    }

    @Test
    void tooManyRequestsIsRetried() throws Exception {
        answers = n -> n < 1 ? new Answer(429, "", 0) : new Answer(200, CUSTOMER_JSON, 0);
        assertThat(client(1, Duration.ofSeconds(2)).fetch("CUST-123").get(10, TimeUnit.SECONDS).segment)
                .isEqualTo("gold");
        assertThat(calls).hasValue(2);
    }

    @Test
    void persistentServerErrorFailsAfterMaxRetriesPlusOne() {
        answers = n -> new Answer(503, "", 0);
        EnrichmentException e = failure(client(2, Duration.ofSeconds(2)), "CUST-123");
        assertThat(e.errorType()).isEqualTo(ErrorType.EXTERNAL_API_ERROR);
        assertThat(e.getMessage()).contains("HTTP 503", "after 3 attempts");
        assertThat(calls).hasValue(3);
    }

    @Test
    void bodyThatIsNotJson() {
        answers = n -> new Answer(200, "<html>oops</html>", 0);
        EnrichmentException e = failure(client(2, Duration.ofSeconds(2)), "CUST-123");
        assertThat(e.errorType()).isEqualTo(ErrorType.EXTERNAL_API_ERROR);
        assertThat(e.getMessage()).contains("unusable customer API body", "invalid JSON");
        assertThat(calls).hasValue(1);
    }

    @Test
    void bodyThatIsNotAnObject() {
        answers = n -> new Answer(200, "[" + CUSTOMER_JSON + "]", 0);
        EnrichmentException e = failure(client(0, Duration.ofSeconds(2)), "CUST-123");
        assertThat(e.errorType()).isEqualTo(ErrorType.EXTERNAL_API_ERROR);
        assertThat(e.getMessage()).contains("not a JSON object");
    }

    @Test
    void bodyOfAnotherCustomer() {
        answers = n -> new Answer(200, "{\"customer_id\":\"CUST-999\",\"segment\":\"gold\"}", 0);
        EnrichmentException e = failure(client(2, Duration.ofSeconds(2)), "CUST-123");
        assertThat(e.errorType()).isEqualTo(ErrorType.EXTERNAL_API_ERROR);
        assertThat(e.getMessage()).contains("'CUST-999' does not match the requested 'CUST-123'");
        assertThat(calls).hasValue(1);
    }

    @Test
    void bodyWithoutCustomerId() {
        answers = n -> new Answer(200, "{\"segment\":\"gold\"}", 0);
        assertThat(failure(client(0, Duration.ofSeconds(2)), "CUST-123").errorType())
                .isEqualTo(ErrorType.EXTERNAL_API_ERROR);
    }

    @Test
    void aBodyUpToTheLimitIsRead() throws Exception {
        String padded = CUSTOMER_JSON + " ".repeat(CustomerApiClient.MAX_ANSWER_BYTES - CUSTOMER_JSON.length());
        answers = n -> new Answer(200, padded, 0);
        assertThat(client(0, Duration.ofSeconds(5)).fetch("CUST-123").get(10, TimeUnit.SECONDS).segment).isEqualTo("gold");
    }

    @Test
    void aBodyBeyondTheLimitIsUnusableAndTheClientGoesOn() throws Exception {
        String tenMegabytes = CUSTOMER_JSON.replace("\"extra\":{", "\"extra\":{\"pad\":\"" + "x".repeat(10 << 20) + "\",");
        answers = n -> n == 0 ? new Answer(200, tenMegabytes, 0) : new Answer(200, CUSTOMER_JSON, 0);
        CustomerApiClient client = client(2, Duration.ofSeconds(5));
        EnrichmentException e = failure(client, "CUST-123");
        assertThat(e.errorType()).isEqualTo(ErrorType.EXTERNAL_API_ERROR);
        assertThat(e.getMessage()).contains("unusable customer API body: larger than 65536 bytes");
        assertThat(calls).hasValue(1);
        assertThat(client.fetch("CUST-123").get(10, TimeUnit.SECONDS).segment).isEqualTo("gold");
    }

    @Test
    void aServerErrorWithABodyBeyondTheLimitIsStillRetried() throws Exception {
        String errorPage = "<html>" + "x".repeat(1 << 20) + "</html>";
        answers = n -> n == 0 ? new Answer(503, errorPage, 0) : new Answer(200, CUSTOMER_JSON, 0);
        assertThat(client(1, Duration.ofSeconds(5)).fetch("CUST-123").get(10, TimeUnit.SECONDS).segment).isEqualTo("gold");
        assertThat(calls).hasValue(2);
    }

    @Test
    void slowServerIsATimeout() {
        answers = n -> new Answer(200, CUSTOMER_JSON, 3_000);
        long start = System.nanoTime();
        EnrichmentException e = failure(client(1, Duration.ofMillis(300)), "CUST-123");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(e.errorType()).isEqualTo(ErrorType.TIMEOUT);
        assertThat(e.getMessage()).contains("no answer within PT0.3S", "after 2 attempts");
        assertThat(calls).hasValue(2);
        assertThat(tookMillis).isLessThan(2_500);
    }

    @Test
    void timeoutThenSuccess() throws Exception {
        answers = n -> n == 0 ? new Answer(200, CUSTOMER_JSON, 2_000) : new Answer(200, CUSTOMER_JSON, 0);
        assertThat(client(1, Duration.ofMillis(300)).fetch("CUST-123").get(10, TimeUnit.SECONDS).customerId)
                .isEqualTo("CUST-123");
        assertThat(calls).hasValue(2);
    }

    @Test
    void aConnectionClosedBeforeAnyAnswerIsSentAgainAtOnceWithoutCountingAsAnAttempt() throws Exception {
        answers = n -> n == 0 ? CLOSE_WITHOUT_ANSWER : new Answer(200, CUSTOMER_JSON, 0);
        assertThat(client(0, Duration.ofSeconds(2)).fetch("CUST-123").get(10, TimeUnit.SECONDS).customerId)
                .isEqualTo("CUST-123");
        assertThat(calls).hasValue(2);
    }

    @Test
    void aConnectionClosedBeforeAnyAnswerTwiceInARowIsAFailedAttempt() {
        answers = n -> CLOSE_WITHOUT_ANSWER;
        EnrichmentException e = failure(client(1, Duration.ofSeconds(2)), "CUST-123");
        assertThat(e.errorType()).isEqualTo(ErrorType.EXTERNAL_API_ERROR);
        assertThat(e.getMessage()).contains("after 2 attempts", "IOException");
        assertThat(calls).as("each of the 2 attempts sent twice").hasValue(4);
    }

    @Test
    void connectionRefusedIsAnExternalApiErrorAfterRetries() throws Exception {
        answers = n -> new Answer(200, CUSTOMER_JSON, 0);
        CustomerApiClient c = client(1, Duration.ofSeconds(1));
        server.stopAnswering();
        EnrichmentException e = failure(c, "CUST-123");
        assertThat(e.errorType()).isEqualTo(ErrorType.EXTERNAL_API_ERROR);
        assertThat(e.getMessage()).contains("after 2 attempts");
    }

    @Test
    void answersCompleteOnTheClientsFewThreads() throws Exception {
        // The server's four threads answer 20 calls in flight at once, each after 300 ms. The JDK's client
        // handed every answer to a new thread on a JVM that sees two CPUs or fewer.
        answers = n -> new Answer(200, CUSTOMER_JSON, 300);
        CustomerApiClient c = client(0, Duration.ofSeconds(10));
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        List<CompletableFuture<String>> completedOn = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            completedOn.add(c.fetch("CUST-123").thenApply(customer -> Thread.currentThread().getName()));
        }
        CompletableFuture.allOf(completedOn.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        assertThat(this.calls).hasValue(20);
        assertThat(completedOn).allSatisfy(f -> assertThat(f.join()).startsWith(CustomerApiClient.THREAD_NAME));
        List<String> started = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t)).map(Thread::getName)
                .filter(name -> !name.startsWith("pool-")) // the test server's
                .toList();
        assertThat(started).allMatch(name -> name.startsWith(CustomerApiClient.THREAD_NAME)
                || name.equals("CompletableFutureDelayScheduler"), "only the client's threads and the JDK's delay thread");
        assertThat(started.stream().filter(name -> name.startsWith(CustomerApiClient.THREAD_NAME)))
                .hasSizeLessThanOrEqualTo(CustomerApiClient.EVENT_LOOP_THREADS);
    }
}
