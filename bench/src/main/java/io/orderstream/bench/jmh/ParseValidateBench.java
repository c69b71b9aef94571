package io.orderstream.bench.jmh;

import io.orderstream.bench.OrderMix;
import io.orderstream.job.model.Order;
import io.orderstream.job.model.RawRecord;
import io.orderstream.job.parse.MalformedOrderException;
import io.orderstream.job.parse.OrderJsonParser;
import io.orderstream.job.source.OrderEventTime;
import io.orderstream.job.validate.OrderValidator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Deserialization plus validation per record, on the benchmark's realistic mix (3% bad records):
 * what the source (its deserializer and timestamp assigner), {@code deserialize} and {@code validate}
 * do for each Kafka record. Single-threaded, so ops/s is records per second per core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class ParseValidateBench {
    private static final int RECORDS = 4096;

    private RawRecord[] records;
    private OrderJsonParser parser;
    private OrderValidator validator;
    private OrderEventTime timestamps;
    private long now;
    private int next;

    @Setup
    public void setUp() {
        OrderMix mix = new OrderMix("bench", System.currentTimeMillis() - 3_600_000, 250);
        records = new RawRecord[RECORDS];
        for (int i = 0; i < RECORDS; i++) {
            records[i] = new RawRecord("orders.raw", i % 4, i, System.currentTimeMillis(), mix.record(i));
        }
        parser = new OrderJsonParser(1 << 20);
        validator = new OrderValidator();
        timestamps = new OrderEventTime();
        now = System.currentTimeMillis();
    }

    private RawRecord nextRecord() {
        RawRecord r = records[next];
        next = (next + 1) & (RECORDS - 1);
        return r;
    }

    /**
     * The whole per-record cost as the source thread pays it: one parse (in the Kafka deserializer),
     * the timestamp assigner reading the parsed event time, validation.
     */
    @Benchmark
    public void timestampParseValidate(Blackhole bh) {
        RawRecord r = nextRecord();
        r.parsed = parser.outcomeOf(r.payload);
        bh.consume(timestamps.extractTimestamp(r, r.kafkaTimestamp));
        if (r.parsed.isOrder()) {
            bh.consume(validator.validate(r.parsed.order, now));
        }
    }

    @Benchmark
    public void parseValidate(Blackhole bh) {
        RawRecord r = nextRecord();
        try {
            Order o = parser.parse(r.payload);
            bh.consume(validator.validate(o, now));
        } catch (MalformedOrderException e) {
            bh.consume(e);
        }
    }

    @Benchmark
    public Object parseOnly() {
        try {
            return parser.parse(nextRecord().payload);
        } catch (MalformedOrderException e) {
            return e;
        }
    }

    /** The timestamp assigner's scan of a record without the source's parse (one that is not an order). */
    @Benchmark
    public long timestampOnly() {
        RawRecord r = nextRecord();
        return timestamps.extractTimestamp(r, r.kafkaTimestamp);
    }
}
