package io.orderstream.job.state;

import java.util.Collection;
import org.apache.flink.state.rocksdb.RocksDBOptionsFactory;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;

/**
 * The RocksDB options the job sets that Flink's configuration cannot express (named in
 * {@code KafkaStreamingJob.executionConfiguration()}, so MSF applies them too): a bloom filter over
 * the whole keys of each memtable, and flushes that do not queue behind each other at a checkpoint.
 *
 * <p><b>Memtable filter.</b> Nearly every order id dedup looks up is new, and a lookup of a key that
 * is not there searched the memtable's skip list to its end first: a dozen or more cache-missing steps
 * through up to a checkpoint interval of ids, ~12 % of the dedup chain's CPU in the profile
 * (BENCHMARKS, round 10). With the filter most such lookups leave the memtable after one probe:
 * {@code RocksDB.get} fell from 37 % to 27 % of the dedup chain's CPU samples. The filter takes
 * {@link #MEMTABLE_FILTER_SIZE_RATIO} of the write buffer (64 MB): 0.64 MB, ~9 bits for each of the
 * ~550,000 ids a dedup subtask writes in a 10-s checkpoint interval at 110 k orders/s, counted in the
 * managed memory like the write buffer itself. Flink gives every state the same options, so every
 * state's memtable has one. RocksDB's suggested 0.1 (6.4 MB each) made the job 2.6x slower in one
 * benchmark run; not diagnosed further.
 *
 * <p><b>Flushes.</b> A checkpoint's synchronous part flushes the memtables of every RocksDB instance
 * of the TaskManager (one per stateful subtask) at once, and a task processes nothing until its own
 * are on disk. RocksDB runs flushes on one pool of the process, and Flink's two background jobs
 * ({@code state.backend.rocksdb.thread.num}) give it one thread: the dedup subtasks' flushes waited
 * for each other, and the small stages' tiny ones for both, up to ~1 s per checkpoint. With
 * {@link #FLUSHES_AT_ONCE} flushes per instance, and as many threads in the pool, the median checkpoint
 * took 40 % less time and the small stages' synchronous parts ~270 ms (BENCHMARKS, round 11). That is
 * latency: the drain's rate, limited by CPU, did not change.
 *
 * <p>Once the flush limit is set, RocksDB reads the compaction limit as set instead of deriving both
 * from the background jobs, so it is set to what RocksDB derived before: one thread for Flink's
 * default. More compactions at once would take the cores the tasks need (BENCHMARKS, round 8).
 */
public final class JobRocksDbOptions implements RocksDBOptionsFactory {
    private static final long serialVersionUID = 1L;
    /** The memtable filter's share of a write buffer. */
    static final double MEMTABLE_FILTER_SIZE_RATIO = 0.01;
    /** Flushes one RocksDB instance may run at once, and so the threads of the process's flush pool. */
    static final int FLUSHES_AT_ONCE = 4;

    @Override
    public DBOptions createDBOptions(DBOptions currentOptions, Collection<AutoCloseable> handlesToClose) {
        return currentOptions.setMaxBackgroundFlushes(FLUSHES_AT_ONCE)
                .setMaxBackgroundCompactions(compactionsOf(currentOptions.maxBackgroundJobs()));
    }

    /** The compactions RocksDB runs at once for so many background jobs when neither limit is set. */
    private static int compactionsOf(int backgroundJobs) {
        return Math.max(1, backgroundJobs - Math.max(1, backgroundJobs / 4));
    }

    @Override
    public ColumnFamilyOptions createColumnOptions(ColumnFamilyOptions currentOptions,
                                                   Collection<AutoCloseable> handlesToClose) {
        // No prefix extractor: the filter holds whole keys, which is what a point lookup probes.
        return currentOptions.setMemtablePrefixBloomSizeRatio(MEMTABLE_FILTER_SIZE_RATIO)
                .setMemtableWholeKeyFiltering(true);
    }
}
