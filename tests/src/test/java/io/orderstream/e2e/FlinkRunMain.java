package io.orderstream.e2e;

import java.io.File;
import java.util.Arrays;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.client.program.PackagedProgramUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * What {@code flink run job.jar args} does, in a JVM whose classpath holds Flink and nothing of the
 * job: starts a Flink cluster, loads the jar in a user-code class loader, builds the job graph by
 * running its main method, submits it, and keeps running until killed.
 */
public final class FlinkRunMain {
    private FlinkRunMain() {}

    public static void main(String[] args) throws Exception {
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(new Configuration())
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(2)
                .build());
        cluster.start();
        PackagedProgram program = PackagedProgram.newBuilder()
                .setJarFile(new File(args[0]))
                .setArguments(Arrays.copyOfRange(args, 1, args.length))
                .build();
        JobGraph graph = PackagedProgramUtils.createJobGraph(program, new Configuration(), 2, false);
        cluster.submitJob(graph).get();
        System.out.println("SUBMITTED " + graph.getName());
        Thread.currentThread().join();
    }
}
