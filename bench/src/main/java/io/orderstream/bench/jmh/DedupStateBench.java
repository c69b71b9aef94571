package io.orderstream.bench.jmh;

import io.orderstream.bench.OrderMix;
import io.orderstream.job.dedup.DeduplicateOrders;
import io.orderstream.job.model.Order;
import io.orderstream.job.model.OrderEvent;
import io.orderstream.job.model.RawRecord;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.openjdk.jmh.annotations.*;

/**
 * The dedup operator's state access per record (one TTL value-state read, one write for a new
 * order_id), on the heap and on RocksDB, through Flink's keyed operator test harness. Keys are
 * new order ids, 1 in 100 a repeat, as in the end-to-end mix; state grows during the run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class DedupStateBench {
    @Param({"heap", "rocksdb"})
    public String backend;

    private KeyedOneInputStreamOperatorTestHarness<String, OrderEvent, OrderEvent> harness;
    private RawRecord source;
    private long i;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DeduplicateOrders(Duration.ofHours(24))), e -> e.order.orderId, Types.STRING);
        harness.setStateBackend(backend.equals("rocksdb") ? new EmbeddedRocksDBStateBackend(true) : new HashMapStateBackend());
        harness.open();
        source = new RawRecord("orders.raw", 0, 0, 0, new byte[0]);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        harness.close();
    }

    @TearDown(Level.Iteration)
    public void drainOutputs() {
        harness.getOutput().clear();
        var side = harness.getSideOutput(io.orderstream.job.dlq.DlqOutput.TAG);
        if (side != null) side.clear();
    }

    @Benchmark
    public void processOrder() throws Exception {
        long n = i++;
        Order o = new Order();
        o.orderId = "bench-" + (OrderMix.kind(n) == OrderMix.Kind.DUPLICATE ? n - 50 : n);
        harness.processElement(new OrderEvent(o, source), n);
        if ((n & 0xFFF) == 0) {
            harness.getOutput().clear();
            var side = harness.getSideOutput(io.orderstream.job.dlq.DlqOutput.TAG);
            if (side != null) side.clear();
        }
    }
}
