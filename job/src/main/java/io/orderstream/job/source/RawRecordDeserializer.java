package io.orderstream.job.source;

import io.orderstream.job.model.ParseOutcome;
import io.orderstream.job.model.RawRecord;
import io.orderstream.job.parse.OrderJsonParser;
import io.orderstream.job.text.BoundedText;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Hands Kafka records on as bytes plus coordinates, each with the outcome of parsing its payload
 * ({@link ParseOutcome}): parsed once here, the order gives the timestamp assigner its event time and
 * {@code deserialize} its order. It cannot fail on any payload, so a bad record never restarts the
 * job from inside the source: a payload that is not an order is routed to the DLQ by
 * {@code deserialize}. A replay from the DLQ keeps the position of its original record.
 */
public class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {
    private static final byte[] EMPTY = new byte[0];

    private final int maxRecordBytes;
    private transient OrderJsonParser parser;

    public RawRecordDeserializer(int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        parser = new OrderJsonParser(maxRecordBytes);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
        byte[] value = record.value() == null ? EMPTY : record.value();
        RawRecord raw = new RawRecord(record.topic(), record.partition(), record.offset(), record.timestamp(), value);
        Header replayOf = record.headers().lastHeader(RawRecord.REPLAY_OF_HEADER);
        if (replayOf != null && replayOf.value() != null) {
            raw.replayOf = BoundedText.shortened(new String(replayOf.value(), StandardCharsets.UTF_8),
                    RawRecord.MAX_REPLAY_OF_CHARS);
        }
        raw.parsed = parser.outcomeOf(value);
        out.collect(raw);
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
