package io.orderstream.job.dedup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.java.tuple.Tuple2;

/**
 * The bytes a state with a processing-time TTL holds, tallied as it is written. Flink gives a user
 * function no way to read its state backend's size, but dedup writes each entry once and never
 * updates it (TTL {@code OnCreateAndWrite}), so every entry expires exactly {@code ttl} after its
 * write: adding each write's bytes to the bucket of its processing time, and dropping a bucket once
 * its last entry has expired, gives the bytes of the live entries, exact to one bucket
 * ({@code ttl} / {@value #MAX_BUCKETS}: one minute for 24 h).
 *
 * <p>The buckets are this subtask's part of operator list state ({@link #buckets()} / {@link #restore}):
 * after a restore or a rescale each subtask gets some of the buckets of the old subtasks, so the
 * per-subtask tallies no longer follow the key groups, but their sum over the job stays exact.
 *
 * <p>Thread-safe: the task thread adds, the metrics publisher reads.
 */
final class StateBytesTally {
    /** At most this many buckets over one TTL: bounds the operator state to ~23 kB per subtask. */
    static final int MAX_BUCKETS = 1440;

    private final long ttlMillis;
    private final long bucketMillis;
    /** Bucket start (processing time) → bytes written in the bucket that have not expired. */
    private final TreeMap<Long, Long> buckets = new TreeMap<>();
    private long total;

    StateBytesTally(Duration ttl) {
        this.ttlMillis = ttl.toMillis();
        this.bucketMillis = Math.max(1, (ttlMillis + MAX_BUCKETS - 1) / MAX_BUCKETS);
    }

    /** {@code bytes} written at processing time {@code now}. */
    synchronized void add(long now, long bytes) {
        expire(now);
        buckets.merge(now - Math.floorMod(now, bucketMillis), bytes, Long::sum);
        total += bytes;
    }

    /** The bytes of entries that have not expired at {@code now}. */
    synchronized long bytesAt(long now) {
        expire(now);
        return total;
    }

    /**
     * Drops every bucket whose last possible entry (written at bucket start + bucketMillis - 1) has
     * expired: Flink's TTL treats an entry as expired once write time + ttl &lt;= now.
     */
    private void expire(long now) {
        while (!buckets.isEmpty()) {
            Map.Entry<Long, Long> oldest = buckets.firstEntry();
            if (oldest.getKey() + bucketMillis - 1 + ttlMillis > now) {
                return;
            }
            total -= oldest.getValue();
            buckets.pollFirstEntry();
        }
    }

    /** (bucket start, bytes) of every live bucket, for the operator state. */
    synchronized List<Tuple2<Long, Long>> buckets() {
        List<Tuple2<Long, Long>> out = new ArrayList<>(buckets.size());
        buckets.forEach((start, bytes) -> out.add(Tuple2.of(start, bytes)));
        return out;
    }

    /** Adds restored buckets (from any old subtask: buckets of the same start merge). */
    synchronized void restore(Iterable<Tuple2<Long, Long>> restored) {
        for (Tuple2<Long, Long> b : restored) {
            buckets.merge(b.f0 - Math.floorMod(b.f0, bucketMillis), b.f1, Long::sum);
            total += b.f1;
        }
    }

    /** Live buckets (tests: the operator state stays bounded). */
    synchronized int bucketCount() {
        return buckets.size();
    }
}
