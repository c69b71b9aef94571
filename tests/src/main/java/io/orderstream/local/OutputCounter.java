package io.orderstream.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Follows what Firehose delivered into one bucket: reads each new S3 object once, returns its JSON lines
 * and appends them to a local copy ({@code <work dir>/outputs/<bucket>.jsonl}), which outlives the run's
 * LocalStack. Counts distinct source positions: Firehose delivers at least once, so a line can come twice.
 */
final class OutputCounter implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client s3;
    private final String bucket;
    private final Path copy;
    private final Writer copyWriter;
    private final Set<String> seenKeys = new HashSet<>();
    private final Set<String> positions = new HashSet<>();
    private String prefix = "";
    private long lines;
    private long repeats;
    private long unreadable;

    OutputCounter(S3Client s3, String bucket, Path outputDir) {
        this.s3 = s3;
        this.bucket = bucket;
        try {
            Files.createDirectories(outputDir);
            this.copy = outputDir.resolve(bucket + ".jsonl");
            this.copyWriter = Files.newBufferedWriter(copy, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of the objects that appeared since the last poll, each new source position once. */
    synchronized List<JsonNode> poll() {
        List<S3Object> fresh = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket)).contents()) {
            if (!seenKeys.contains(object.key())) {
                fresh.add(object);
            }
        }
        fresh.sort(Comparator.comparing(S3Object::key));
        List<JsonNode> out = new ArrayList<>();
        for (S3Object object : fresh) {
            String body = s3.getObjectAsBytes(r -> r.bucket(bucket).key(object.key())).asString(StandardCharsets.UTF_8);
            seenKeys.add(object.key());
            if (prefix.isEmpty() && object.key().indexOf('/') > 0) {
                prefix = object.key().substring(0, object.key().indexOf('/') + 1);
            }
            for (String line : body.split("\\R")) {
                if (line.isBlank()) {
                    continue;
                }
                lines++;
                try {
                    copyWriter.write(line);
                    copyWriter.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException e) {
                    unreadable++;
                    continue;
                }
                if (!positions.add(position(node))) {
                    repeats++;
                    continue;
                }
                out.add(node);
            }
        }
        try {
            copyWriter.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * {@code partition@offset} of the Kafka record an output line came from; for a window aggregate its
     * identity, window start and revision.
     */
    static String position(JsonNode node) {
        JsonNode source = node.path("source");
        if (source.isMissingNode()) {
            return "window " + node.path("window_start").asText() + "#" + node.path("revision").asInt();
        }
        return source.path("partition").asInt() + "@" + source.path("offset").asLong();
    }

    String bucket() {
        return bucket;
    }

    /** Where the objects are: {@code s3://bucket/<top-level prefix of the delivery stream>}. */
    synchronized String location() {
        return "s3://" + bucket + "/" + prefix;
    }

    Path copy() {
        return copy;
    }

    /** Distinct source positions (aggregates: distinct window revisions) seen. */
    synchronized long distinct() {
        return positions.size();
    }

    synchronized boolean contains(String position) {
        return positions.contains(position);
    }

    synchronized long lines() {
        return lines;
    }

    /** Lines whose source position was already delivered (Firehose's at-least-once). */
    synchronized long repeats() {
        return repeats;
    }

    synchronized long unreadable() {
        return unreadable;
    }

    @Override
    public synchronized void close() {
        try {
            copyWriter.close();
        } catch (IOException ignored) {
            // best effort
        }
    }
}
