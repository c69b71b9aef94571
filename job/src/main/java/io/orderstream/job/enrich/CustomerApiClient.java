package io.orderstream.job.enrich;

import io.orderstream.job.model.Customer;
import io.orderstream.job.model.ErrorType;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * Non-blocking client of the customer API: {@code GET {base}/customers/{id}}.
 *
 * <p>Transient failures (connection errors, per-attempt timeouts, 429 and 5xx) are retried with
 * exponential backoff up to {@code maxRetries} times; anything else fails at once. The future fails
 * with {@link EnrichmentException}: {@code timeout} when the last attempt timed out,
 * {@code external_api_error} otherwise.
 *
 * <p>The HTTP client's own work (sending requests, reading answers) runs on {@link #WORKER_THREADS}
 * threads of its own. The JDK's default executor starts a thread for every call in flight at once:
 * after a start, when every customer is a miss and up to {@code enrichment.capacity} calls are in
 * flight per subtask, ~200 threads per subtask, and each call cost more CPU (BENCHMARKS, round 13).
 * The work per answer is short and never blocks, so two threads keep up. They end after
 * {@link #WORKER_IDLE} without work, so a closed client (a cancelled or restarted task) leaves none
 * behind, and no answer still on its way finds its executor shut down.
 *
 * <p>What an answer then triggers (caching the customer, handing the order back to the task) runs where
 * the JDK runs the dependent actions of {@code sendAsync}: the common fork-join pool, which on a JVM
 * that sees two CPUs or fewer is a new thread per answer. A TaskManager whose JVM options can be set
 * avoids that with {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism=2}.
 */
public final class CustomerApiClient {
    /** Threads per client (one client per enrich subtask) for the HTTP client's work. */
    static final int WORKER_THREADS = 2;
    /** Name prefix of those threads, in thread dumps and profiles. */
    static final String WORKER_THREAD_NAME = "customer-api-client-";
    private static final Duration WORKER_IDLE = Duration.ofSeconds(30);
    private static final AtomicInteger WORKERS_STARTED = new AtomicInteger();

    private final HttpClient http;
    private final URI customersBase;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final Duration retryBackoff;
    private final String authorization;

    /** Without credentials, the JVM's trust store. */
    public CustomerApiClient(URI baseUrl, Duration requestTimeout, int maxRetries, Duration retryBackoff) {
        this(baseUrl, requestTimeout, maxRetries, retryBackoff, ApiCredentials.none(), null);
    }

    /**
     * @param credentials sent as the Authorization header of every request
     * @param tls the TLS context for an https URL (null: the JVM's default)
     */
    public CustomerApiClient(URI baseUrl, Duration requestTimeout, int maxRetries, Duration retryBackoff,
                             ApiCredentials credentials, SSLContext tls) {
        String base = baseUrl.toString();
        this.customersBase = URI.create(base.endsWith("/") ? base + "customers/" : base + "/customers/");
        this.requestTimeout = requestTimeout;
        this.maxRetries = maxRetries;
        this.retryBackoff = retryBackoff;
        this.authorization = credentials.authorization();
        HttpClient.Builder http = HttpClient.newBuilder()
                .connectTimeout(requestTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .executor(workers());
        if (tls != null) {
            http.sslContext(tls);
        }
        this.http = http.build();
    }

    private static ThreadPoolExecutor workers() {
        ThreadPoolExecutor workers = new ThreadPoolExecutor(WORKER_THREADS, WORKER_THREADS,
                WORKER_IDLE.toMillis(), TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), work -> {
                    Thread thread = new Thread(work, WORKER_THREAD_NAME + WORKERS_STARTED.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        workers.allowCoreThreadTimeOut(true);
        return workers;
    }

    public CompletableFuture<Customer> fetch(String customerId) {
        return attempt(customerId, 0);
    }

    private CompletableFuture<Customer> attempt(String customerId, int attempt) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        customersBase.resolve(URLEncoder.encode(customerId, StandardCharsets.UTF_8)))
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, error) -> outcome(customerId, attempt, response, error))
                .thenCompose(next -> next);
    }

    private CompletableFuture<Customer> outcome(String customerId, int attempt, HttpResponse<byte[]> response,
                                                Throwable error) {
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            ErrorType type = cause instanceof HttpTimeoutException ? ErrorType.TIMEOUT : ErrorType.EXTERNAL_API_ERROR;
            boolean transientError = cause instanceof IOException;
            String what = cause instanceof HttpTimeoutException
                    ? "no answer within " + requestTimeout
                    : cause.getClass().getSimpleName() + ": " + cause.getMessage();
            return retryOrFail(customerId, attempt, transientError, type, what);
        }
        int status = response.statusCode();
        if (status == 200) {
            try {
                return CompletableFuture.completedFuture(CustomerJson.parse(customerId, response.body()));
            } catch (EnrichmentException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        boolean transientStatus = status == 429 || status >= 500;
        return retryOrFail(customerId, attempt, transientStatus, ErrorType.EXTERNAL_API_ERROR, "HTTP " + status);
    }

    private CompletableFuture<Customer> retryOrFail(String customerId, int attempt, boolean retryable,
                                                    ErrorType type, String what) {
        if (retryable && attempt < maxRetries) {
            long delay = retryBackoff.toMillis() << attempt;
            return CompletableFuture.supplyAsync(() -> null,
                            CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS))
                    .thenCompose(ignored -> attempt(customerId, attempt + 1));
        }
        String tries = (attempt + 1) + " attempt" + (attempt == 0 ? "" : "s");
        return CompletableFuture.failedFuture(new EnrichmentException(type,
                "customer API failed for customer " + customerId + " after " + tries + ": " + what));
    }
}
