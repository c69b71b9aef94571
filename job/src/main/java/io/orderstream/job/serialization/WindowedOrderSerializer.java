package io.orderstream.job.serialization;

import io.orderstream.job.model.WindowedOrder;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link WindowedOrder} crosses two shuffles per order (to mark-first-customer-order and to
 * pre-aggregate). Format: order id, customer id, currency, total ({@link FieldCodec}), window start,
 * then one byte of flags.
 */
public final class WindowedOrderSerializer extends TypeSerializerSingleton<WindowedOrder> {
    private static final long serialVersionUID = 1L;
    public static final WindowedOrderSerializer INSTANCE = new WindowedOrderSerializer();

    private static final int LATE_ACCEPTED = 1;
    private static final int FIRST_OF_CUSTOMER = 2;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public WindowedOrder createInstance() {
        return new WindowedOrder();
    }

    /** Strings and decimals are immutable, so a copy of the fields is a deep copy. */
    @Override
    public WindowedOrder copy(WindowedOrder from) {
        return copy(from, new WindowedOrder());
    }

    @Override
    public WindowedOrder copy(WindowedOrder from, WindowedOrder reuse) {
        reuse.orderId = from.orderId;
        reuse.customerId = from.customerId;
        reuse.currency = from.currency;
        reuse.total = from.total;
        reuse.windowStart = from.windowStart;
        reuse.lateAccepted = from.lateAccepted;
        reuse.firstOrderOfCustomerInWindow = from.firstOrderOfCustomerInWindow;
        return reuse;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(WindowedOrder order, DataOutputView out) throws IOException {
        FieldCodec.writeString(order.orderId, out);
        FieldCodec.writeString(order.customerId, out);
        FieldCodec.writeString(order.currency, out);
        FieldCodec.writeDecimal(order.total, out);
        out.writeLong(order.windowStart);
        out.writeByte((order.lateAccepted ? LATE_ACCEPTED : 0) | (order.firstOrderOfCustomerInWindow ? FIRST_OF_CUSTOMER : 0));
    }

    @Override
    public WindowedOrder deserialize(DataInputView in) throws IOException {
        return deserialize(new WindowedOrder(), in);
    }

    @Override
    public WindowedOrder deserialize(WindowedOrder reuse, DataInputView in) throws IOException {
        reuse.orderId = FieldCodec.readString(in);
        reuse.customerId = FieldCodec.readString(in);
        reuse.currency = FieldCodec.readString(in);
        reuse.total = FieldCodec.readDecimal(in);
        reuse.windowStart = in.readLong();
        int flags = in.readByte();
        reuse.lateAccepted = (flags & LATE_ACCEPTED) != 0;
        reuse.firstOrderOfCustomerInWindow = (flags & FIRST_OF_CUSTOMER) != 0;
        return reuse;
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        FieldCodec.copyString(in, out);
        FieldCodec.copyString(in, out);
        FieldCodec.copyString(in, out);
        FieldCodec.copyDecimal(in, out);
        out.write(in, 8 + 1);
    }

    @Override
    public TypeSerializerSnapshot<WindowedOrder> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Format 4: strings as {@link FieldCodec} writes them since they left Flink's {@code StringValue} format (3). */
    public static final class Snapshot extends FormatVersionSnapshot<WindowedOrder> {
        public Snapshot() {
            super(() -> INSTANCE, 4);
        }
    }

    /** Named by {@code @TypeInfo} on {@link WindowedOrder}. */
    public static final class TypeFactory extends TypeInfoFactory<WindowedOrder> {
        @Override
        public TypeInformation<WindowedOrder> createTypeInfo(Type type, Map<String, TypeInformation<?>> parameters) {
            return new HandWrittenTypeInfo<>(WindowedOrder.class, INSTANCE);
        }
    }
}
