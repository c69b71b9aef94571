package io.orderstream.job.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderstream.job.aggregate.WindowTotals;
import java.math.BigDecimal;
import java.util.HashMap;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.api.Test;

/** Flink's serializer contract tests on window accumulators: empty, several currencies, huge sums. */
class WindowTotalsSerializerTest extends SerializerTestBase<WindowTotals> {
    WindowTotalsSerializerTest() {
        super(FieldByFieldEquality.checker(WindowTotals.class));
    }

    @Override
    protected TypeSerializer<WindowTotals> createSerializer() {
        return new WindowTotalsSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<WindowTotals> getTypeClass() {
        return WindowTotals.class;
    }

    @Override
    protected void deepEquals(String message, WindowTotals should, WindowTotals is) {
        FieldByFieldEquality.assertEqual(message, should, is);
    }

    @Override
    protected WindowTotals[] getTestData() {
        WindowTotals several = totals(3, 2, 1);
        several.revenueByCurrency.put("USD", new BigDecimal("0.30"));
        several.revenueByCurrency.put("EUR", new BigDecimal("12.5"));
        several.revenueByCurrency.put("JPY", new BigDecimal("-7"));
        WindowTotals huge = totals(Long.MAX_VALUE, 1, 0);
        huge.revenueByCurrency.put("GBP", new BigDecimal("98765432109876543210.99"));
        WindowTotals noMap = totals(0, 0, 0);
        noMap.revenueByCurrency = null;
        return new WindowTotals[] {totals(0, 0, 0), several, huge, noMap};
    }

    private static WindowTotals totals(long orders, long customers, long late) {
        WindowTotals t = new WindowTotals();
        t.orderCount = orders;
        t.distinctCustomers = customers;
        t.lateRecords = late;
        return t;
    }

    @Test
    void aCopyDoesNotChangeWithTheOriginal() {
        WindowTotals original = getTestData()[1];
        WindowTotals copy = createSerializer().copy(original);
        original.revenueByCurrency.put("USD", BigDecimal.ONE);
        assertThat(copy.revenueByCurrency).containsEntry("USD", new BigDecimal("0.30"));
    }

    /** Fails when a field is added to {@link WindowTotals}: add it to the serializer, then here. */
    @Test
    void writesEveryField() {
        assertThat(OrderEventSerializerTest.fields(WindowTotals.class)).containsExactly("orderCount",
                "revenueByCurrency", "distinctCustomers", "lateRecords");
    }
}
