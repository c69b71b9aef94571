package io.orderstream.harness;

import io.orderstream.job.KafkaStreamingJob;
import io.orderstream.job.config.JobConfig;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.util.TestStreamEnvironment;

/**
 * A real Flink cluster in this JVM (Flink's MiniCluster): JobManager, TaskManagers, checkpoint
 * coordinator and REST API/Web UI, running the job exactly as {@code flink run} would define it.
 * TaskManagers can be killed and added to test recovery.
 */
public final class LocalFlinkCluster implements AutoCloseable {
    private final MiniCluster miniCluster;
    private final int parallelism;

    private LocalFlinkCluster(MiniCluster miniCluster, int parallelism) {
        this.miniCluster = miniCluster;
        this.parallelism = parallelism;
    }

    /**
     * @param restPort 0 for any free port; 8081 for the Web UI at its usual address
     */
    public static LocalFlinkCluster start(int taskManagers, int slotsPerTaskManager, int parallelism, int restPort)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.PORT, restPort);
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "20");
        conf.setString("restart-strategy.fixed-delay.delay", "1 s");
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(taskManagers)
                .setNumSlotsPerTaskManager(slotsPerTaskManager)
                .build());
        cluster.start();
        return new LocalFlinkCluster(cluster, parallelism);
    }

    /** Validates the properties like the real job does and submits the job; returns at once. */
    public JobClient submit(Map<String, String> jobProperties) throws Exception {
        JobConfig config = JobConfig.fromProperties(jobProperties);
        TestStreamEnvironment env = new TestStreamEnvironment(miniCluster, parallelism);
        KafkaStreamingJob.define(env, config, false);
        return env.executeAsync(KafkaStreamingJob.JOB_NAME);
    }

    /**
     * Submits the job at {@code parallelism} (not the cluster's default), restored from
     * {@code savepointPath} when not null: how a stopped job is resumed or rescaled.
     */
    public JobClient submit(Map<String, String> jobProperties, int parallelism, String savepointPath) throws Exception {
        JobConfig config = JobConfig.fromProperties(jobProperties);
        TestStreamEnvironment env = new TestStreamEnvironment(miniCluster, parallelism);
        KafkaStreamingJob.define(env, config, false);
        if (savepointPath != null) {
            Configuration restore = new Configuration();
            restore.set(org.apache.flink.configuration.StateRecoveryOptions.SAVEPOINT_PATH, savepointPath);
            env.configure(restore);
        }
        return env.executeAsync(KafkaStreamingJob.JOB_NAME);
    }

    /** Stops the job with a savepoint in {@code targetDirectory} (no drain: windows stay open in state); returns its path. */
    public String stopWithSavepoint(JobID job, String targetDirectory) throws Exception {
        return miniCluster.stopWithSavepoint(job, targetDirectory, false,
                org.apache.flink.core.execution.SavepointFormatType.CANONICAL).get();
    }

    public long failedCheckpoints(JobID job) throws Exception {
        return miniCluster.getExecutionGraph(job).get()
                .getCheckpointStatsSnapshot().getCounts().getNumberOfFailedCheckpoints();
    }

    public JobStatus status(JobID job) throws Exception {
        return miniCluster.getJobStatus(job).get();
    }

    /** Submits a job graph built elsewhere, e.g. from the shaded jar as {@code flink run} does. */
    public JobID submit(JobGraph jobGraph) throws Exception {
        return miniCluster.submitJob(jobGraph).get().getJobID();
    }

    public void cancel(JobID job) throws Exception {
        miniCluster.cancelJob(job).get();
    }

    public long completedCheckpoints(JobID job) throws Exception {
        return miniCluster.getExecutionGraph(job).get()
                .getCheckpointStatsSnapshot().getCounts().getNumberOfCompletedCheckpoints();
    }

    /** Whether the job has gone through a restart (a failure it recovered from). */
    public boolean hasRestarted(JobID job) throws Exception {
        return miniCluster.getExecutionGraph(job).get().getStatusTimestamp(JobStatus.RESTARTING) > 0;
    }

    /** Kills a TaskManager as a lost machine would: its tasks fail and the job restores from a checkpoint. */
    public void killTaskManager(int index) {
        miniCluster.terminateTaskManager(index).join();
    }

    public void addTaskManager() throws Exception {
        miniCluster.startTaskManager();
    }

    public String restAddress() throws Exception {
        return miniCluster.getRestAddress().get().toString();
    }

    @Override
    public void close() throws Exception {
        miniCluster.close();
    }
}
