package io.orderstream.job.serialization;

import io.orderstream.job.model.Order;
import io.orderstream.job.model.OrderEvent;
import io.orderstream.job.model.OrderItem;
import io.orderstream.job.model.RawRecord;
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
 * {@link OrderEvent} crosses the shuffle to dedup on every record, and the enrichment operator copies
 * it (object reuse) and keeps it in its checkpointed queue. Written field by field in declaration
 * order: the {@link Order} (strings, money as {@link FieldCodec} decimals, items), then the
 * {@link RawRecord} it came from. A field added to one of these classes must be added here:
 * {@code OrderEventSerializerTest} fails until it is.
 */
public final class OrderEventSerializer extends TypeSerializerSingleton<OrderEvent> {
    private static final long serialVersionUID = 1L;
    public static final OrderEventSerializer INSTANCE = new OrderEventSerializer();

    private static final int ABSENT = -1;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public OrderEvent createInstance() {
        return new OrderEvent();
    }

    @Override
    public OrderEvent copy(OrderEvent from) {
        return copy(from, new OrderEvent());
    }

    /** A deep copy: new order, items and record; strings and decimals are immutable and shared. */
    @Override
    public OrderEvent copy(OrderEvent from, OrderEvent reuse) {
        reuse.order = from.order == null ? null : copy(from.order);
        reuse.source = from.source == null ? null : copy(from.source);
        return reuse;
    }

    private static Order copy(Order from) {
        Order to = new Order();
        to.orderId = from.orderId;
        to.customerId = from.customerId;
        to.legacyCustomerId = from.legacyCustomerId;
        to.eventTimeText = from.eventTimeText;
        to.eventTimeNumber = from.eventTimeNumber;
        to.eventTimeMillis = from.eventTimeMillis;
        to.currency = from.currency;
        to.total = from.total;
        if (from.items != null) {
            to.items = new OrderItem[from.items.length];
            for (int i = 0; i < from.items.length; i++) {
                OrderItem item = from.items[i];
                to.items[i] = item == null ? null : new OrderItem(item.sku, item.quantity, item.unitPrice);
            }
        }
        to.channel = from.channel;
        to.region = from.region;
        to.promoCode = from.promoCode;
        return to;
    }

    private static RawRecord copy(RawRecord from) {
        RawRecord to = new RawRecord(from.topic, from.partition, from.offset, from.kafkaTimestamp,
                from.payload == null ? null : from.payload.clone());
        to.replayOf = from.replayOf;
        return to;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(OrderEvent event, DataOutputView out) throws IOException {
        out.writeBoolean(event.order != null);
        if (event.order != null) {
            writeOrder(event.order, out);
        }
        out.writeBoolean(event.source != null);
        if (event.source != null) {
            writeRecord(event.source, out);
        }
    }

    private static void writeOrder(Order order, DataOutputView out) throws IOException {
        FieldCodec.writeString(order.orderId, out);
        FieldCodec.writeString(order.customerId, out);
        FieldCodec.writeString(order.legacyCustomerId, out);
        FieldCodec.writeString(order.eventTimeText, out);
        FieldCodec.writeDecimal(order.eventTimeNumber, out);
        out.writeLong(order.eventTimeMillis);
        FieldCodec.writeString(order.currency, out);
        FieldCodec.writeDecimal(order.total, out);
        out.writeInt(order.items == null ? ABSENT : order.items.length);
        if (order.items != null) {
            for (OrderItem item : order.items) {
                out.writeBoolean(item != null);
                if (item != null) {
                    FieldCodec.writeString(item.sku, out);
                    FieldCodec.writeDecimal(item.quantity, out);
                    FieldCodec.writeDecimal(item.unitPrice, out);
                }
            }
        }
        FieldCodec.writeString(order.channel, out);
        FieldCodec.writeString(order.region, out);
        FieldCodec.writeString(order.promoCode, out);
    }

    private static void writeRecord(RawRecord record, DataOutputView out) throws IOException {
        FieldCodec.writeString(record.topic, out);
        out.writeInt(record.partition);
        out.writeLong(record.offset);
        out.writeLong(record.kafkaTimestamp);
        FieldCodec.writeBytes(record.payload, out);
        FieldCodec.writeString(record.replayOf, out);
    }

    @Override
    public OrderEvent deserialize(DataInputView in) throws IOException {
        return deserialize(new OrderEvent(), in);
    }

    @Override
    public OrderEvent deserialize(OrderEvent reuse, DataInputView in) throws IOException {
        reuse.order = in.readBoolean() ? readOrder(in) : null;
        reuse.source = in.readBoolean() ? readRecord(in) : null;
        return reuse;
    }

    private static Order readOrder(DataInputView in) throws IOException {
        Order order = new Order();
        order.orderId = FieldCodec.readString(in);
        order.customerId = FieldCodec.readString(in);
        order.legacyCustomerId = FieldCodec.readString(in);
        order.eventTimeText = FieldCodec.readString(in);
        order.eventTimeNumber = FieldCodec.readDecimal(in);
        order.eventTimeMillis = in.readLong();
        order.currency = FieldCodec.readString(in);
        order.total = FieldCodec.readDecimal(in);
        int items = in.readInt();
        if (items != ABSENT) {
            order.items = new OrderItem[items];
            for (int i = 0; i < items; i++) {
                order.items[i] = in.readBoolean()
                        ? new OrderItem(FieldCodec.readString(in), FieldCodec.readDecimal(in), FieldCodec.readDecimal(in))
                        : null;
            }
        }
        order.channel = FieldCodec.readString(in);
        order.region = FieldCodec.readString(in);
        order.promoCode = FieldCodec.readString(in);
        return order;
    }

    private static RawRecord readRecord(DataInputView in) throws IOException {
        RawRecord record = new RawRecord();
        record.topic = FieldCodec.readString(in);
        record.partition = in.readInt();
        record.offset = in.readLong();
        record.kafkaTimestamp = in.readLong();
        record.payload = FieldCodec.readBytes(in);
        record.replayOf = FieldCodec.readString(in);
        return record;
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out); // only for state migration and re-partitioning: not per record
    }

    @Override
    public TypeSerializerSnapshot<OrderEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Format 4: strings as {@link FieldCodec} writes them since they left Flink's {@code StringValue} format (3). */
    public static final class Snapshot extends FormatVersionSnapshot<OrderEvent> {
        public Snapshot() {
            super(() -> INSTANCE, 4);
        }
    }

    /** Named by {@code @TypeInfo} on {@link OrderEvent}. */
    public static final class TypeFactory extends TypeInfoFactory<OrderEvent> {
        @Override
        public TypeInformation<OrderEvent> createTypeInfo(Type type, Map<String, TypeInformation<?>> parameters) {
            return new HandWrittenTypeInfo<>(OrderEvent.class, INSTANCE);
        }
    }
}
