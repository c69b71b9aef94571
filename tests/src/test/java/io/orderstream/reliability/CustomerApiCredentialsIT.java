package io.orderstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderstream.harness.CustomerApiServer;
import io.orderstream.harness.Eventually;
import io.orderstream.harness.LocalDeployment;
import io.orderstream.harness.LocalFlinkCluster;
import io.orderstream.harness.SampleOrder;
import io.orderstream.harness.TestEnvironment;
import io.orderstream.job.config.ConfigKeys;
import io.orderstream.job.config.JobConfig;
import io.orderstream.job.enrich.ApiCredentials;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;

/**
 * The customer API's credentials and TLS, end to end: the API (HTTPS with a self-signed certificate
 * the job trusts through enrichment.api.trusted-certificate) answers only requests carrying the
 * token; the job reads the token from a LocalStack Secrets Manager secret whose name is its only
 * trace in the job's properties. With the right secret every order is enriched; with a secret
 * holding a wrong token every order ends in the DLQ as external_api_error (HTTP 401, not retried),
 * none lost; a secret that does not exist fails the enrich operator's start, naming the secret and
 * the key.
 */
class CustomerApiCredentialsIT {
    private static final int ORDERS = 60;

    @Test
    void theJobReadsTheTokenFromSecretsManagerAndAWrongTokenEndsInTheDlq() throws Exception {
        long started = System.nanoTime();
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        TestEnvironment env = TestEnvironment.get();
        LocalDeployment right = LocalDeployment.create("api-token", env.kafka(), env.localStack());
        LocalDeployment wrong = LocalDeployment.create("api-wrong-token", env.kafka(), env.localStack());
        String wrongSecret = "orderstream/customer-api-not-the-token";
        env.localStack().putSecret(wrongSecret, "not-" + CustomerApiServer.token());
        try (CustomerApiServer api = CustomerApiServer.startHttps();
             LocalFlinkCluster flink = LocalFlinkCluster.start(1, 4, 2, 0)) {
            assertThat(api.baseUrl().getScheme()).isEqualTo("https");

            Map<String, String> props = right.jobProperties(api.baseUrl());
            assertThat(props).doesNotContainValue(CustomerApiServer.token())
                    .containsEntry(ConfigKeys.ENRICHMENT_API_CREDENTIALS_SECRET.key(), right.apiSecret())
                    .doesNotContainKey(ConfigKeys.ENRICHMENT_API_ALLOW_PLAINTEXT.key());
            Books.Check enriched = run(flink, env, right, props, "ORD-TOKEN-", Books.DELIVERED);
            assertThat(enriched.byPlace()).containsExactly(Map.entry(Books.DELIVERED, (long) ORDERS));
            for (String line : new Outputs(env.localStack(), right).orders()) {
                JsonNode order = Books.parse(line);
                assertThat(order.at("/customer/segment").asText()).as(line)
                        .isEqualTo(CustomerApiServer.segmentOf(order.get("customer_id").asText()));
            }
            assertThat(api.unauthorizedCount()).isZero();

            Map<String, String> wrongProps = wrong.jobProperties(api.baseUrl());
            wrongProps.put(ConfigKeys.ENRICHMENT_API_CREDENTIALS_SECRET.key(), wrongSecret);
            Books.Check rejected = run(flink, env, wrong, wrongProps, "ORD-WRONG-TOKEN-", "external_api_error");
            assertThat(rejected.byPlace()).containsExactly(Map.entry("external_api_error", (long) ORDERS));
            for (String line : new Outputs(env.localStack(), wrong).dlq()) {
                assertThat(Books.parse(line).get("error_detail").asText()).contains("HTTP 401", "after 1 attempt");
            }
            assertThat(api.unauthorizedCount()).as("one call per distinct customer, 401 is not retried")
                    .isPositive().isLessThanOrEqualTo(ORDERS);

            Map<String, String> missing = right.jobProperties(api.baseUrl());
            missing.put(ConfigKeys.ENRICHMENT_API_CREDENTIALS_SECRET.key(), "orderstream/no-such-secret");
            JobConfig.Enrichment settings = JobConfig.fromProperties(missing).enrichment();
            assertThatThrownBy(() -> ApiCredentials.from(settings))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("orderstream/no-such-secret")
                    .hasMessageContaining(ConfigKeys.ENRICHMENT_API_CREDENTIALS_SECRET.key())
                    .hasMessageNotContaining(CustomerApiServer.token());

            Map<String, Object> row = new LinkedHashMap<>();
            row.put("faults injected", 2);
            row.put("records checked", 2 * ORDERS);
            row.put("orders lost", 0);
            row.put("double-counted in aggregates", "-");
            row.put("hostile records tried", 0);
            row.put("job restarts caused by input", 0);
            row.put("runtime", Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
            row.put("notes", "customer API over HTTPS (self-signed certificate via enrichment.api.trusted-certificate), "
                    + "token from a Secrets Manager secret: " + enriched.byPlace() + "; secret with a wrong token: "
                    + rejected.byPlace() + " (HTTP 401, " + api.unauthorizedCount() + " calls answered 401); "
                    + "a missing secret fails the enrich operator's start naming the secret and the key");
            Report.record("customer_api_credentials_tls", row);
        }
    }

    /** Sends {@link #ORDERS} orders through a fresh job and waits until each is in exactly one place. */
    private static Books.Check run(LocalFlinkCluster flink, TestEnvironment env, LocalDeployment deployment,
                                   Map<String, String> props, String prefix, String outcome) throws Exception {
        JobClient job = flink.submit(props);
        Books books = new Books(Duration.ofMinutes(5).toMillis());
        Random random = new Random(8);
        long t0 = Instant.now().minus(Duration.ofMinutes(30)).toEpochMilli();
        try (Producer producer = new Producer(deployment.bootstrapServers(), deployment.topic())) {
            for (int i = 0; i < ORDERS; i++) {
                SampleOrder o = SampleOrder.random(random, prefix + i, "CUST-" + (i % 20), t0 + i * 1000L, "USD");
                producer.send(o.orderId, HostileCorpus.utf8(o.toJson()), pos -> books.expect(pos, o, outcome));
            }
        }
        Outputs outputs = new Outputs(env.localStack(), deployment);
        Eventually.awaitPollingEverySecond("every order in an output", Duration.ofMinutes(3),
                () -> books.check(outputs.orders(), outputs.dlq()).byPlace().getOrDefault("nowhere", 0L) == 0,
                () -> books.check(outputs.orders(), outputs.dlq()).byPlace().toString());
        Thread.sleep(2_000); // anything extra (a record twice) would have arrived by now
        Books.Check check = books.check(outputs.orders(), outputs.dlq());
        books.assertExactlyOnePlace(check);
        assertThat(flink.hasRestarted(job.getJobID())).as("the job restarted").isFalse();
        job.cancel().get();
        return check;
    }
}
