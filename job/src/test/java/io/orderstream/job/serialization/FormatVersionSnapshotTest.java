package io.orderstream.job.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderstream.job.model.OrderEvent;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshotSerializationUtil;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** A savepoint written in another format version is refused, not read in the wrong format. */
class FormatVersionSnapshotTest {
    @Test
    void theSameFormatIsCompatibleAsIs() throws IOException {
        TypeSerializerSnapshot<OrderEvent> restored = roundTrip(OrderEventSerializer.INSTANCE.snapshotConfiguration());
        assertThat(restored.restoreSerializer()).isSameAs(OrderEventSerializer.INSTANCE);
        assertThat(new OrderEventSerializer.Snapshot().resolveSchemaCompatibility(restored).isCompatibleAsIs()).isTrue();
    }

    @Test
    void anEarlierFormatIsIncompatible() throws IOException {
        TypeSerializerSnapshot<OrderEvent> earlier = new OrderEventSerializer.Snapshot();
        earlier.readSnapshot(3, new DataInputDeserializer(new byte[0]), getClass().getClassLoader());
        assertThat(new OrderEventSerializer.Snapshot().resolveSchemaCompatibility(earlier).isIncompatible()).isTrue();
    }

    @Test
    void everyHandWrittenSerializerHasTheCurrentFormat() {
        assertThat(OrderEventSerializer.INSTANCE.snapshotConfiguration().getCurrentVersion()).isEqualTo(4);
        assertThat(WindowedOrderSerializer.INSTANCE.snapshotConfiguration().getCurrentVersion()).isEqualTo(4);
        assertThat(WindowTotalsSerializer.INSTANCE.snapshotConfiguration().getCurrentVersion()).isEqualTo(4);
    }

    private static TypeSerializerSnapshot<OrderEvent> roundTrip(TypeSerializerSnapshot<OrderEvent> snapshot)
            throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshotSerializationUtil.writeSerializerSnapshot(out, snapshot);
        return TypeSerializerSnapshotSerializationUtil.readSerializerSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), FormatVersionSnapshotTest.class.getClassLoader());
    }
}
