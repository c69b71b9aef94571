package io.orderstream.local;

import io.orderstream.harness.LocalDeployment;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.S3Client;

/** The compact status line of the local run, from what the three delivery streams wrote to S3. */
final class Status {
    private final OutputCounter orders;
    private final OutputCounter aggregates;
    private final OutputCounter dlq;
    private final TreeMap<String, String> latestWindows = new TreeMap<>();

    Status(S3Client s3, LocalDeployment deployment) {
        this.orders = new OutputCounter(s3, deployment.ordersBucket());
        this.aggregates = new OutputCounter(s3, deployment.aggregatesBucket());
        this.dlq = new OutputCounter(s3, deployment.dlqBucket());
    }

    String line(long sent) {
        orders.poll(node -> "delivered", node -> { });
        dlq.poll(node -> node.get("error_type").asText(), node -> { });
        aggregates.poll(node -> "windows", node -> latestWindows.put(node.get("window_id").asText(),
                "rev " + node.get("revision").asInt() + ", " + node.get("order_count").asLong() + " orders, "
                        + node.get("distinct_customers").asLong() + " customers"));
        String lastWindow = latestWindows.isEmpty() ? "none yet"
                : latestWindows.lastEntry().getKey() + " (" + latestWindows.lastEntry().getValue() + ")";
        return String.format("sent %d | delivered %d | dlq %d %s | windows %d, last %s",
                sent, orders.lines(), dlq.lines(), dlq.counts(), latestWindows.size(), lastWindow);
    }

    String summary(long sent) {
        return "summary: " + line(sent);
    }
}
