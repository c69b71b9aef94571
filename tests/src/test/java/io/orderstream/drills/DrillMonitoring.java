package io.orderstream.drills;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderstream.alarms.Routing;
import io.orderstream.harness.LocalStack;
import io.orderstream.harness.MonitoringDeployment;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

/**
 * The monitoring stack as on-call gets it, in a LocalStack of its own: {@code cdk synth} of the real CDK app
 * (infra-cdk, context {@code drillPeriodSeconds}: every alarm period shortened, nothing else changed), then
 * {@code cdklocal bootstrap} and {@code cdklocal deploy orderstream-monitoring}, exactly as
 * infra-cdk's CdkCliAndLocalStackTest deploys it. One SQS queue per paging topic receives what on-call would
 * be sent ({@link Page}).
 *
 * <p>Its own LocalStack, not the shared harness one: the alarms watch the production namespace
 * {@code ecommerce-streaming}, which other tests' jobs also publish to.
 */
final class DrillMonitoring implements AutoCloseable {
    static final int PERIOD_SECONDS = 10;
    static final String ACCOUNT = MonitoringDeployment.ACCOUNT;
    /** CloudFormation and SSM (cdk bootstrap) on top of what the stack and the job use. */
    static final String SERVICES = MonitoringDeployment.SERVICES;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One notification as the paging topic delivered it. */
    record Page(Routing routing, String alarmName, String oldState, String newState, String reason, String description,
                Instant received) {}

    private final Path workDir;
    private final LocalStack localStack;
    private final CloudWatchClient cloudWatch;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<Routing, String> queues = new EnumMap<>(Routing.class);
    private final List<Page> pages = new ArrayList<>();

    private DrillMonitoring(Path workDir, LocalStack localStack) {
        this.workDir = workDir;
        this.localStack = localStack;
        this.cloudWatch = CloudWatchClient.builder()
                .endpointOverride(localStack.endpoint())
                .region(Region.of(localStack.region()))
                .credentialsProvider(localStack.credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Starts LocalStack, deploys the monitoring stack with drill periods, subscribes a queue to each topic. */
    static DrillMonitoring deploy(Path workDir) {
        LocalStack ls = LocalStack.start(workDir.resolve("localstack"), SERVICES);
        DrillMonitoring m = new DrillMonitoring(workDir, ls);
        try {
            m.deployStack();
            m.subscribeQueues();
            return m;
        } catch (RuntimeException | Error e) {
            m.close();
            throw e;
        } catch (Exception e) {
            m.close();
            throw new IllegalStateException(e);
        }
    }

    LocalStack localStack() {
        return localStack;
    }

    CloudWatchClient cloudWatch() {
        return cloudWatch;
    }

    private void deployStack() {
        MonitoringDeployment.deploy(localStack, workDir, PERIOD_SECONDS);
    }

    static String topicArn(Routing routing, String region) {
        return "arn:aws:sns:" + region + ":" + ACCOUNT + ":orderstream-alarms-" + routing.topicSuffix();
    }

    private void subscribeQueues() throws Exception {
        for (Routing r : Routing.values()) {
            String url = json("sqs", "AmazonSQS.CreateQueue", Map.of("QueueName", "drill-" + r.topicSuffix()))
                    .path("QueueUrl").asText();
            String arn = json("sqs", "AmazonSQS.GetQueueAttributes",
                    Map.of("QueueUrl", url, "AttributeNames", List.of("QueueArn")))
                    .path("Attributes").path("QueueArn").asText();
            // SNS speaks the Query protocol (and the SDK's sns module is not on this build's mirror).
            String response = query("sns", Map.of("Action", "Subscribe", "Version", "2010-03-31",
                    "TopicArn", topicArn(r, localStack.region()), "Protocol", "sqs", "Endpoint", arn));
            if (!response.contains("<SubscriptionArn>")) {
                throw new IllegalStateException("subscribe to " + r + ": " + response);
            }
            queues.put(r, url);
        }
    }

    /** Receives what the queues hold now (deleting it) and returns every page received so far. */
    synchronized List<Page> pages() {
        for (Map.Entry<Routing, String> q : queues.entrySet()) {
            while (true) {
                JsonNode r;
                try {
                    r = json("sqs", "AmazonSQS.ReceiveMessage", Map.of("QueueUrl", q.getValue(),
                            "MaxNumberOfMessages", 10, "WaitTimeSeconds", 0));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                JsonNode messages = r.path("Messages");
                if (!messages.isArray() || messages.isEmpty()) {
                    break;
                }
                for (JsonNode m : messages) {
                    try {
                        JsonNode envelope = JSON.readTree(m.path("Body").asText());
                        JsonNode alarm = JSON.readTree(envelope.path("Message").asText());
                        pages.add(new Page(q.getKey(), alarm.path("AlarmName").asText(),
                                alarm.path("OldStateValue").asText(), alarm.path("NewStateValue").asText(),
                                alarm.path("NewStateReason").asText(), alarm.path("AlarmDescription").asText(),
                                Instant.now()));
                        json("sqs", "AmazonSQS.DeleteMessage", Map.of("QueueUrl", q.getValue(),
                                "ReceiptHandle", m.path("ReceiptHandle").asText()));
                    } catch (Exception e) {
                        throw new IllegalStateException("unreadable notification " + m, e);
                    }
                }
            }
        }
        return List.copyOf(pages);
    }

    /** The alarms as CloudWatch describes them, by name. */
    Map<String, MetricAlarm> alarms() {
        Map<String, MetricAlarm> out = new LinkedHashMap<>();
        cloudWatch.describeAlarmsPaginator(b -> b.maxRecords(100)).metricAlarms().forEach(a -> out.put(a.alarmName(), a));
        return out;
    }

    MetricAlarm alarm(String name) {
        MetricAlarm a = alarms().get(name);
        if (a == null) {
            throw new AssertionError("no alarm " + name + " in LocalStack");
        }
        return a;
    }

    String states() {
        return alarms().values().stream().map(a -> a.alarmName() + "=" + a.stateValueAsString())
                .collect(Collectors.joining(", "));
    }

    private JsonNode json(String service, String target, Map<String, Object> body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(localStack.endpoint())
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", target)
                .header("Authorization", authorization(service))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        HttpResponse<String> r = send(request);
        if (r.statusCode() != 200) {
            throw new IllegalStateException(target + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private String query(String service, Map<String, String> params) throws Exception {
        String body = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(localStack.endpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", authorization(service))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> r = send(request);
        if (r.statusCode() != 200) {
            throw new IllegalStateException(service + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /**
     * Sends once more after an I/O error on a kept-alive connection: LocalStack can close an idle one just
     * as it is reused (seen after a drill's 60-s quiet period as "HTTP/1.1 header parser received no
     * bytes"), and the request then never reached it. The second try opens a new connection.
     */
    private HttpResponse<String> send(HttpRequest request) throws Exception {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    /** LocalStack reads account and region from the credential scope and does not check the signature. */
    private String authorization(String service) {
        return "AWS4-HMAC-SHA256 Credential=test/20260101/" + localStack.region() + "/" + service
                + "/aws4_request, SignedHeaders=host, Signature=0";
    }

    Path logFile() {
        return localStack.logFile();
    }

    @Override
    public void close() {
        cloudWatch.close();
        localStack.close();
    }
}
