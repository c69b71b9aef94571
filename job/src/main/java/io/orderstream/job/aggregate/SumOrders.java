package io.orderstream.job.aggregate;

import io.orderstream.job.model.WindowedOrder;
import java.math.BigDecimal;
import java.util.Map;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Incremental window aggregation (per bucket of customers, see {@link WindowAggregation}): count, exact revenue per currency, distinct customers, late records. */
public class SumOrders implements AggregateFunction<WindowedOrder, WindowTotals, WindowTotals> {
    @Override
    public WindowTotals createAccumulator() {
        return new WindowTotals();
    }

    @Override
    public WindowTotals add(WindowedOrder order, WindowTotals totals) {
        totals.orderCount++;
        totals.revenueByCurrency.merge(order.currency, order.total, BigDecimal::add);
        if (order.firstOrderOfCustomerInWindow) {
            totals.distinctCustomers++;
        }
        if (order.lateAccepted) {
            totals.lateRecords++;
        }
        return totals;
    }

    @Override
    public WindowTotals getResult(WindowTotals totals) {
        return totals;
    }

    @Override
    public WindowTotals merge(WindowTotals a, WindowTotals b) {
        a.orderCount += b.orderCount;
        for (Map.Entry<String, BigDecimal> e : b.revenueByCurrency.entrySet()) {
            a.revenueByCurrency.merge(e.getKey(), e.getValue(), BigDecimal::add);
        }
        a.distinctCustomers += b.distinctCustomers;
        a.lateRecords += b.lateRecords;
        return a;
    }
}
