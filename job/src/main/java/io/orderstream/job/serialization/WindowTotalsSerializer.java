package io.orderstream.job.serialization;

import io.orderstream.job.aggregate.WindowTotals;
import java.io.IOException;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link WindowTotals} is the pre-aggregation's window accumulator: on RocksDB it is read and written
 * back for every order. Format: order count, distinct customers, late records, then the number of
 * currencies (-1: no map) and each currency with its revenue ({@link FieldCodec}).
 */
public final class WindowTotalsSerializer extends TypeSerializerSingleton<WindowTotals> {
    private static final long serialVersionUID = 1L;
    public static final WindowTotalsSerializer INSTANCE = new WindowTotalsSerializer();

    private static final int ABSENT = -1;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public WindowTotals createInstance() {
        return new WindowTotals();
    }

    /** Currency codes and decimals are immutable, so a new map of the same entries is a deep copy. */
    @Override
    public WindowTotals copy(WindowTotals from) {
        return copy(from, new WindowTotals());
    }

    @Override
    public WindowTotals copy(WindowTotals from, WindowTotals reuse) {
        reuse.orderCount = from.orderCount;
        reuse.revenueByCurrency = from.revenueByCurrency == null ? null : new HashMap<>(from.revenueByCurrency);
        reuse.distinctCustomers = from.distinctCustomers;
        reuse.lateRecords = from.lateRecords;
        return reuse;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(WindowTotals totals, DataOutputView out) throws IOException {
        out.writeLong(totals.orderCount);
        out.writeLong(totals.distinctCustomers);
        out.writeLong(totals.lateRecords);
        Map<String, BigDecimal> revenue = totals.revenueByCurrency;
        out.writeInt(revenue == null ? ABSENT : revenue.size());
        if (revenue != null) {
            for (Map.Entry<String, BigDecimal> e : revenue.entrySet()) {
                FieldCodec.writeString(e.getKey(), out);
                FieldCodec.writeDecimal(e.getValue(), out);
            }
        }
    }

    @Override
    public WindowTotals deserialize(DataInputView in) throws IOException {
        return deserialize(new WindowTotals(), in);
    }

    @Override
    public WindowTotals deserialize(WindowTotals reuse, DataInputView in) throws IOException {
        reuse.orderCount = in.readLong();
        reuse.distinctCustomers = in.readLong();
        reuse.lateRecords = in.readLong();
        int currencies = in.readInt();
        if (currencies == ABSENT) {
            reuse.revenueByCurrency = null;
        } else {
            Map<String, BigDecimal> revenue = new HashMap<>(Math.max(4, currencies * 2));
            for (int i = 0; i < currencies; i++) {
                revenue.put(FieldCodec.readString(in), FieldCodec.readDecimal(in));
            }
            reuse.revenueByCurrency = revenue;
        }
        return reuse;
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        out.write(in, 3 * 8);
        int currencies = in.readInt();
        out.writeInt(currencies);
        for (int i = 0; i < currencies; i++) {
            FieldCodec.copyString(in, out);
            FieldCodec.copyDecimal(in, out);
        }
    }

    @Override
    public TypeSerializerSnapshot<WindowTotals> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Format 4: strings as {@link FieldCodec} writes them since they left Flink's {@code StringValue} format (3). */
    public static final class Snapshot extends FormatVersionSnapshot<WindowTotals> {
        public Snapshot() {
            super(() -> INSTANCE, 4);
        }
    }

    /** Named by {@code @TypeInfo} on {@link WindowTotals}. */
    public static final class TypeFactory extends TypeInfoFactory<WindowTotals> {
        @Override
        public TypeInformation<WindowTotals> createTypeInfo(Type type, Map<String, TypeInformation<?>> parameters) {
            return new HandWrittenTypeInfo<>(WindowTotals.class, INSTANCE);
        }
    }
}
