package io.orderstream.job.enrich;

import io.orderstream.job.dlq.DlqOutput;
import io.orderstream.job.model.EnrichedOrder;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Operator {@code route-enrichment}: enriched orders go on, failed enrichments to the DLQ. */
public class RouteEnrichmentResults extends ProcessFunction<EnrichmentResult, EnrichedOrder> {
    @Override
    public void processElement(EnrichmentResult result, Context ctx, Collector<EnrichedOrder> out) {
        if (result.enriched != null) {
            out.collect(result.enriched);
        } else {
            ctx.output(DlqOutput.TAG, result.rejected);
        }
    }
}
