package io.orderstream.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Follows what Firehose delivered into one bucket, reading each new S3 object once. */
final class OutputCounter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client s3;
    private final String bucket;
    private final Set<String> seenKeys = new HashSet<>();
    private final Map<String, Long> counts = new TreeMap<>();
    private long lines;

    OutputCounter(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** Reads new objects; each new line is counted under {@code classifier(line)} and given to {@code each}. */
    void poll(java.util.function.Function<JsonNode, String> classifier, Consumer<JsonNode> each) {
        for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket)).contents()) {
            if (!seenKeys.add(object.key())) {
                continue;
            }
            String body = s3.getObjectAsBytes(r -> r.bucket(bucket).key(object.key())).asString(StandardCharsets.UTF_8);
            for (String line : body.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode node = JSON.readTree(line);
                    counts.merge(classifier.apply(node), 1L, Long::sum);
                    each.accept(node);
                    lines++;
                } catch (Exception e) {
                    counts.merge("unreadable", 1L, Long::sum);
                }
            }
        }
    }

    long lines() {
        return lines;
    }

    Map<String, Long> counts() {
        return counts;
    }
}
