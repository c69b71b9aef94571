package io.orderstream.job.source;

import io.orderstream.job.model.RawRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Hands Kafka records on as bytes plus coordinates. It cannot fail on any payload, so a bad record
 * never restarts the job from inside the source: parsing happens in its own operator, where a
 * failure becomes a DLQ record.
 */
public class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {
    private static final byte[] EMPTY = new byte[0];

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
        byte[] value = record.value() == null ? EMPTY : record.value();
        out.collect(new RawRecord(record.topic(), record.partition(), record.offset(), record.timestamp(), value));
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
