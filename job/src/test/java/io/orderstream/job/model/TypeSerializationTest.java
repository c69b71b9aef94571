package io.orderstream.job.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.orderstream.job.TestOrders;
import io.orderstream.job.aggregate.BucketSum;
import io.orderstream.job.aggregate.LatestPartials;
import io.orderstream.job.aggregate.PartialTotals;
import io.orderstream.job.aggregate.WindowTotals;
import io.orderstream.job.enrich.EnrichmentResult;
import io.orderstream.job.serialization.HandWrittenTypeInfo;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Every type that travels in a stream or sits in state has an explicit serializer: a Flink POJO with no
 * Kryo fallback anywhere inside it, or, for the three that a shuffle or a state access handles for every
 * order, a hand-written one (tested by Flink's {@code SerializerTestBase} in {@code io.orderstream.job.serialization}).
 */
class TypeSerializationTest {
    private static SerializerConfigImpl noGenericTypes() {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        return config;
    }

    /** Every type nested in {@code type}, depth first. */
    private static void collect(TypeInformation<?> type, List<TypeInformation<?>> into) {
        into.add(type);
        if (type instanceof PojoTypeInfo<?> pojo) {
            for (int i = 0; i < pojo.getArity(); i++) {
                PojoField field = pojo.getPojoFieldAt(i);
                collect(field.getTypeInformation(), into);
            }
        } else {
            type.getGenericParameters().values().forEach(t -> collect(t, into));
            if (type instanceof org.apache.flink.api.java.typeutils.ObjectArrayTypeInfo<?, ?> array) {
                collect(array.getComponentInfo(), into);
            }
            if (type instanceof org.apache.flink.api.java.typeutils.MapTypeInfo<?, ?> map) {
                collect(map.getKeyTypeInfo(), into);
                collect(map.getValueTypeInfo(), into);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(classes = {RawRecord.class, Order.class, OrderItem.class, Customer.class,
        EnrichedOrder.class, DlqRecord.class, WindowAggregate.class, EnrichmentResult.class,
        PartialTotals.class, LatestPartials.class, BucketSum.class})
    void isAPojoWithoutGenericTypes(Class<?> type) {
        TypeInformation<?> info = TypeInformation.of(type);
        assertThat(info).isInstanceOf(PojoTypeInfo.class);
        List<TypeInformation<?>> all = new java.util.ArrayList<>();
        collect(info, all);
        assertThat(all).noneMatch(t -> t instanceof GenericTypeInfo);
        assertThatCode(() -> info.createSerializer(noGenericTypes())).doesNotThrowAnyException();

        Configuration configuration = new Configuration();
        configuration.set(PipelineOptions.GENERIC_TYPES, false);
        ExecutionConfig executionConfig = new ExecutionConfig(configuration);
        assertThat(executionConfig.getSerializerConfig().hasGenericTypesDisabled()).isTrue();
        assertThatCode(() -> info.createSerializer(executionConfig.getSerializerConfig())).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(classes = {OrderEvent.class, WindowedOrder.class, WindowTotals.class})
    void hasAHandWrittenSerializer(Class<?> type) {
        assertThat(TypeInformation.of(type)).isInstanceOf(HandWrittenTypeInfo.class);
        assertThatCode(() -> TypeInformation.of(type).createSerializer(noGenericTypes())).doesNotThrowAnyException();
    }

    @Test
    void mapAndArrayFieldsAreNotGeneric() {
        PojoTypeInfo<WindowAggregate> aggregate = (PojoTypeInfo<WindowAggregate>) TypeInformation.of(WindowAggregate.class);
        assertThat(aggregate.getTypeAt(aggregate.getFieldIndex("revenueByCurrency"))).isNotInstanceOf(GenericTypeInfo.class);
        PojoTypeInfo<Order> order = (PojoTypeInfo<Order>) TypeInformation.of(Order.class);
        assertThat(order.getTypeAt(order.getFieldIndex("items"))).isNotInstanceOf(GenericTypeInfo.class);
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(Class<T> type, T value) throws Exception {
        TypeSerializer<T> serializer = TypeInformation.of(type).createSerializer(noGenericTypes());
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        T copy = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(serializer.copy(value)).usingRecursiveComparison().isEqualTo(value);
        return copy;
    }

    @Test
    void valuesRoundTripExactly() throws Exception {
        EnrichedOrder e = TestOrders.enriched("O1", "C1", 123L, "USD", "59.90");
        e.order.legacyCustomerId = "C1";
        e.order.eventTimeNumber = new BigDecimal("1795429530123");
        e.windowStart = 100L;
        e.lateAccepted = true;
        EnrichedOrder copy = roundTrip(EnrichedOrder.class, e);
        assertThat(copy).usingRecursiveComparison().isEqualTo(e);
        assertThat(copy.order.total).isEqualTo(new BigDecimal("59.90")); // scale kept

        WindowTotals totals = new WindowTotals();
        totals.orderCount = 3;
        totals.revenueByCurrency = new HashMap<>();
        totals.revenueByCurrency.put("USD", new BigDecimal("0.30"));
        totals.revenueByCurrency.put("EUR", new BigDecimal("12.5"));
        totals.distinctCustomers = 2;
        totals.lateRecords = 1;
        assertThat(roundTrip(WindowTotals.class, totals)).usingRecursiveComparison().isEqualTo(totals);

        WindowedOrder w = WindowedOrder.of(e);
        w.firstOrderOfCustomerInWindow = true;
        assertThat(roundTrip(WindowedOrder.class, w)).usingRecursiveComparison().isEqualTo(w);
        LatestPartials latest = new LatestPartials();
        latest.byBucket.put(7, new PartialTotals(7, 2, totals));
        assertThat(roundTrip(LatestPartials.class, latest)).usingRecursiveComparison().isEqualTo(latest);
        BucketSum sum = new BucketSum(7, 300_000L, totals);
        assertThat(roundTrip(BucketSum.class, sum)).usingRecursiveComparison().isEqualTo(sum);

        DlqRecord dlq = DlqRecord.of(ErrorType.LATE_ARRIVAL, null, "late", "O1",
                TestOrders.raw(new byte[] {(byte) 0xFF, 0}));
        assertThat(roundTrip(DlqRecord.class, dlq)).usingRecursiveComparison().isEqualTo(dlq);
    }
}
