package io.orderstream.job;

import io.orderstream.job.config.ConfigLoader;
import io.orderstream.job.config.InvalidConfigurationException;
import io.orderstream.job.config.JobConfig;
import io.orderstream.job.sink.FirehoseSinks;
import io.orderstream.job.source.OrderKafkaSource;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
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
        forbidGenericTypes(env);
        OrderPipeline.build(env, config, OrderKafkaSource.create(config.kafka()), FirehoseSinks.create(config.firehose(), config.metrics()));
    }

    /** Every type has an explicit serializer: a silent Kryo fallback fails at start, not in production. */
    private static void forbidGenericTypes(StreamExecutionEnvironment env) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        env.configure(conf);
    }
}
