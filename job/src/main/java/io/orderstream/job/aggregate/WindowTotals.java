package io.orderstream.job.aggregate;

import io.orderstream.job.serialization.WindowTotalsSerializer;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/** Running totals of one window (or of one bucket of customers in it): the accumulator of {@link SumOrders}. Small and fixed in size. */
@TypeInfo(WindowTotalsSerializer.TypeFactory.class)
public class WindowTotals {
    public long orderCount;
    public Map<String, BigDecimal> revenueByCurrency = new HashMap<>();
    public long distinctCustomers;
    public long lateRecords;

    public WindowTotals() {}

    /** A copy that later additions to this accumulator do not change. */
    public WindowTotals copy() {
        WindowTotals c = new WindowTotals();
        c.orderCount = orderCount;
        c.revenueByCurrency = new HashMap<>(revenueByCurrency);
        c.distinctCustomers = distinctCustomers;
        c.lateRecords = lateRecords;
        return c;
    }
}
