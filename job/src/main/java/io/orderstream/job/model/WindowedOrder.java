package io.orderstream.job.model;

import io.orderstream.job.serialization.WindowedOrderSerializer;
import java.math.BigDecimal;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * An accepted order reduced to what the window aggregation reads: built right after the late router,
 * so that the two shuffles of the aggregation (by customer, by bucket) serialize a few fields instead
 * of the whole enriched order with its items, customer and raw payload.
 */
@TypeInfo(WindowedOrderSerializer.TypeFactory.class)
public class WindowedOrder {
    /** Only for the sampled log events of the aggregation stage. */
    public String orderId;
    public String customerId;
    public String currency;
    public BigDecimal total;
    /** Start (epoch millis) of the tumbling window the order belongs to. */
    public long windowStart;
    /** The window had already fired when this order arrived; it is still counted (allowed lateness). */
    public boolean lateAccepted;
    /** First order of this customer in its window: how distinct customers are counted exactly. */
    public boolean firstOrderOfCustomerInWindow;

    public WindowedOrder() {}

    public static WindowedOrder of(EnrichedOrder e) {
        WindowedOrder w = new WindowedOrder();
        w.orderId = e.order.orderId;
        w.customerId = e.order.effectiveCustomerId();
        w.currency = e.order.currency;
        w.total = e.order.total;
        w.windowStart = e.windowStart;
        w.lateAccepted = e.lateAccepted;
        return w;
    }
}
