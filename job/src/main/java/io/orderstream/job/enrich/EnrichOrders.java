package io.orderstream.job.enrich;

import io.orderstream.job.config.JobConfig;
import io.orderstream.job.metrics.LogEvents;
import io.orderstream.job.metrics.LogField;
import io.orderstream.job.metrics.Metric;
import io.orderstream.job.metrics.OperatorMetrics;
import io.orderstream.job.model.Customer;
import io.orderstream.job.model.DlqRecord;
import io.orderstream.job.model.EnrichedOrder;
import io.orderstream.job.model.ErrorType;
import io.orderstream.job.model.OrderEvent;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Operator {@code enrich} (async I/O, unordered): adds the customer to each order. An order never
 * fails the job: an API error or an unusable answer becomes an external_api_error DLQ record, and an
 * order still unanswered when the operator's timeout fires becomes a timeout DLQ record.
 *
 * <p>A cache hit (nearly every order) is answered within {@code asyncInvoke}. It still passes through
 * Flink's async operator: a synchronous operator for hits in front of it would need a union with the
 * async results behind it, and an operator with two inputs is never chained, so every order would be
 * serialized once more between route-enrichment and route-late, which costs more than the round trip.
 *
 * <p>The timeout is this function's, not the async operator's (which runs with none): the operator
 * would register a timer for every order before calling {@code asyncInvoke}, cache hits included;
 * here only an order that waits for the API has one.
 */
public class EnrichOrders extends RichAsyncFunction<OrderEvent, EnrichmentResult> {
    private final JobConfig.Enrichment settings;
    private final JobConfig.Metrics metricsSettings;
    private transient CustomerApiClient client;
    private transient CustomerLookup lookup;
    private transient OperatorMetrics metrics;

    public EnrichOrders(JobConfig.Enrichment settings) {
        this(settings, null);
    }

    public EnrichOrders(JobConfig.Enrichment settings, JobConfig.Metrics metricsSettings) {
        this.settings = settings;
        this.metricsSettings = metricsSettings;
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    @Override
    public void open(OpenContext openContext) {
        // Read once per subtask at start: a secret that cannot be read fails the start, not every order.
        client = new CustomerApiClient(settings.apiUrl(), settings.requestTimeout(),
                settings.maxRetries(), settings.retryBackoff(), ApiCredentials.from(settings),
                ApiTls.trustManagers(settings.trustedCertificate()), settings.capacity());
        lookup = new CustomerLookup(client, settings.cacheTtl(), settings.cacheMaxSize());
        metrics = OperatorMetrics.open(getRuntimeContext().getMetricGroup(), metricsSettings);
    }

    @Override
    public void asyncInvoke(OrderEvent event, ResultFuture<EnrichmentResult> result) {
        String customerId = event.order.effectiveCustomerId();
        long start = System.nanoTime();
        Customer cached = lookup.cached(customerId, start);
        if (cached != null) {
            // Nearly every order: answered in this call, with one cache read and no future to complete later.
            metrics.count(Metric.ENRICHMENT_CACHE_HITS, 1);
            observe(event, customerId, true, OperatorMetrics.millisSince(start));
            result.complete(List.of(EnrichmentResult.enriched(new EnrichedOrder(event.order, cached, event.source))));
            return;
        }
        metrics.count(Metric.ENRICHMENT_CACHE_MISSES, 1);
        // The timeout ends this order's wait only (a copy of the call): the call other orders of the
        // customer share goes on, and its answer is still cached when it comes.
        lookup.fetch(customerId).copy().orTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((customer, error) -> answer(event, customerId, start, customer, error, result));
    }

    /** Completes an order that waited for the API: answered, failed, or its timeout passed first. */
    private void answer(OrderEvent event, String customerId, long start, Customer customer, Throwable error,
                        ResultFuture<EnrichmentResult> result) {
        if (error instanceof TimeoutException) {
            result.complete(List.of(EnrichmentResult.rejected(DlqRecord.of(ErrorType.TIMEOUT, null,
                    "customer API did not answer within enrichment.timeout (" + settings.timeout() + ")",
                    event.order.orderId, event.source))));
            return;
        }
        observe(event, customerId, false, OperatorMetrics.millisSince(start));
        if (error == null) {
            result.complete(List.of(EnrichmentResult.enriched(new EnrichedOrder(event.order, customer, event.source))));
            return;
        }
        Throwable cause = error.getCause() instanceof EnrichmentException ? error.getCause() : error;
        ErrorType type = cause instanceof EnrichmentException e ? e.errorType() : ErrorType.EXTERNAL_API_ERROR;
        result.complete(List.of(EnrichmentResult.rejected(
                DlqRecord.of(type, null, cause.getMessage(), event.order.orderId, event.source))));
    }

    /** Enrichment latency of every order; API latency of every order that called the API; sampled log events. */
    private void observe(OrderEvent event, String customerId, boolean cached, double millis) {
        metrics.operatorLatencySample(Metric.OperatorName.ENRICHMENT, millis);
        if (!cached) {
            metrics.sample(Metric.ENRICHMENT_API_LATENCY, millis);
        }
        if (metrics.takeLogSample()) {
            LogEvents.event(LogEvents.Kind.ENRICHMENT_SAMPLE)
                    .with(LogField.OPERATOR, Metric.OperatorName.ENRICHMENT.dimensionValue())
                    .with(LogField.ORDER_ID, event.order.orderId)
                    .with(LogField.CUSTOMER_ID, customerId)
                    .with(LogField.LATENCY_MS, millis)
                    .with(LogField.ENRICHMENT_API_LATENCY, cached ? 0.0 : millis)
                    .with(LogField.ENRICHMENT_CACHE_HIT, cached ? 1 : 0)
                    .log();
        }
    }
}
