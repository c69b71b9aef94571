package io.orderstream.job;

import io.orderstream.job.config.ConfigLoader;
import io.orderstream.job.config.InvalidConfigurationException;
import io.orderstream.job.config.JobConfig;
import io.orderstream.job.sink.FirehoseSinks;
import io.orderstream.job.source.OrderKafkaSource;
import io.orderstream.job.state.JobRocksDbOptions;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.rocksdb.CompactionStyle;
import org.rocksdb.CompressionType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point, on Managed Service for Apache Flink and with {@code flink run}: reads and validates
 * the configuration, then builds {@link OrderPipeline} from Kafka to the three Firehose streams.
 */
public final class KafkaStreamingJob {
    public static final String JOB_NAME = "KafkaStreamingJob";
    private static final Logger LOG = LoggerFactory.getLogger(KafkaStreamingJob.class);

    private KafkaStreamingJob() {}

    public static void main(String[] args) throws Exception {
        ConfigLoader.Loaded loaded;
        try {
            loaded = ConfigLoader.load(args);
        } catch (InvalidConfigurationException e) {
            LOG.error(e.getMessage());
            throw e;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        define(env, loaded.config(), loaded.managedFlink());
        env.execute(JOB_NAME);
    }

    /**
     * Puts the whole job on {@code env}: the one place main, the tests and the local run share.
     * Checkpointing is configured here except on MSF, where the application's configuration rules.
     */
    public static void define(StreamExecutionEnvironment env, JobConfig config, boolean managedFlink) {
        if (!managedFlink) {
            env.configure(CheckpointSetup.toFlinkConfiguration(config.checkpoints()));
        }
        configureExecution(env);
        OrderPipeline.build(env, config, OrderKafkaSource.create(config.kafka(), config.maxRecordBytes()), FirehoseSinks.create(config.firehose(), config.metrics()));
    }

    /**
     * How the job runs on every cluster (the benchmark applies it too): how records travel between its
     * operators, and how its RocksDB state is read.
     *
     * <p>Every type has an explicit serializer: a silent Kryo fallback fails at start, not in production.
     *
     * <p>Object reuse: chained operators hand a record on without a deep copy (the copy through the
     * reflective POJO serializer was the hottest code in the profile). That is safe only while no
     * function keeps or changes a record after emitting it, or keeps an input across calls; checked
     * stage by stage: the Kafka deserializer, parse, validate and dedup emit new objects or their input
     * unchanged; Flink's AsyncWaitOperator copies its input itself when reuse is on, so its queue never
     * holds a reused object; enrichment builds a new EnrichedOrder per order whose Customer is shared
     * with the cache but never changed by anyone; route-late changes the order before emitting it, and
     * its only chained consumer (observe-orders) reads it; mark-first and the windows read from the
     * network, which always deserializes new objects, and keep only immutable values (String,
     * BigDecimal) of their input; the sinks turn each record into bytes in write(), so the Firehose
     * writer's buffer holds bytes, not records; DLQ records and side-output values are new per record.
     * A function that changes that must copy what it keeps.
     *
     * <p>RocksDB bloom filters: nearly every order's read of dedup state asks for an order id that
     * is not there, and without a filter RocksDB answers "not there" only after searching a data
     * block of every level, which grows with the state (tens of millions of ids within the 24-h
     * TTL). Partitioned index and filters: with Flink's managed memory, index and filter blocks live
     * in the block cache, which RocksDB splits into shards of a few MB; a 60-MB file's whole index
     * (1.5 MB) and filter (7 MB) hardly fit a shard, were evicted and read back again and again, and
     * took dedup from 56 k to ~1.4 k orders/s once its state held ~6 M ids (found by the benchmark's
     * soak). Partitioned, a lookup loads only the small partitions it needs.
     *
     * <p>RocksDB universal compaction: dedup inserts tens of millions of random order ids and never
     * changes one. With leveled compaction (RocksDB's default) every L0 compaction rewrote the whole
     * of L1 (up to 256 MB per subtask) to merge ~20 MB of new ids, so compaction took a growing share
     * of the cores (0.1 to 0.55 of a core in 17 minutes) until the job, at half its maximum rate, fell
     * behind (found by the benchmark's soak, measured in RocksDB's log). Universal compaction merges
     * runs of similar size: over the same 30 minutes it wrote 7.4 GB instead of 13.5 GB, with half the
     * CPU, and kept up; a lookup of a new id is still answered by each run's bloom filter.
     *
     * <p>RocksDB's files are compressed with LZ4 rather than Snappy (Flink's default; RocksDB's own
     * tuning guide recommends LZ4): a checkpoint waits for dedup's memtable flush, and with LZ4 that
     * flush took a quarter less CPU (66-70 ms instead of 90-94 ms for 13 MB of order ids) and
     * compaction 10-15 % less, for files of the same size ({@code ./bench/run.sh flush}).
     *
     * <p>All RocksDB settings are in the job's configuration, which Flink lays over the cluster's when
     * it creates the state backend, so they apply on MSF too; the heap backend ignores them.
     */
    public static void configureExecution(StreamExecutionEnvironment env) {
        env.configure(executionConfiguration());
    }

    /** What {@link #configureExecution} puts in the job's configuration. */
    public static Configuration executionConfiguration() {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        conf.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
        conf.set(RocksDBOptions.USE_PARTITIONED_INDEX_FILTERS, true);
        conf.set(RocksDBConfigurableOptions.COMPACTION_STYLE, CompactionStyle.UNIVERSAL);
        conf.set(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL, List.of(CompressionType.LZ4_COMPRESSION));
        conf.set(RocksDBOptions.OPTIONS_FACTORY, JobRocksDbOptions.class.getName());
        return conf;
    }
}
