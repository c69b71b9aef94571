package io.orderstream.job.sink.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.firehose.model.Record;

class FirehoseSinkElementConverterTest {

    /** A schema that only works once opened, as schemas with lazily built mappers do. */
    private static final class PrefixingSchema implements SerializationSchema<String> {
        private transient String prefix;
        private transient MetricGroup openedWith;

        @Override
        public void open(InitializationContext context) {
            prefix = "opened:";
            openedWith = context.getMetricGroup();
        }

        @Override
        public byte[] serialize(String element) {
            return (prefix + element).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A writer context that only answers the call the converter makes. */
    private static WriterInitContext writerContext(SerializationSchema.InitializationContext init) {
        return (WriterInitContext)
                Proxy.newProxyInstance(
                        WriterInitContext.class.getClassLoader(),
                        new Class<?>[] {WriterInitContext.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("asSerializationSchemaInitializationContext")) {
                                return init;
                            }
                            throw new UnsupportedOperationException(method.getName());
                        });
    }

    private static SerializationSchema.InitializationContext initContext(MetricGroup group) {
        return new SerializationSchema.InitializationContext() {
            @Override
            public MetricGroup getMetricGroup() {
                return group;
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
            }
        };
    }

    @Test
    void recordHoldsTheSerializedBytes() {
        FirehoseSinkElementConverter<String> converter =
                new FirehoseSinkElementConverter<>(new SimpleStringSchema());

        Record record = converter.apply("{\"orderId\":\"o-1\",\"total\":12.5}", null);

        assertThat(record.data().asByteArray())
                .isEqualTo("{\"orderId\":\"o-1\",\"total\":12.5}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void opensTheSchemaWithTheWritersContext() {
        PrefixingSchema schema = new PrefixingSchema();
        MetricGroup group = new UnregisteredMetricsGroup();
        FirehoseSinkElementConverter<String> converter = new FirehoseSinkElementConverter<>(schema);

        converter.open(writerContext(initContext(group)));

        assertThat(schema.openedWith).isSameAs(group);
        assertThat(converter.apply("o-1", null).data().asUtf8String()).isEqualTo("opened:o-1");
    }

    @Test
    void reportsASchemaThatFailsToOpen() {
        SerializationSchema<String> broken =
                new SerializationSchema<>() {
                    @Override
                    public void open(InitializationContext context) throws Exception {
                        throw new IllegalStateException("no mapper");
                    }

                    @Override
                    public byte[] serialize(String element) {
                        return new byte[0];
                    }
                };
        FirehoseSinkElementConverter<String> converter = new FirehoseSinkElementConverter<>(broken);

        assertThatThrownBy(() -> converter.open(writerContext(initContext(null))))
                .isInstanceOf(FlinkRuntimeException.class)
                .hasMessageContaining("serialization schema")
                .hasRootCauseMessage("no mapper");
    }

    @Test
    void rejectsMissingSchema() {
        assertThatThrownBy(() -> new FirehoseSinkElementConverter<String>(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("serializationSchema");
    }
}
