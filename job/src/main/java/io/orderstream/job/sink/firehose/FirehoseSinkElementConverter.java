package io.orderstream.job.sink.firehose;

import java.util.Objects;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.util.FlinkRuntimeException;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.model.Record;

/**
 * Turns a stream element into a Firehose {@link Record} with a Flink {@link SerializationSchema},
 * so callers reuse the schemas they already have instead of writing an {@link ElementConverter}.
 */
public class FirehoseSinkElementConverter<InputT> implements ElementConverter<InputT, Record> {

    private static final long serialVersionUID = 1L;

    private final SerializationSchema<InputT> serializationSchema;

    public FirehoseSinkElementConverter(SerializationSchema<InputT> serializationSchema) {
        this.serializationSchema =
                Objects.requireNonNull(serializationSchema, "serializationSchema must not be null");
    }

    /** Opens the schema once per writer, with the writer's metric group and class loader. */
    @Override
    public void open(WriterInitContext context) {
        try {
            serializationSchema.open(context.asSerializationSchemaInitializationContext());
        } catch (Exception e) {
            throw new FlinkRuntimeException("Failed to open the Firehose serialization schema.", e);
        }
    }

    @Override
    public Record apply(InputT element, SinkWriter.Context context) {
        return Record.builder()
                .data(SdkBytes.fromByteArrayUnsafe(serializationSchema.serialize(element)))
                .build();
    }
}
