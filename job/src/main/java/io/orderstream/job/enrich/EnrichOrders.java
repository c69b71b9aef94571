package io.orderstream.job.enrich;

import io.orderstream.job.config.JobConfig;
import io.orderstream.job.model.DlqRecord;
import io.orderstream.job.model.EnrichedOrder;
import io.orderstream.job.model.ErrorType;
import io.orderstream.job.model.OrderEvent;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Operator {@code enrich} (async I/O, unordered): adds the customer to each order. An order never
 * fails the job: an API error or an unusable answer becomes an external_api_error DLQ record, and an
 * order still unanswered when the operator's timeout fires becomes a timeout DLQ record.
 */
public class EnrichOrders extends RichAsyncFunction<OrderEvent, EnrichmentResult> {
    private final JobConfig.Enrichment settings;
    private transient CustomerLookup lookup;

    public EnrichOrders(JobConfig.Enrichment settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        CustomerApiClient client = new CustomerApiClient(settings.apiUrl(), settings.requestTimeout(),
                settings.maxRetries(), settings.retryBackoff());
        lookup = new CustomerLookup(client, settings.cacheTtl(), settings.cacheMaxSize());
    }

    @Override
    public void asyncInvoke(OrderEvent event, ResultFuture<EnrichmentResult> result) {
        String customerId = event.order.effectiveCustomerId();
        lookup.customer(customerId).whenComplete((customer, error) -> {
            if (error == null) {
                result.complete(List.of(EnrichmentResult.enriched(new EnrichedOrder(event.order, customer, event.source))));
                return;
            }
            Throwable cause = error.getCause() instanceof EnrichmentException ? error.getCause() : error;
            ErrorType type = cause instanceof EnrichmentException e ? e.errorType() : ErrorType.EXTERNAL_API_ERROR;
            result.complete(List.of(EnrichmentResult.rejected(
                    DlqRecord.of(type, null, cause.getMessage(), event.order.orderId, event.source))));
        });
    }

    @Override
    public void timeout(OrderEvent event, ResultFuture<EnrichmentResult> result) {
        result.complete(List.of(EnrichmentResult.rejected(DlqRecord.of(ErrorType.TIMEOUT, null,
                "customer API did not answer within enrichment.timeout (" + settings.timeout() + ")",
                event.order.orderId, event.source))));
    }
}
