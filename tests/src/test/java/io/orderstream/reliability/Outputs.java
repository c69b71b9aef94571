package io.orderstream.reliability;

import io.orderstream.harness.LocalDeployment;
import io.orderstream.harness.LocalStack;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The three outputs of a deployment read incrementally from LocalStack S3: Firehose writes immutable
 * objects, so each object is fetched once however often a test polls (100k lines stay cheap to poll).
 */
final class Outputs {
    private final LocalStack localStack;
    private final LocalDeployment deployment;
    private final Map<String, Map<String, List<String>>> cache = new TreeMap<>();

    Outputs(LocalStack localStack, LocalDeployment deployment) {
        this.localStack = localStack;
        this.deployment = deployment;
    }

    List<String> orders() {
        return lines(deployment.ordersBucket(), LocalDeployment.ORDERS_PREFIX);
    }

    List<String> aggregates() {
        return lines(deployment.aggregatesBucket(), LocalDeployment.AGGREGATES_PREFIX);
    }

    List<String> dlq() {
        return lines(deployment.dlqBucket(), LocalDeployment.DLQ_PREFIX);
    }

    private synchronized List<String> lines(String bucket, String prefix) {
        Map<String, List<String>> objects = cache.computeIfAbsent(bucket, b -> new TreeMap<>());
        List<S3Object> listed = new ArrayList<>();
        localStack.s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().forEach(listed::add);
        for (S3Object o : listed) {
            objects.computeIfAbsent(o.key(), key -> {
                String body = localStack.s3().getObjectAsBytes(r -> r.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
                List<String> lines = new ArrayList<>();
                for (String line : body.split("\\R")) {
                    if (!line.isBlank()) {
                        lines.add(line);
                    }
                }
                return lines;
            });
        }
        List<String> all = new ArrayList<>();
        objects.values().forEach(all::addAll);
        return all;
    }
}
