package io.orderstream.job;

import io.orderstream.job.model.DlqRecord;
import io.orderstream.job.model.EnrichedOrder;
import io.orderstream.job.model.WindowAggregate;
import org.apache.flink.api.connector.sink2.Sink;

/** Where the three outputs go: Firehose in production, anything else in benchmarks. */
public record PipelineSinks(Sink<EnrichedOrder> orders, Sink<WindowAggregate> aggregates, Sink<DlqRecord> dlq) {}
