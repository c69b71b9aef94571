package io.orderstream.dlq;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads DLQ records from the DLQ bucket: every object under a prefix (Firehose writes
 * {@code <prefix>YYYY/MM/DD/HH/<stream>-...}), in key order, one JSON line per record, plain or
 * gzip-compressed. Lines that are not DLQ records are reported, not fatal. The parts of a split
 * record are joined ({@link DlqParts}); one that cannot be joined is reported, not fatal. A position
 * seen twice (Firehose delivers at least once, so a DLQ line can be written twice) is kept once.
 */
public final class DlqStore {

    /**
     * The hour an object was written in, UTC: Firehose's default {@code YYYY/MM/DD/HH/}, or the
     * {@code year=YYYY/month=MM/day=DD/hour=HH/} prefix infra-cdk's delivery streams use.
     */
    private static final Pattern HOUR_PREFIX = Pattern.compile(
            "(?:^|/)(?:year=)?(\\d{4})/(?:month=)?(\\d{2})/(?:day=)?(\\d{2})/(?:hour=)?(\\d{2})/");

    /**
     * Firehose names an object after the arrival hour of its oldest record, and buffers for at most
     * 15 minutes; a record reaches Firehose after the job's processing_time. So an object under hour
     * H holds nothing processed at or after H + 1 h 15 min; 2 h leaves room for clock skew.
     */
    static final Duration OBJECT_HOUR_SLACK = Duration.ofHours(2);

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final String where;

    /** @param where how to name the S3 endpoint in errors (region and endpoint) */
    public DlqStore(S3Client s3, String bucket, String prefix, String where) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.where = where;
    }

    /**
     * What a read found: matching records (one per position, oldest first) and what was skipped:
     * lines that are not DLQ records, and matching split records whose parts cannot be joined.
     */
    public record ReadResult(
            List<DlqRecord> records,
            int objectsRead,
            int objectsSkipped,
            long lines,
            int duplicateLines,
            List<String> malformedLines,
            List<String> unjoinedRecords) {}

    public ReadResult read(DlqFilter filter) {
        checkBucket();
        List<S3Object> objects = new ArrayList<>();
        try {
            s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().forEach(objects::add);
        } catch (S3Exception e) {
            throw s3Failure("cannot list s3://" + bucket + "/" + prefix, e);
        }
        objects.sort(Comparator.comparing(S3Object::key));

        List<DlqRecord> records = new ArrayList<>();
        Set<String> positions = new HashSet<>();
        List<String> malformed = new ArrayList<>();
        DlqParts parts = new DlqParts();
        int read = 0;
        int skipped = 0;
        long lines = 0;
        int duplicates = 0;
        for (S3Object o : objects) {
            if (o.key().endsWith("/") || cannotHoldMatches(o.key(), filter.since())) {
                skipped++;
                continue;
            }
            read++;
            int lineNo = 0;
            for (String line : lines(o.key())) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                lines++;
                String where = "s3://" + bucket + "/" + o.key() + " line " + lineNo;
                DlqRecord r;
                try {
                    r = DlqRecord.parse(line, o.key());
                } catch (DlqRecord.MalformedLineException e) {
                    malformed.add(where + ": " + e.getMessage());
                    continue;
                }
                if (r.payloadPart() != null) {
                    // A part carries its record's error_type and processing_time, and the order_id the joined
                    // record takes: the filter decides on a part alone, and parts of records it drops are not held.
                    if (filter.matches(r)) {
                        parts.add(r, where);
                    }
                    continue;
                }
                if (!positions.add(r.position())) {
                    duplicates++;
                    continue;
                }
                if (filter.matches(r)) {
                    records.add(r);
                }
            }
        }
        // After every whole line: of a position read both whole and split, the whole line is kept.
        DlqParts.Joined joined = parts.join();
        for (DlqRecord r : joined.records()) {
            if (positions.add(r.position())) {
                records.add(r);
            } else {
                duplicates++;
            }
        }
        duplicates += joined.duplicateLines();
        records.sort(Comparator.comparing(DlqRecord::processingTime)
                .thenComparing(DlqRecord::topic)
                .thenComparingInt(DlqRecord::partition)
                .thenComparingLong(DlqRecord::offset));
        return new ReadResult(List.copyOf(records), read, skipped, lines, duplicates, List.copyOf(malformed),
                joined.unjoined());
    }

    /** True when the key sits under an hour prefix too old to hold a record processed at or after {@code since}. */
    static boolean cannotHoldMatches(String key, Instant since) {
        if (since == null) {
            return false;
        }
        Matcher m = HOUR_PREFIX.matcher(key);
        if (!m.find()) {
            return false;
        }
        try {
            Instant hour = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), 0).toInstant(ZoneOffset.UTC);
            return !hour.plus(OBJECT_HOUR_SLACK).isAfter(since);
        } catch (java.time.DateTimeException notADate) {
            return false;
        }
    }

    private void checkBucket() {
        try {
            s3.headBucket(r -> r.bucket(bucket));
        } catch (NoSuchBucketException e) {
            throw new ToolException("DLQ bucket '" + bucket + "' does not exist (" + where + ")");
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new ToolException("DLQ bucket '" + bucket + "' does not exist (" + where + ")");
            }
            throw s3Failure("cannot access DLQ bucket '" + bucket + "'", e);
        } catch (SdkClientException e) {
            if (String.valueOf(e.getMessage()).contains("Unable to load credentials")) {
                throw new ToolException("no AWS credentials found by the default chain (environment, profile / SSO,"
                        + " web identity, container or instance role); log in (e.g. aws sso login) or set AWS_PROFILE", e);
            }
            throw new ToolException("cannot reach S3 (" + where + "): " + e.getMessage(), e);
        }
    }

    private ToolException s3Failure(String what, S3Exception e) {
        String hint = e.statusCode() == 403
                ? " (access denied: the tool needs s3:ListBucket and s3:GetObject on the bucket)"
                : "";
        return new ToolException(what + " (" + where + "): " + e.statusCode() + " "
                + (e.awsErrorDetails() != null ? e.awsErrorDetails().errorMessage() : e.getMessage()) + hint, e);
    }

    private List<String> lines(String key) {
        byte[] bytes;
        try {
            bytes = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
        } catch (S3Exception e) {
            throw s3Failure("cannot read s3://" + bucket + "/" + key, e);
        }
        if (bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("s3://" + bucket + "/" + key + " is not valid gzip", e);
            }
        }
        // The job writes JSON with non-ASCII escaped or as UTF-8; the payload itself is already text or base64.
        String body = new String(bytes, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        for (String line : body.split("\n", -1)) {
            out.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        }
        return out;
    }
}
