package io.orderstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderstream.harness.CustomerApiServer;
import io.orderstream.job.enrich.ApiCredentials;
import io.orderstream.job.enrich.ApiTls;
import io.orderstream.job.enrich.CustomerApiClient;
import io.orderstream.job.enrich.EnrichmentException;
import io.orderstream.job.model.ErrorType;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;

/**
 * The job's customer API client against the harness's HTTPS API (a self-signed certificate): it
 * trusts what {@code enrichment.api.trusted-certificate} names, and without it the JVM's trust store
 * only, which does not know the certificate; a trusted certificate must also name the host the client
 * asked for. The job's end-to-end run over HTTPS is {@link CustomerApiCredentialsIT}.
 */
class CustomerApiTlsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static CustomerApiClient client(CustomerApiServer api, TrustManager[] trust) {
        return new CustomerApiClient(api.baseUrl(), TIMEOUT, 0, Duration.ofMillis(10),
                ApiCredentials.bearer(CustomerApiServer.token()), trust, 10);
    }

    @Test
    void theConfiguredCertificateIsTrusted() throws Exception {
        try (CustomerApiServer api = CustomerApiServer.startHttps();
             CustomerApiClient client = client(api, ApiTls.trustManagers(CustomerApiServer.trustedCertificate().toString()))) {
            assertThat(client.fetch("c-1").get(10, TimeUnit.SECONDS).customerId).isEqualTo("c-1");
            assertThat(api.requestCount()).isEqualTo(1);
        }
    }

    @Test
    void withoutItTheHandshakeFailsAndNoRequestIsSent() {
        try (CustomerApiServer api = CustomerApiServer.startHttps();
             CustomerApiClient client = client(api, ApiTls.trustManagers(null))) {
            assertThatThrownBy(() -> client.fetch("c-1").get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(EnrichmentException.class)
                    .satisfies(e -> assertThat(((EnrichmentException) e).errorType()).isEqualTo(ErrorType.EXTERNAL_API_ERROR))
                    .hasMessageContaining("SSLHandshakeException");
            assertThat(api.requestCount()).isZero();
        }
    }

    @Test
    void aTrustedCertificateForAnotherHostIsRefused() {
        try (CustomerApiServer api = CustomerApiServer.startHttpsAs("api.elsewhere.example");
             CustomerApiClient client = client(api, ApiTls.trustManagers(api.certificate().toString()))) {
            assertThatThrownBy(() -> client.fetch("c-1").get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(EnrichmentException.class)
                    .hasMessageContaining("SSLHandshakeException")
                    .hasMessageContaining("No subject alternative names matching IP address 127.0.0.1");
            assertThat(api.requestCount()).isZero();
        }
    }
}
