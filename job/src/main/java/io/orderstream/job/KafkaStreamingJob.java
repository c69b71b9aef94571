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
        JobConfig config = loaded.config();
        Configuration flinkConf = loaded.managedFlink()
                ? new Configuration()
                : CheckpointSetup.toFlinkConfiguration(config.checkpoints());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConf);
        forbidGenericTypes(env);
        OrderPipeline.build(env, config, OrderKafkaSource.create(config.kafka()), FirehoseSinks.create(config.firehose()));
        env.execute(JOB_NAME);
    }

    /** Every type has an explicit serializer: a silent Kryo fallback would fail here, not in production. */
    public static void forbidGenericTypes(StreamExecutionEnvironment env) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        env.configure(conf);
    }
}
