package io.orderstream.job.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderstream.job.KafkaStreamingJob;
import io.orderstream.job.TestOrders;
import io.orderstream.job.dlq.DlqOutput;
import io.orderstream.job.model.OrderEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.StateBackendLoader;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rocksdb.CompactionStyle;
import org.rocksdb.CompressionType;
import org.slf4j.LoggerFactory;

/**
 * The RocksDB instance that holds dedup state, created from the job's configuration the way a
 * TaskManager creates it: the cluster picks RocksDB (as MSF does), the job's settings are laid over.
 */
class DedupOnRocksDbTest {
    @TempDir
    Path localDir;
    /** Where the restored instance lives, apart from the one that wrote the checkpoint. */
    @TempDir
    Path restoredLocalDir;

    /**
     * Nearly every dedup read asks for an id that is not there: a bloom filter answers it without a
     * data block. Index and filter are partitioned, so that a lookup in a large file loads a small
     * partition of each into the block cache, not the file's whole index and filter. Compaction is
     * universal: ids are inserted at random and never updated, and leveled compaction rewrote all of
     * L1 for every few MB of new ids. Files are compressed with LZ4, cheaper to write than Snappy.
     * The memtable has a bloom filter of its own, so that a new id does not search it to its end.
     */
    @Test
    void orderIdsAreKeptWithUniversalCompactionInLz4FilesAndLookedUpThroughBloomFilters() throws Exception {
        try (var harness = dedupOn(KafkaStreamingJob.executionConfiguration(), localDir)) {
            harness.open();
            harness.processElement(TestOrders.event("ORD-1"), 1L);
            assertThat(harness.extractOutputValues()).hasSize(1);

            String options = newestOptionsFile(localDir);
            assertThat(section(options, "TableOptions/BlockBasedTable \"order-id-seen\"")).contains(
                    "filter_policy=bloomfilter", "partition_filters=true", "index_type=kTwoLevelIndexSearch");
            assertThat(section(options, "CFOptions \"order-id-seen\"")).contains(
                    "compaction_style=kCompactionStyleUniversal", "compression_per_level=kLZ4Compression",
                    "memtable_whole_key_filtering=true", "memtable_prefix_bloom_size_ratio=0.010000");
        }
    }

    /**
     * A checkpoint flushes every RocksDB instance of the TaskManager at once: each may run four flushes
     * at once, on as many threads. Compaction keeps the threads RocksDB derives from Flink's background
     * jobs: one of Flink's default two, six of eight.
     */
    @ParameterizedTest
    @CsvSource({"2, 1", "8, 6"})
    void flushesRunFourAtOnceAndCompactionKeepsItsThreads(int backgroundJobs, int compactions) throws Exception {
        Configuration job = KafkaStreamingJob.executionConfiguration();
        job.set(RocksDBConfigurableOptions.MAX_BACKGROUND_THREADS, backgroundJobs);
        try (var harness = dedupOn(job, localDir)) {
            harness.open();
            harness.processElement(TestOrders.event("ORD-1"), 1L);

            assertThat(section(newestOptionsFile(localDir), "DBOptions")).contains("max_background_flushes=4",
                    "max_background_compactions=" + compactions, "max_background_jobs=" + backgroundJobs);
        }
    }

    /**
     * A job upgraded from a version with leveled compaction, Snappy and no memtable filter restores the files of its
     * incremental checkpoint as they are: the order ids in them are still known.
     */
    @Test
    void anIncrementalCheckpointWrittenWithLeveledCompactionAndSnappyIsRestoredWithItsOrderIds() throws Exception {
        Configuration before = KafkaStreamingJob.executionConfiguration();
        before.set(RocksDBConfigurableOptions.COMPACTION_STYLE, CompactionStyle.LEVEL);
        before.set(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL, List.of(CompressionType.SNAPPY_COMPRESSION));
        before.removeConfig(RocksDBOptions.OPTIONS_FACTORY);
        OperatorSubtaskState checkpoint;
        try (var harness = dedupOn(before, localDir)) {
            harness.open();
            harness.processElement(TestOrders.event("ORD-1"), 1L);
            checkpoint = harness.snapshot(1L, 1L);
            assertThat(newestOptionsFile(localDir)).contains("compaction_style=kCompactionStyleLevel",
                    "compression_per_level=kSnappyCompression");
        }

        try (var harness = dedupOn(KafkaStreamingJob.executionConfiguration(), restoredLocalDir)) {
            harness.initializeState(checkpoint);
            harness.open();
            harness.processElement(TestOrders.event("ORD-1"), 2L);
            harness.processElement(TestOrders.event("ORD-2"), 2L);

            assertThat(harness.extractOutputValues()).extracting(e -> e.order.orderId).containsExactly("ORD-2");
            assertThat(harness.getSideOutput(DlqOutput.TAG)).extracting(r -> r.getValue().orderId).containsExactly("ORD-1");
            assertThat(newestOptionsFile(restoredLocalDir)).contains("compaction_style=kCompactionStyleUniversal",
                    "compression_per_level=kLZ4Compression");
        }
    }

    /**
     * Dedup on RocksDB created the way a TaskManager creates it: the cluster picks RocksDB with
     * incremental checkpoints (as MSF does), the job's configuration is laid over it.
     */
    private KeyedOneInputStreamOperatorTestHarness<String, OrderEvent, OrderEvent> dedupOn(Configuration job,
                                                                                         Path localDir)
            throws Exception {
        Configuration cluster = new Configuration();
        cluster.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        cluster.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        cluster.set(RocksDBOptions.LOCAL_DIRECTORIES, localDir.toString());
        StateBackend backend = StateBackendLoader.fromApplicationOrConfigOrDefault(null, job, cluster,
                getClass().getClassLoader(), LoggerFactory.getLogger(DedupOnRocksDbTest.class));
        var harness = new KeyedOneInputStreamOperatorTestHarness<String, OrderEvent, OrderEvent>(
                new KeyedProcessOperator<>(new DeduplicateOrders(Duration.ofHours(24))), e -> e.order.orderId, Types.STRING);
        harness.setStateBackend(backend);
        return harness;
    }

    /** The newest OPTIONS file RocksDB wrote to its instance directory: the options of every column family (one per state). */
    private static String newestOptionsFile(Path localDir) throws IOException {
        List<Path> optionFiles;
        try (Stream<Path> files = Files.walk(localDir)) {
            optionFiles = files.filter(f -> f.getFileName().toString().startsWith("OPTIONS-")).sorted().toList();
        }
        assertThat(optionFiles).as("RocksDB OPTIONS files under %s", localDir).isNotEmpty();
        return Files.readString(optionFiles.get(optionFiles.size() - 1));
    }

    /** One {@code [section]} of an OPTIONS file, without its header. */
    private static String section(String options, String name) {
        String header = "[" + name + "]";
        assertThat(options).contains(header);
        String section = options.substring(options.indexOf(header) + header.length());
        int next = section.indexOf("\n[");
        return next < 0 ? section : section.substring(0, next);
    }
}
