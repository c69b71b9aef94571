package io.orderstream.job.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderstream.job.model.RawRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class RawRecordDeserializerTest {
    private static RawRecord read(ConsumerRecord<byte[], byte[]> record) {
        RawRecordDeserializer deserializer = new RawRecordDeserializer(1024);
        deserializer.open(null);
        List<RawRecord> out = new ArrayList<>();
        deserializer.deserialize(record, new ListCollector<>(out));
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    private static ConsumerRecord<byte[], byte[]> withReplayOf(String value) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("orders.raw", 2, 77L, null, "{}".getBytes(StandardCharsets.UTF_8));
        record.headers().add(RawRecord.REPLAY_OF_HEADER, value.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    @Test
    void aReplayKeepsThePositionOfItsOriginalRecord() {
        RawRecord r = read(withReplayOf("orders.raw-0@41"));
        assertThat(r.replayOf).isEqualTo("orders.raw-0@41");
        assertThat(r.isReplay()).isTrue();
        assertThat(r.position()).isEqualTo("orders.raw-2@77");
    }

    /** Every output repeats replay_of; a producer's header of most of a megabyte must not make a line too large. */
    @Test
    void aReplayOfHeaderLongerThanAnyPositionIsCut() {
        RawRecord r = read(withReplayOf("x".repeat(900_000)));
        assertThat(r.replayOf).hasSize(RawRecord.MAX_REPLAY_OF_CHARS).endsWith("…");
        assertThat(r.isReplay()).isTrue();
    }

    @Test
    void aTombstoneIsAnEmptyPayloadWithoutReplay() {
        RawRecord r = read(new ConsumerRecord<>("orders.raw", 0, 1L, null, null));
        assertThat(r.payload).isEmpty();
        assertThat(r.replayOf).isNull();
    }
}
