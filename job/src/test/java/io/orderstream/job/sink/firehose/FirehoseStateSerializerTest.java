package io.orderstream.job.sink.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.model.Record;

class FirehoseStateSerializerTest {

    private static RequestEntryWrapper<Record> wrapped(byte[] data) {
        return new RequestEntryWrapper<>(
                Record.builder().data(SdkBytes.fromByteArray(data)).build(), data.length);
    }

    @Test
    void roundTripsBufferedRecords() throws Exception {
        byte[] binary = new byte[] {0, -1, 42, 10, 13, 127, -128};
        BufferedRequestState<Record> state =
                new BufferedRequestState<>(
                        List.of(
                                wrapped("{\"orderId\":\"o-1\"}".getBytes(StandardCharsets.UTF_8)),
                                wrapped(new byte[0]),
                                wrapped(binary)));
        FirehoseStateSerializer serializer = new FirehoseStateSerializer();

        BufferedRequestState<Record> restored =
                serializer.deserialize(serializer.getVersion(), serializer.serialize(state));

        assertThat(restored.getBufferedRequestEntries())
                .extracting(RequestEntryWrapper::getSize)
                .containsExactly(17L, 0L, 7L);
        assertThat(
                        restored.getBufferedRequestEntries().stream()
                                .map(e -> e.getRequestEntry().data().asByteArray())
                                .collect(Collectors.toList()))
                .containsExactly(
                        "{\"orderId\":\"o-1\"}".getBytes(StandardCharsets.UTF_8),
                        new byte[0],
                        binary);
        assertThat(restored.getStateSize()).isEqualTo(state.getStateSize());
    }

    @Test
    void roundTripsEmptyState() throws Exception {
        FirehoseStateSerializer serializer = new FirehoseStateSerializer();

        BufferedRequestState<Record> restored =
                serializer.deserialize(
                        serializer.getVersion(),
                        serializer.serialize(BufferedRequestState.emptyState()));

        assertThat(restored.getBufferedRequestEntries()).isEmpty();
    }
}
