package io.orderstream.job.model;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Totals of one 5-minute event-time window. A window is emitted when the watermark passes its end
 * (revision 0) and again for every late firing within the allowed lateness (revision 1, 2, ...);
 * later revisions include everything earlier ones had, so the highest revision is the answer.
 */
public class WindowAggregate {
    /** {@code window-YYYY-MM-DD-HH-mm} of the window start, UTC. */
    public String windowId;
    public long windowStart;
    public long windowEnd;
    public int revision;
    public long orderCount;
    public Map<String, BigDecimal> revenueByCurrency;
    public long distinctCustomers;
    /** Orders that arrived after the window first fired and were still counted. */
    public long lateRecords;
    public long emittedAt;

    public WindowAggregate() {}
}
