package io.orderstream.job.aggregate;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/** Running totals of one window: the accumulator of {@link SumOrders}. Small and fixed in size. */
public class WindowTotals {
    public long orderCount;
    public Map<String, BigDecimal> revenueByCurrency = new HashMap<>();
    public long distinctCustomers;
    public long lateRecords;

    public WindowTotals() {}
}
