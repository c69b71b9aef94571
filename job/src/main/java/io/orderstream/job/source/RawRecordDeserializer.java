package io.orderstream.job.source;

import io.orderstream.job.model.RawRecord;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Hands Kafka records on as bytes plus coordinates. It cannot fail on any payload, so a bad record
 * never restarts the job from inside the source: parsing happens in its own operator, where a
 * failure becomes a DLQ record. A replay from the DLQ keeps the position of its original record.
 */
public class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {
    private static final byte[] EMPTY = new byte[0];

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
        byte[] value = record.value() == null ? EMPTY : record.value();
        RawRecord raw = new RawRecord(record.topic(), record.partition(), record.offset(), record.timestamp(), value);
        Header replayOf = record.headers().lastHeader(RawRecord.REPLAY_OF_HEADER);
        if (replayOf != null && replayOf.value() != null) {
            raw.replayOf = new String(replayOf.value(), StandardCharsets.UTF_8);
        }
        out.collect(raw);
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
