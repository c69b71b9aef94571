package io.orderstream.job.enrich;

import io.orderstream.job.model.Customer;
import io.orderstream.job.model.ErrorType;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.TrustManager;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;

/**
 * Non-blocking client of the customer API: {@code GET {base}/customers/{id}}.
 *
 * <p>Transient failures (connection errors, per-attempt timeouts, 429 and 5xx) are retried with
 * exponential backoff up to {@code maxRetries} times; anything else fails at once. The future fails
 * with {@link EnrichmentException}: {@code timeout} when the last attempt timed out,
 * {@code external_api_error} otherwise. A request whose connection closes before any answer is sent
 * again at once, once per attempt, without counting as one (see {@code attempt}).
 *
 * <p>The HTTP work runs on the Netty client of the AWS SDK (in the job for Firehose), on
 * {@link #EVENT_LOOP_THREADS} event-loop threads of its own, and every answer completes there: caching
 * the customer and handing the order back to the task run on those threads too. The JDK's HTTP client
 * does not allow that: it hands each answer of {@code sendAsync} to the common fork-join pool, which on
 * a JVM that sees two CPUs or fewer (a Managed Flink KPU has one vCPU) starts a new thread per answer. After
 * a start, while every customer is a miss, that was ~200 threads per subtask at once and a third of the
 * client's CPU (BENCHMARKS, round 13). The per-attempt timeout and the retries' backoff run on the
 * JDK's one delay thread, which starts no thread per use.
 */
public final class CustomerApiClient implements AutoCloseable {
    /** Event-loop threads per client (one client per enrich subtask): an answer's work is short and never blocks. */
    /** Most bytes of an answer read (see {@link ApiAnswer}); a customer is ~100. */
    public static final int MAX_ANSWER_BYTES = 64 * 1024;
    static final int EVENT_LOOP_THREADS = 2;
    /** Name prefix of those threads, in thread dumps and profiles. */
    static final String THREAD_NAME = "customer-api-client-";
    private static final AtomicInteger THREADS_STARTED = new AtomicInteger();

    private final SdkEventLoopGroup eventLoops;
    private final SdkAsyncHttpClient http;
    private final URI customersBase;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final Duration retryBackoff;
    private final String authorization;

    /**
     * @param credentials sent as the Authorization header of every request
     * @param trust what an https URL's certificate is checked against (null: the JVM's trust store)
     * @param maxConnections connections open at once; a call beyond waits for one, within its timeout
     *     ({@code enrichment.capacity}: the enrichments in flight per subtask)
     */
    public CustomerApiClient(URI baseUrl, Duration requestTimeout, int maxRetries, Duration retryBackoff,
                             ApiCredentials credentials, TrustManager[] trust, int maxConnections) {
        String base = baseUrl.toString();
        this.customersBase = URI.create(base.endsWith("/") ? base + "customers/" : base + "/customers/");
        this.requestTimeout = requestTimeout;
        this.maxRetries = maxRetries;
        this.retryBackoff = retryBackoff;
        this.authorization = credentials.authorization();
        this.eventLoops = SdkEventLoopGroup.builder().numberOfThreads(EVENT_LOOP_THREADS).threadFactory(threads()).build();
        NettyNioAsyncHttpClient.Builder http = NettyNioAsyncHttpClient.builder()
                .eventLoopGroup(eventLoops)
                .protocol(Protocol.HTTP1_1)
                .maxConcurrency(maxConnections)
                .connectionTimeout(requestTimeout)
                // The attempt's own timeout ends a call (see attempt()); Netty's would race it.
                .readTimeout(Duration.ZERO)
                .writeTimeout(Duration.ZERO);
        if (trust != null) {
            http.tlsTrustManagersProvider(() -> trust);
        }
        this.http = http.build();
    }

