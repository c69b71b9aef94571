package io.orderstream.bench.jmh;

import io.orderstream.bench.OrderMix;
import io.orderstream.job.model.Customer;
import io.orderstream.job.model.DlqRecord;
import io.orderstream.job.model.EnrichedOrder;
import io.orderstream.job.model.ErrorType;
import io.orderstream.job.model.RawRecord;
import io.orderstream.job.parse.OrderJsonParser;
import io.orderstream.job.sink.DlqRecordJson;
import io.orderstream.job.sink.EnrichedOrderJson;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/** Encoding of sink records: a DLQ record (parse_error, payload as text) and an enriched order, as JSON lines. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SinkEncodingBench {
    private final DlqRecordJson dlqJson = new DlqRecordJson();
    private final EnrichedOrderJson orderJson = new EnrichedOrderJson();
    private DlqRecord dlq;
    private EnrichedOrder order;

    @Setup
    public void setUp() throws Exception {
        OrderMix mix = new OrderMix("bench", System.currentTimeMillis() - 3_600_000, 250);
        RawRecord bad = new RawRecord("orders.raw", 1, 98, System.currentTimeMillis(), mix.record(98));
        dlq = DlqRecord.of(ErrorType.PARSE_ERROR, null, "invalid JSON: Unexpected end-of-input", null, bad);
        RawRecord good = new RawRecord("orders.raw", 1, 5, System.currentTimeMillis(), mix.record(5));
        var o = new OrderJsonParser(1 << 20).parse(good.payload);
        order = new EnrichedOrder(o, new Customer(o.customerId, "gold", "DE", "2020-01-01"), good);
        order.windowStart = o.eventTimeMillis - o.eventTimeMillis % 300_000;
    }

    @Benchmark
    public byte[] dlqRecord() {
        return dlqJson.serialize(dlq);
    }

    @Benchmark
    public byte[] enrichedOrder() {
        return orderJson.serialize(order);
    }
}
