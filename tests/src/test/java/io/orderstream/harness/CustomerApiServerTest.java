package io.orderstream.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CustomerApiServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private CustomerApiServer server;

    @BeforeEach
    void start() {
        server = CustomerApiServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void servesDeterministicCustomers() throws Exception {
        HttpResponse<String> r1 = get("c-42");
        HttpResponse<String> r2 = get("c-42");
        assertThat(r1.statusCode()).isEqualTo(200);
        assertThat(r1.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode body = JSON.readTree(r1.body());
        assertThat(body.get("customer_id").asText()).isEqualTo("c-42");
        assertThat(body.get("segment").asText()).isIn(CustomerApiServer.SEGMENTS)
                .isEqualTo(CustomerApiServer.segmentOf("c-42"));
        assertThat(body.get("country").asText()).isEqualTo("US");
        assertThat(body.get("signup_date").asText()).isEqualTo("2024-01-01");
        assertThat(r2.body()).isEqualTo(r1.body()).isEqualTo(CustomerApiServer.customerJson("c-42"));
        // The hash actually spreads customers over more than one segment.
        assertThat(List.of("a", "b", "c", "d", "e", "f", "g", "h").stream()
                .map(CustomerApiServer::segmentOf).distinct().count()).isGreaterThan(1);
    }

    @Test
    void unknownPathsAre404() throws Exception {
        assertThat(send(URI.create(server.baseUrl() + "/nope")).statusCode()).isEqualTo(404);
        assertThat(send(URI.create(server.baseUrl() + "/customers/")).statusCode()).isEqualTo(404);
    }

    @Test
    void latencyKnobs() throws Exception {
        assertThat(timeMillis("fast")).isLessThan(300);

        server.setDefaultLatency(Duration.ofMillis(400));
        assertThat(timeMillis("fast")).isGreaterThanOrEqualTo(400);

        server.setLatency("slow", Duration.ofMillis(900));
        assertThat(timeMillis("slow")).isGreaterThanOrEqualTo(900);

        server.clearFaults();
        assertThat(timeMillis("slow")).isLessThan(300);
    }

    @Test
    void slowCallsDoNotBlockEachOther() throws Exception {
        // 40 concurrent calls at 500 ms each finish in ~0.5 s, not 40 x 0.5 / 16 threads.
        server.setDefaultLatency(Duration.ofMillis(500));
        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            calls.add(http.sendAsync(request("p-" + i), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> c : calls) {
            assertThat(c.get().statusCode()).isEqualTo(200);
        }
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_400);
    }

    @Test
    void failureKnob() throws Exception {
        server.failWith("broken", 500);
        server.failWith("gone", 404);
        for (int i = 0; i < 3; i++) {
            assertThat(get("broken").statusCode()).isEqualTo(500);
        }
        assertThat(get("gone").statusCode()).isEqualTo(404);
        assertThat(get("healthy").statusCode()).isEqualTo(200);

        server.clearFaults();
        assertThat(get("broken").statusCode()).isEqualTo(200);
    }

    @Test
    void transientFailuresThenSuccess() throws Exception {
        server.failTransiently("flaky", 2, 503);
        assertThat(get("flaky").statusCode()).isEqualTo(503);
        assertThat(get("flaky").statusCode()).isEqualTo(503);
        HttpResponse<String> third = get("flaky");
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(third.body()).isEqualTo(CustomerApiServer.customerJson("flaky"));
        assertThat(get("flaky").statusCode()).isEqualTo(200);
    }

    @Test
    void rawBodyKnob() throws Exception {
        server.returnBody("weird", "{not json");
        HttpResponse<String> r = get("weird");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{not json");
    }

    @Test
    void countersCountEveryRequestIncludingFailures() throws Exception {
        server.failWith("x", 500);
        get("x");
        get("x");
        get("y");
        send(URI.create(server.baseUrl() + "/other"));
        assertThat(server.requestCount("x")).isEqualTo(2);
        assertThat(server.requestCount("y")).isEqualTo(1);
        assertThat(server.requestCount("never")).isZero();
        assertThat(server.requestCount()).isEqualTo(4);
    }

    @Test
    void requestsWithoutTheRightTokenAre401() throws Exception {
        URI customer = URI.create(server.baseUrl() + "/customers/c-1");
        assertThat(sendWithAuthorization(customer, null).statusCode()).isEqualTo(401);
        assertThat(sendWithAuthorization(customer, "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(sendWithAuthorization(customer, CustomerApiServer.token()).statusCode()).isEqualTo(401); // no scheme
        assertThat(sendWithAuthorization(customer, "Bearer " + CustomerApiServer.token()).statusCode()).isEqualTo(200);
        assertThat(server.unauthorizedCount()).isEqualTo(3);
    }

    @Test
    void withoutCredentialsAnyRequestIsServed() throws Exception {
        try (CustomerApiServer open = CustomerApiServer.startWithoutCredentials()) {
            assertThat(sendWithAuthorization(URI.create(open.baseUrl() + "/customers/c-1"), null).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void httpsWithTheSelfSignedCertificate() throws Exception {
        try (CustomerApiServer tls = CustomerApiServer.startHttps()) {
            assertThat(tls.baseUrl().getScheme()).isEqualTo("https");
            URI customer = URI.create(tls.baseUrl() + "/customers/c-1");
            // The JVM's trust store does not know the certificate: the handshake fails.
            assertThatThrownBy(() -> sendWithAuthorization(customer, "Bearer " + CustomerApiServer.token()))
                    .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            try (var in = java.nio.file.Files.newInputStream(CustomerApiServer.trustedCertificate())) {
                trust.setCertificateEntry("api", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            HttpClient trusting = HttpClient.newBuilder().sslContext(context).build();
            HttpResponse<String> r = trusting.send(HttpRequest.newBuilder(customer)
                    .header("Authorization", "Bearer " + CustomerApiServer.token()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(CustomerApiServer.customerJson("c-1"));
        }
    }

    @Test
    void customerIdsAreUrlDecoded() throws Exception {
        HttpResponse<String> r = send(URI.create(server.baseUrl() + "/customers/a%20b"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("customer_id").asText()).isEqualTo("a b");
        assertThat(server.requestCount("a b")).isEqualTo(1);
        // A path is not a form: '+' is a plus (RFC 3986), as the job's client expects of a real API.
        HttpResponse<String> plus = send(URI.create(server.baseUrl() + "/customers/a+b%2Bc"));
        assertThat(JSON.readTree(plus.body()).get("customer_id").asText()).isEqualTo("a+b+c");
    }

    private long timeMillis(String id) throws Exception {
        long start = System.nanoTime();
        assertThat(get(id).statusCode()).isEqualTo(200);
        return (System.nanoTime() - start) / 1_000_000;
    }

    private HttpResponse<String> get(String id) throws Exception {
        return http.send(request(id), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String id) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + "/customers/" + id))
                .header("Authorization", "Bearer " + CustomerApiServer.token())
                .timeout(Duration.ofSeconds(10)).GET().build();
    }

    private HttpResponse<String> send(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + CustomerApiServer.token())
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> sendWithAuthorization(URI uri, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