    private static ThreadFactory threads() {
        return work -> {
            Thread thread = new Thread(work, THREAD_NAME + THREADS_STARTED.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    public CompletableFuture<Customer> fetch(String customerId) {
        return attempt(customerId, 0, true);
    }

    /**
     * Closes the connections, then ends the event-loop threads without waiting for them: once the
     * connections are closed, no answer is left for them to finish.
     */
    @Override
    public void close() {
        http.close();
        eventLoops.eventLoopGroup().shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /**
     * @param mayResend whether a request whose connection closes before any answer may be sent again at
     *     once, without counting as an attempt: a kept-alive connection the API closed as the request
     *     went out (servers close idle connections when they hold too many), which the pool could not
     *     know. A GET may be sent again: the JDK's client does so once, and the AWS SDK's retries count
     *     such a close as retryable.
     */
    private CompletableFuture<Customer> attempt(String customerId, int attempt, boolean mayResend) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .uri(customersBase.resolve(pathSegment(customerId)))
                .method(SdkHttpMethod.GET)
                .putHeader("Accept", "application/json");
        if (authorization != null) {
            request.putHeader("Authorization", authorization);
        }
        ApiAnswer answer = new ApiAnswer();
        CompletableFuture<Void> call = http.execute(AsyncExecuteRequest.builder()
                .request(request.build())
                .requestContentPublisher(NoRequestBody.INSTANCE)
                .responseHandler(answer)
                .build());
        // A failed call ends the SDK's future and, as a rule, calls the answer's onError as well; the
        // answer keeps the first of the two, so listening to both misses no failure and costs nothing.
        call.whenComplete((ignored, error) -> {
            if (error != null) {
                answer.onError(error);
            }
        });
        return answer.result()
                .orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    if (error instanceof TimeoutException) {
                        call.cancel(true); // closes the connection of the call that did not answer
                    }
                    if (mayResend && unwrap(error) instanceof IOException && !answer.begun()) {
                        return attempt(customerId, attempt, false);
                    }
                    return outcome(customerId, attempt, response, error);
                })
                .thenCompose(next -> next);
    }

    /**
     * The customer id as one percent-encoded path segment. URLEncoder encodes for HTML forms, where a
     * space is '+'; in a path '+' is a plus, so a space must be %20 (a literal '+' is already %2B).
     */
    static String pathSegment(String customerId) {
        return URLEncoder.encode(customerId, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private CompletableFuture<Customer> outcome(String customerId, int attempt, ApiAnswer.Response response,
                                                Throwable error) {
        if (error != null) {
            Throwable cause = unwrap(error);
            boolean timedOut = cause instanceof TimeoutException;
            ErrorType type = timedOut ? ErrorType.TIMEOUT : ErrorType.EXTERNAL_API_ERROR;
            boolean transientError = timedOut || cause instanceof IOException;
            String what = timedOut
                    ? "no answer within " + requestTimeout
                    : cause.getClass().getSimpleName() + ": " + cause.getMessage();
            return retryOrFail(customerId, attempt, transientError, type, what);
        }
        int status = response.status();
        if (status == 200) {
            try {
                return CompletableFuture.completedFuture(CustomerJson.parse(customerId, response));
            } catch (EnrichmentException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        boolean transientStatus = status == 429 || status >= 500;
        return retryOrFail(customerId, attempt, transientStatus, ErrorType.EXTERNAL_API_ERROR, "HTTP " + status);
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private CompletableFuture<Customer> retryOrFail(String customerId, int attempt, boolean retryable,
                                                    ErrorType type, String what) {
        if (retryable && attempt < maxRetries) {
            long delay = retryBackoff.toMillis() << attempt;
            // Runnable::run: the retry starts on the JDK's delay thread, which only hands it to Netty.
            return CompletableFuture.runAsync(() -> { },
                            CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS, Runnable::run))
                    .thenCompose(ignored -> attempt(customerId, attempt + 1, true));
        }
        String tries = (attempt + 1) + " attempt" + (attempt == 0 ? "" : "s");
        return CompletableFuture.failedFuture(new EnrichmentException(type,
                "customer API failed for customer " + customerId + " after " + tries + ": " + what));
    }
}
