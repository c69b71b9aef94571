package io.orderstream.job.aggregate;

import io.orderstream.job.model.WindowedOrder;
import io.orderstream.job.serialization.WindowTotalsSerializer;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/** Running totals of one window (or of one bucket of customers in it): the accumulator of {@link SumBuckets}. Small and fixed in size. */
@TypeInfo(WindowTotalsSerializer.TypeFactory.class)
public class WindowTotals {
    public long orderCount;
    public Map<String, BigDecimal> revenueByCurrency = new HashMap<>();
    public long distinctCustomers;
    public long lateRecords;

    public WindowTotals() {}

    /** Counts one order. */
    public void add(WindowedOrder order) {
        orderCount++;
        revenueByCurrency.merge(order.currency, order.total, BigDecimal::add);
        if (order.firstOrderOfCustomerInWindow) {
            distinctCustomers++;
        }
        if (order.lateAccepted) {
            lateRecords++;
        }
    }

    /** Counts every order of {@code other}, which stays unchanged. */
    public void addAll(WindowTotals other) {
        orderCount += other.orderCount;
        for (Map.Entry<String, BigDecimal> e : other.revenueByCurrency.entrySet()) {
            revenueByCurrency.merge(e.getKey(), e.getValue(), BigDecimal::add);
        }
        distinctCustomers += other.distinctCustomers;
        lateRecords += other.lateRecords;
    }

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
