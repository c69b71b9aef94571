package io.orderstream.job.serialization;

import java.io.IOException;
import java.util.function.Supplier;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The snapshot of a hand-written serializer: it records the version of the serializer's format, and a
 * savepoint written in another version is reported as incompatible, so that Flink refuses to restore
 * it instead of reading the bytes in the wrong format. A change to a format bumps its version.
 *
 * <p>The snapshot has no body: the version Flink stores with every snapshot is all it needs. Versions
 * up to 3 were written by Flink's {@code SimpleTypeSerializerSnapshot} (with Flink's string format).
 */
abstract class FormatVersionSnapshot<T> implements TypeSerializerSnapshot<T> {
    private final Supplier<? extends TypeSerializer<T>> serializer;
    private final int currentVersion;
    private int readVersion;

    FormatVersionSnapshot(Supplier<? extends TypeSerializer<T>> serializer, int currentVersion) {
        this.serializer = serializer;
        this.currentVersion = currentVersion;
        this.readVersion = currentVersion;
    }

    @Override
    public int getCurrentVersion() {
        return currentVersion;
    }

    @Override
    public void writeSnapshot(DataOutputView out) {}

    @Override
    public void readSnapshot(int version, DataInputView in, ClassLoader classLoader) throws IOException {
        readVersion = version;
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
        return serializer.get();
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> oldSnapshot) {
        return oldSnapshot.getClass() == getClass()
                        && ((FormatVersionSnapshot<T>) oldSnapshot).readVersion == currentVersion
                ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                : TypeSerializerSchemaCompatibility.incompatible();
    }
}
