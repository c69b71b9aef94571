package io.orderstream.dlq;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Joins the parts of split DLQ records (a record too large for one Firehose record, see
 * {@link DlqRecord#payloadPart()}) back into whole records. The parts of one record share its
 * position and processing time (a Kafka record the job processed twice, after a restart, is two
 * records); they can be in different S3 objects, in any order, and any of them can be delivered
 * twice (Firehose delivers at least once): a repeated part line is kept once. A record whose parts
 * were not all read, or disagree, is not joined but reported, so it is never replayed.
 */
final class DlqParts {

    /** The record a part belongs to. */
    private record RecordKey(String topic, int partition, long offset, Instant processingTime) {}

    /** A part line and where it was read ({@code s3://bucket/key line N}). */
    private record PartLine(DlqRecord part, String where) {}

    /**
     * @param records the joined records, in the order their first part was read
     * @param unjoined one message per record that could not be joined, naming its position and why
     * @param duplicateLines part lines that repeat one already read
     */
    record Joined(List<DlqRecord> records, List<String> unjoined, int duplicateLines) {}

    /** Written the same in every part of a record (source and processing_time are its key). */
    private static final List<Map.Entry<String, Function<DlqRecord, Object>>> SAME_IN_EVERY_PART = List.of(
            Map.entry("payload_part.count", r -> r.payloadPart().count()),
            Map.entry("payload_part.payload_bytes", r -> r.payloadPart().payloadBytes()),
            Map.entry("error_type", DlqRecord::errorType),
            Map.entry("error_rule", DlqRecord::errorRule),
            Map.entry("replay_of", DlqRecord::replayOf),
            Map.entry("source.kafka_timestamp", DlqRecord::kafkaTimestamp));

    /** Missing part indices named in a message; the rest are counted. */
    private static final int MISSING_LISTED = 10;

    private final Map<RecordKey, List<PartLine>> partsByRecord = new LinkedHashMap<>();
    private int duplicateLines;

    /** Takes one part line ({@code part.payloadPart()} set); {@code where} names it in messages. */
    void add(DlqRecord part, String where) {
        List<PartLine> lines = partsByRecord.computeIfAbsent(
                new RecordKey(part.topic(), part.partition(), part.offset(), part.processingTime()),
                k -> new ArrayList<>());
        for (PartLine line : lines) {
            if (line.part().json().equals(part.json())) {
                duplicateLines++;
                return;
            }
        }
        // A different line with the same index is kept too: join() reports the record rather than pick one.
        lines.add(new PartLine(part, where));
    }

    /** Joins every record whose parts were added. */
    Joined join() {
        List<DlqRecord> records = new ArrayList<>();
        List<String> unjoined = new ArrayList<>();
        partsByRecord.forEach((key, lines) -> {
            try {
                records.add(join(lines));
            } catch (Unjoinable e) {
                unjoined.add(key.topic() + "-" + key.partition() + "@" + key.offset() + " processed at "
                        + key.processingTime() + ": " + e.getMessage());
            }
        });
        return new Joined(List.copyOf(records), List.copyOf(unjoined), duplicateLines);
    }

    private static DlqRecord join(List<PartLine> lines) throws Unjoinable {
        checkAgreement(lines);
        DlqRecord.PayloadPart shared = lines.get(0).part().payloadPart();
        // Sparse: count comes from the line, and a corrupt one must not size an array.
        SortedMap<Integer, PartLine> byIndex = new TreeMap<>();
        for (PartLine line : lines) {
            PartLine other = byIndex.putIfAbsent(line.part().payloadPart().index(), line);
            if (other != null) {
                throw new Unjoinable("part " + line.part().payloadPart().index() + " differs between "
                        + other.where() + " and " + line.where());
            }
        }
        checkComplete(byIndex, shared.count());
        List<byte[]> slices = new ArrayList<>();
        long length = 0;
        for (PartLine line : byIndex.values()) {
            byte[] slice = line.part().payloadBytes();
            slices.add(slice);
            length += slice.length;
        }
        if (length != shared.payloadBytes()) {
            throw new Unjoinable("the parts hold " + length + " bytes, payload_part.payload_bytes says "
                    + shared.payloadBytes());
        }
        byte[] payload = new byte[shared.payloadBytes()];
        int at = 0;
        for (byte[] slice : slices) {
            System.arraycopy(slice, 0, payload, at, slice.length);
            at += slice.length;
        }
        return byIndex.get(0).part().withWholePayload(payload);
    }

    private static void checkAgreement(List<PartLine> lines) throws Unjoinable {
        List<String> disagreements = new ArrayList<>();
        for (Map.Entry<String, Function<DlqRecord, Object>> field : SAME_IN_EVERY_PART) {
            Map<Object, List<String>> whereByValue = new LinkedHashMap<>();
            for (PartLine line : lines) {
                whereByValue.computeIfAbsent(field.getValue().apply(line.part()), v -> new ArrayList<>()).add(line.where());
            }
            if (whereByValue.size() > 1) {
                List<String> values = new ArrayList<>();
                whereByValue.forEach((value, where) -> values.add((value == null ? "none" : value) + " at "
                        + String.join(", ", where)));
                disagreements.add(field.getKey() + " (" + String.join("; ", values) + ")");
            }
        }
        if (!disagreements.isEmpty()) {
            throw new Unjoinable("the parts disagree on " + String.join(", ", disagreements));
        }
    }

    private static void checkComplete(SortedMap<Integer, PartLine> byIndex, int count) throws Unjoinable {
        int missingCount = count - byIndex.size();
        if (missingCount == 0) {
            return;
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < count && missing.size() < MISSING_LISTED; i++) {
            if (!byIndex.containsKey(i)) {
                missing.add(String.valueOf(i));
            }
        }
        List<String> read = new ArrayList<>();
        byIndex.forEach((index, line) -> read.add(index + " at " + line.where()));
        throw new Unjoinable("part(s) " + String.join(", ", missing)
                + (missingCount > missing.size() ? " and " + (missingCount - missing.size()) + " more" : "")
                + " of 0.." + (count - 1) + " not found (read: " + String.join("; ", read) + "); the others may be"
                + " in objects not read (outside --prefix) or not delivered yet");
    }

    /** Why a record's parts do not make the record. */
    private static final class Unjoinable extends Exception {
        Unjoinable(String message) {
            super(message);
        }
    }
}
