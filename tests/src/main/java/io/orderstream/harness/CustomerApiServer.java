package io.orderstream.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A real HTTP customer API for enrichment tests: {@code GET /customers/{customerId}}.
 *
 * <p>Why a real server and not a mock client: the job's HTTP client, its timeouts, connection pool and
 * retry logic are part of what is under test. Faults are switched at runtime, thread-safely, so a
 * running Flink job can be observed while the dependency degrades and recovers.
 *
 * <p>Latency is applied without holding a worker thread (the response is scheduled), so many slow
 * calls can be in flight at once, like a real slow service; the worker pool itself is bounded (16).
 *
 * <p>Like the production API it wants credentials: every request must carry
 * {@code Authorization: Bearer }{@link #token()} (one random token per JVM, which
 * {@link LocalDeployment} stores in a LocalStack Secrets Manager secret for the job to read), else
 * it answers 401. {@link #startHttps()} serves TLS with a self-signed certificate
 * ({@link SelfSignedCertificate}); {@link #startWithoutCredentials()} is for benchmarks that run
 * without LocalStack, so without the secret.
 */
public final class CustomerApiServer implements AutoCloseable {

    public static final List<String> SEGMENTS = List.of("gold", "silver", "bronze", "standard");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "harness-" + java.util.UUID.randomUUID();

    static {
        // The JDK's server writes an answer's headers and body separately and, by default, with Nagle's
        // algorithm on: the body then waits for the client's delayed ACK, ~40 ms per call, which no real
        // API adds; at 8 calls in flight the harness answered ~180 calls/s (BENCHMARKS, round 13).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // Past 200 idle connections it closes each connection after its answer, without saying so
        // (no "Connection: close"), so a client with more calls in flight (the job: 200 per subtask)
        // sends many requests into connections being closed. A real API keeps its connections or says
        // it closes them; the client's handling of such a close is tested in CustomerApiClientTest.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "10000");
        // Both are read once, when the JDK's server is first used in the JVM: set before any server starts.
    }

    private final HttpServer server;
    private final SelfSignedCertificate certificate;
    private final String expectedAuthorization;
    private final AtomicLong unauthorized = new AtomicLong();
    private final ExecutorService workers;
    private final ScheduledExecutorService delayer;

    private volatile Duration defaultLatency = Duration.ZERO;
    private final Map<String, Duration> latencies = new ConcurrentHashMap<>();
    private final Map<String, Integer> permanentFailures = new ConcurrentHashMap<>();
    private final Map<String, TransientFailure> transientFailures = new ConcurrentHashMap<>();
    private final Map<String, String> rawBodies = new ConcurrentHashMap<>();
    private final AtomicLong totalRequests = new AtomicLong();
    private final Map<String, AtomicLong> requestsPerCustomer = new ConcurrentHashMap<>();

    /** @param certificate what it serves HTTPS with; null: plain HTTP */
    private CustomerApiServer(SelfSignedCertificate certificate, boolean credentials) throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (certificate != null) {
            HttpsServer tls = HttpsServer.create(address, 128);
            tls.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
            server = tls;
        } else {
            server = HttpServer.create(address, 128);
        }
        this.certificate = certificate;
        expectedAuthorization = credentials ? "Bearer " + TOKEN : null;
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(16, r -> daemon(r, "customer-api-" + n.incrementAndGet()));
        delayer = Executors.newScheduledThreadPool(2, r -> daemon(r, "customer-api-delay"));
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Plain HTTP on a free port of 127.0.0.1; requests need the {@link #token()}. */
    public static CustomerApiServer start() {
        return start(null, true);
    }

    /** HTTPS (self-signed certificate, {@link #trustedCertificate()}) on a free port; requests need the token. */
    public static CustomerApiServer startHttps() {
        return start(SelfSignedCertificate.get(), true);
    }

    /**
     * HTTPS with a certificate for {@code hostName} alone, while it is reached at 127.0.0.1: a server
     * a client must refuse even when it trusts the certificate ({@link #certificate()}).
     */
    public static CustomerApiServer startHttpsAs(String hostName) {
        return start(SelfSignedCertificate.forHost(hostName), true);
    }

    /** Plain HTTP without credentials: benchmarks that run without LocalStack, hence without the secret. */
    public static CustomerApiServer startWithoutCredentials() {
        return start(null, false);
    }

    private static CustomerApiServer start(SelfSignedCertificate certificate, boolean credentials) {
        try {
            return new CustomerApiServer(certificate, credentials);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start customer API server", e);
        }
    }

    /** The bearer token every server of this JVM expects (a test secret, random per JVM). */
    public static String token() {
        return TOKEN;
    }

    /** The PEM certificate of {@link #startHttps()} servers, for the job's enrichment.api.trusted-certificate. */
    public static java.nio.file.Path trustedCertificate() {
        return SelfSignedCertificate.get().pem();
    }

    /** The PEM certificate this server serves HTTPS with. */
    public java.nio.file.Path certificate() {
        if (certificate == null) {
            throw new IllegalStateException("a plain HTTP server has no certificate");
        }
        return certificate.pem();
    }

    /** {@code http(s)://127.0.0.1:<port>}; customers are under {@code /customers/}. */
    public URI baseUrl() {
        return URI.create((certificate != null ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The segment the server returns for a customer; deterministic so tests can predict enrichment. */
    public static String segmentOf(String customerId) {
        return SEGMENTS.get(Math.floorMod(customerId.hashCode(), SEGMENTS.size()));
    }

    /** The exact JSON body a healthy call returns for this customer. */
    public static String customerJson(String customerId) {
        try {
            return JSON.writeValueAsString(Map.of(
                    "customer_id", customerId,
                    "segment", segmentOf(customerId),
                    "country", "US",
                    "signup_date", "2024-01-01"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- knobs ------------------------------------------------------------------------------------

    /** Latency for every customer without its own latency. */
    public void setDefaultLatency(Duration latency) {
        defaultLatency = latency;
    }

    public void setLatency(String customerId, Duration latency) {
        latencies.put(customerId, latency);
    }

    /** Every call for this customer answers {@code httpStatus} (e.g. 404, 500) until cleared. */
    public void failWith(String customerId, int httpStatus) {
        permanentFailures.put(customerId, httpStatus);
    }

    /** The next {@code times} calls for this customer answer {@code status}, later ones succeed. */
    public void failTransiently(String customerId, int times, int status) {
        transientFailures.put(customerId, new TransientFailure(times, status));
    }

    /** Calls for this customer answer 200 with this body verbatim (e.g. broken or wrong-shaped JSON). */
    public void returnBody(String customerId, String rawBody) {
        rawBodies.put(customerId, rawBody);
    }

    /** Back to a healthy, instant server: drops all failures, raw bodies and latencies. Counters stay. */
    public void clearFaults() {
        permanentFailures.clear();
        transientFailures.clear();
        rawBodies.clear();
        latencies.clear();
        defaultLatency = Duration.ZERO;
    }

    // ---- counters ---------------------------------------------------------------------------------

    /** All requests received, including failed and unknown-path ones. */
    public long requestCount() {
        return totalRequests.get();
    }

    /** Requests answered 401 because their Authorization header was missing or wrong. */
    public long unauthorizedCount() {
        return unauthorized.get();
    }

    /** Requests received for one customer, failed ones included. */
    public long requestCount(String customerId) {
        AtomicLong c = requestsPerCustomer.get(customerId);
        return c == null ? 0 : c.get();
    }

    @Override
    public void close() {
        server.stop(0);
        delayer.shutdownNow();
        workers.shutdownNow();
    }

    // ---- serving ----------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) {
        totalRequests.incrementAndGet();
        String path = exchange.getRequestURI().getRawPath();
        if (!path.startsWith("/customers/") || path.length() == "/customers/".length()
                || path.indexOf('/', "/customers/".length()) >= 0) {
            respond(exchange, 404, "{\"error\":\"not found\"}");
            return;
        }
        if (!"GET".equals(exchange.getRequestMethod())) {
            respond(exchange, 405, "{\"error\":\"method not allowed\"}");
            return;
        }
        // Percent-decoding of a path segment (RFC 3986): unlike a form, '+' is a plus, not a space.
        String id = URLDecoder.decode(path.substring("/customers/".length()).replace("+", "%2B"), StandardCharsets.UTF_8);
        requestsPerCustomer.computeIfAbsent(id, k -> new AtomicLong()).incrementAndGet();
        if (expectedAuthorization != null
                && !expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            unauthorized.incrementAndGet();
            respond(exchange, 401, "{\"error\":\"unauthorized\"}");
            return;
        }

        int status;
        String body;
        Integer permanent = permanentFailures.get(id);
        TransientFailure tf = transientFailures.get(id);
        Integer transientStatus = tf == null ? null : tf.next();
        if (permanent != null) {
            status = permanent;
            body = "{\"error\":\"injected " + permanent + "\"}";
        } else if (transientStatus != null) {
            status = transientStatus;
            body = "{\"error\":\"injected transient " + transientStatus + "\"}";
        } else if (rawBodies.containsKey(id)) {
            status = 200;
            body = rawBodies.get(id);
        } else {
            status = 200;
            body = customerJson(id);
        }

        Duration latency = latencies.getOrDefault(id, defaultLatency);
        if (latency.isZero() || latency.isNegative()) {
            respond(exchange, status, body);
        } else {
            // Scheduled rather than slept: a worker thread is not held for the duration.
            delayer.schedule(() -> respond(exchange, status, body), latency.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException e) {
            // The client gave up (timeout): that is normal in latency tests.
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Fails the first N calls, then lets calls through. */
    private static final class TransientFailure {
        private final AtomicInteger remaining;
        private final int status;

        TransientFailure(int times, int status) {
            this.remaining = new AtomicInteger(times);
            this.status = status;
        }

        /** The status to fail with, or null once the failures are used up. */
        Integer next() {
            return remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? status : null;
        }
    }
}
