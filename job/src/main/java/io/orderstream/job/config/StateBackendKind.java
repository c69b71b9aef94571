package io.orderstream.job.config;

/** State backend of a self-managed cluster. */
public enum StateBackendKind {
    /** RocksDB with incremental checkpoints: state larger than memory (10M+ dedup keys). */
    ROCKSDB,
    /** Heap state: fastest, bounded by TaskManager memory. */
    HASHMAP
}
