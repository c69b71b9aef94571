package io.orderstream.job;

import io.orderstream.job.aggregate.BucketSum;
import io.orderstream.job.aggregate.MarkFirstCustomerOrders;
import io.orderstream.job.aggregate.PartialTotals;
import io.orderstream.job.aggregate.RouteLateOrders;
import io.orderstream.job.aggregate.ToWindowInput;
import io.orderstream.job.aggregate.WindowAggregation;
import io.orderstream.job.config.JobConfig;
import io.orderstream.job.dedup.DeduplicateOrders;
import io.orderstream.job.dlq.DlqOutput;
import io.orderstream.job.dlq.SplitOversizedDlqRecords;
import io.orderstream.job.enrich.EnrichOrders;
import io.orderstream.job.enrich.EnrichmentResult;
import io.orderstream.job.enrich.RouteEnrichmentResults;
import io.orderstream.job.model.DlqRecord;
import io.orderstream.job.model.EnrichedOrder;
import io.orderstream.job.model.OrderEvent;
import io.orderstream.job.model.RawRecord;
import io.orderstream.job.model.WindowAggregate;
import io.orderstream.job.model.WindowedOrder;
import io.orderstream.job.observe.ObserveDeliveredOrders;
import io.orderstream.job.observe.ObserveDlq;
import io.orderstream.job.observe.TrackWindowCompleteness;
import io.orderstream.job.parse.ParseOrders;
import io.orderstream.job.source.OrderEventTime;
import io.orderstream.job.validate.ValidateOrders;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The dataflow of the job, stage by stage:
 *
 * <pre>
 * kafka-source (event time and watermarks per partition) → deserialize → validate → dedup (by order_id) → enrich (async)
 *   → route-enrichment → route-late ─┬→ firehose-orders
 *                                    │  (observe-orders: RecordsOut, ProcessingLatency, checkpoint events)
 *                                    └→ window-input (the few fields the windows need; not replays outside windows)
 *                                         → mark-first-customer-order (by customer) → sum-per-bucket (in memory, until
 *                                           the window's end or the next checkpoint) → pre-aggregate (5-min windows per bucket
 *                                           of customers) → aggregate (their sum)
 *                                         → window-completeness (by window; + late drops of route-late) → firehose-aggregates
 * route-late, observe-orders, the orders sink and window-input form one chain: no copy, no serialization.
 * every stage's rejects (side output "dlq") → observe-dlq (DLQ counts, one log event each)
 *   → split-oversized-dlq (a record too large for one Firehose record becomes parts) ──────────────→ firehose-dlq
 * </pre>
 */
public final class OrderPipeline {
    private OrderPipeline() {}

