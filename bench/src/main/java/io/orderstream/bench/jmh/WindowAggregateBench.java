package io.orderstream.bench.jmh;

import io.orderstream.job.aggregate.WindowTotals;
import io.orderstream.job.model.Customer;
import io.orderstream.job.model.EnrichedOrder;
import io.orderstream.job.model.Order;
import io.orderstream.job.model.RawRecord;
import io.orderstream.job.model.WindowedOrder;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/** Window aggregation per order: {@link WindowTotals#add} into the in-memory sum of its bucket (exact revenue per currency). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WindowAggregateBench {
    private WindowedOrder[] orders;
    private WindowTotals totals;
    private int next;

    @Setup
    public void setUp() {
        String[] currencies = {"EUR", "USD", "GBP", "CHF"};
        orders = new WindowedOrder[1024];
        for (int i = 0; i < orders.length; i++) {
            Order o = new Order();
            o.orderId = "o-" + i;
            o.customerId = "C-" + i % 300;
            o.currency = currencies[i & 3];
            o.total = BigDecimal.valueOf(1000 + i * 37L, 2);
            EnrichedOrder e = new EnrichedOrder(o, new Customer("C-" + i, "gold", "DE", "2020-01-01"),
                    new RawRecord("t", 0, i, 0, new byte[0]));
            WindowedOrder w = WindowedOrder.of(e);
            w.firstOrderOfCustomerInWindow = i % 3 == 0;
            orders[i] = w;
        }
        totals = new WindowTotals();
    }

    @Benchmark
    public WindowTotals add() {
        WindowedOrder o = orders[next];
        next = (next + 1) & 1023;
        totals.add(o);
        return totals;
    }
}
