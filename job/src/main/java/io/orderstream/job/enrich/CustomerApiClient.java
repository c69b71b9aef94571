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
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * Non-blocking client of the customer API: {@code GET {base}/customers/{id}}.
 *
 * <p>Transient failures (connection errors, per-attempt timeouts, 429 and 5xx) are retried with
 * exponential backoff up to {@code maxRetries} times; anything else fails at once. The future fails
 * with {@link EnrichmentException}: {@code timeout} when the last attempt timed out,
 * {@code external_api_error} otherwise.
 */
public final class CustomerApiClient {
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
                .version(HttpClient.Version.HTTP_1_1);
        if (tls != null) {
            http.sslContext(tls);
        }
        this.http = http.build();
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