    public static void build(StreamExecutionEnvironment env, JobConfig config,
                             Source<RawRecord, ?, ?> source, PipelineSinks sinks) {
        JobConfig.Metrics metrics = config.metrics();
        DataStream<RawRecord> raw = env
                .fromSource(source, OrderEventTime.watermarks(config.eventTime()), Operators.KAFKA_SOURCE.operatorName())
                .uid(Operators.KAFKA_SOURCE.uid());

        SingleOutputStreamOperator<OrderEvent> parsed = named(
                raw.process(new ParseOrders(config.maxRecordBytes(), metrics)), Operators.DESERIALIZE);
        SingleOutputStreamOperator<OrderEvent> valid = named(
                parsed.process(new ValidateOrders(metrics)), Operators.VALIDATE);
        SingleOutputStreamOperator<OrderEvent> unique = named(
                valid.keyBy(new OrderIdKey()).process(new DeduplicateOrders(config.dedupTtl(), metrics)), Operators.DEDUP);

        JobConfig.Enrichment enrichment = config.enrichment();
        // Timeout 0: EnrichOrders times out the orders that wait for the API itself, so that the cache
        // hits register no timer (see EnrichOrders).
        SingleOutputStreamOperator<EnrichmentResult> enrichmentResults = named(AsyncDataStream.unorderedWait(
                unique, new EnrichOrders(enrichment, metrics), 0, TimeUnit.MILLISECONDS,
                enrichment.capacity()), Operators.ENRICH);
        SingleOutputStreamOperator<EnrichedOrder> enriched = named(
                enrichmentResults.process(new RouteEnrichmentResults()), Operators.ROUTE_ENRICHMENT);

        JobConfig.Windows windows = config.windows();
        SingleOutputStreamOperator<EnrichedOrder> accepted = named(
                enriched.process(new RouteLateOrders(windows.size(), windows.allowedLateness(), metrics)), Operators.ROUTE_LATE);
        named(accepted.process(new ObserveDeliveredOrders(metrics)), Operators.OBSERVE_ORDERS)
                .sinkTo(sinks.orders())
                .name(Operators.ORDERS_SINK.operatorName()).uid(Operators.ORDERS_SINK.uid());

        // The aggregation reads a few fields of each order: project first, so its shuffle by customer is cheap.
        SingleOutputStreamOperator<WindowedOrder> windowInput = named(
                accepted.flatMap(new ToWindowInput(), TypeInformation.of(WindowedOrder.class)), Operators.WINDOW_INPUT);
        SingleOutputStreamOperator<WindowedOrder> marked = named(windowInput.keyBy(new CustomerKey())
                .process(new MarkFirstCustomerOrders(windows.size(), windows.allowedLateness(), metrics)),
                Operators.MARK_FIRST_CUSTOMER_ORDER);
        // Summed per bucket in memory first: the windows' state is written per bucket and flush, not per order.
        SingleOutputStreamOperator<BucketSum> bucketSums = named(
                WindowAggregation.sumPerBucket(marked, windows.size()), Operators.SUM_PER_BUCKET);
        SingleOutputStreamOperator<PartialTotals> partials = named(
                WindowAggregation.preAggregate(bucketSums, windows.size(), windows.allowedLateness()), Operators.PRE_AGGREGATE);
        SingleOutputStreamOperator<WindowAggregate> aggregates = named(
                WindowAggregation.combine(partials, windows.size(), windows.allowedLateness()), Operators.AGGREGATE);
        SingleOutputStreamOperator<WindowAggregate> tracked = named(aggregates.keyBy(new WindowStartKey())
                .connect(accepted.getSideOutput(RouteLateOrders.LATE_DROPPED_WINDOWS).keyBy(new LongKey()))
                .process(new TrackWindowCompleteness(metrics), TypeInformation.of(WindowAggregate.class)),
                Operators.WINDOW_COMPLETENESS);
        tracked.sinkTo(sinks.aggregates())
                .name(Operators.AGGREGATES_SINK.operatorName()).uid(Operators.AGGREGATES_SINK.uid());

        DataStream<DlqRecord> dlq = parsed.getSideOutput(DlqOutput.TAG).union(
                valid.getSideOutput(DlqOutput.TAG),
                unique.getSideOutput(DlqOutput.TAG),
                enriched.getSideOutput(DlqOutput.TAG),
                accepted.getSideOutput(DlqOutput.TAG));
        SingleOutputStreamOperator<DlqRecord> observedDlq = named(dlq.process(new ObserveDlq(metrics)), Operators.OBSERVE_DLQ);
        named(observedDlq.flatMap(new SplitOversizedDlqRecords(), DlqOutput.TAG.getTypeInfo()), Operators.SPLIT_OVERSIZED_DLQ)
                .sinkTo(sinks.dlq()).name(Operators.DLQ_SINK.operatorName()).uid(Operators.DLQ_SINK.uid());
    }

    private static <T> SingleOutputStreamOperator<T> named(SingleOutputStreamOperator<T> stream, Operators op) {
        return stream.name(op.operatorName()).uid(op.uid());
    }

    /** Dedup key. */
    static final class OrderIdKey implements KeySelector<OrderEvent, String> {
        @Override
        public String getKey(OrderEvent event) {
            return event.order.orderId;
        }
    }

    /** Window-completeness key of an emitted window. */
    static final class WindowStartKey implements KeySelector<WindowAggregate, Long> {
        @Override
        public Long getKey(WindowAggregate aggregate) {
            return aggregate.windowStart;
        }
    }

    /** Window-completeness key of a late drop: the window start itself. */
    static final class LongKey implements KeySelector<Long, Long> {
        @Override
        public Long getKey(Long windowStart) {
            return windowStart;
        }
    }

    /** Distinct-customer key. */
    static final class CustomerKey implements KeySelector<WindowedOrder, String> {
        @Override
        public String getKey(WindowedOrder order) {
            return order.customerId;
        }
    }
}
