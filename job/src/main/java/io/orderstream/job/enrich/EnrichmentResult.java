package io.orderstream.job.enrich;

import io.orderstream.job.model.DlqRecord;
import io.orderstream.job.model.EnrichedOrder;

/** What the async enrichment produced for one order: the enriched order, or its DLQ record. */
public class EnrichmentResult {
    public EnrichedOrder enriched;
    public DlqRecord rejected;

    public EnrichmentResult() {}

    static EnrichmentResult enriched(EnrichedOrder order) {
        EnrichmentResult r = new EnrichmentResult();
        r.enriched = order;
        return r;
    }

    static EnrichmentResult rejected(DlqRecord record) {
        EnrichmentResult r = new EnrichmentResult();
        r.rejected = record;
        return r;
    }
}
