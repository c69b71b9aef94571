package io.orderstream.job.state;

import java.util.Collection;
import org.apache.flink.state.rocksdb.RocksDBOptionsFactory;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;

/**
 * RocksDB options the job adds to Flink's (named in {@code KafkaStreamingJob.executionConfiguration()}):
 * a bloom filter over the whole keys of each memtable.
 *
 * <p>Nearly every order id dedup looks up is new, and a lookup of a key that is not there searched
 * the memtable's skip list to its end first: a dozen or more cache-missing steps through up to a
 * checkpoint interval of ids, ~12 % of the dedup chain's CPU in the profile (BENCHMARKS, round 10).
 * With the filter most such lookups leave the memtable after one probe: {@code RocksDB.get} fell
 * from 37 % to 27 % of the dedup chain's CPU samples.
 *
 * <p>The filter takes {@link #SIZE_RATIO} of the write buffer (64 MB): 0.64 MB, ~9 bits for each of
 * the ~550,000 ids a dedup subtask writes in a 10-s checkpoint interval at 110 k orders/s, counted
 * in the managed memory like the write buffer itself. Flink gives every state the same options, so
 * every state's memtable has one. RocksDB's suggested 0.1 (6.4 MB each) made the job 2.6x slower
 * in one benchmark run; not diagnosed further.
 */
public final class MemtableBloomFilter implements RocksDBOptionsFactory {
    private static final long serialVersionUID = 1L;
    /** The filter's share of a write buffer. */
    static final double SIZE_RATIO = 0.01;

    @Override
    public DBOptions createDBOptions(DBOptions currentOptions, Collection<AutoCloseable> handlesToClose) {
        return currentOptions;
    }

    @Override
    public ColumnFamilyOptions createColumnOptions(ColumnFamilyOptions currentOptions,
                                                   Collection<AutoCloseable> handlesToClose) {
        // No prefix extractor: the filter holds whole keys, which is what a point lookup probes.
        return currentOptions.setMemtablePrefixBloomSizeRatio(SIZE_RATIO).setMemtableWholeKeyFiltering(true);
    }
}
