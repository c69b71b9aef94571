package io.orderstream.job;

import io.orderstream.job.config.JobConfig;
import io.orderstream.job.config.StateBackendKind;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;

/**
 * Exactly-once checkpointing for self-managed clusters and the local run. On Managed Service for
 * Apache Flink the application's checkpoint configuration (set by the CDK app) rules instead.
 */
public final class CheckpointSetup {
    private CheckpointSetup() {}

    public static Configuration toFlinkConfiguration(JobConfig.Checkpoints c) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, c.interval());
        conf.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, c.timeout());
        conf.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, c.minPause());
        conf.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, c.tolerableFailures());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, c.retainOnCancel()
                ? ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION
                : ExternalizedCheckpointRetention.DELETE_ON_CANCELLATION);
        if (c.stateBackend() == StateBackendKind.ROCKSDB) {
            conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
            conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
            // State size per operator in Flink's metric groups (rocksdb.total-sst-files-size): a cheap
            // RocksDB property read, the closest thing to "state size" a task can see.
            conf.setString("state.backend.rocksdb.metrics.total-sst-files-size", "true");
        } else {
            conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        }
        if (c.dir() != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, c.dir());
        }
        return conf;
    }
}
