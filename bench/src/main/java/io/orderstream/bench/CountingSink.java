package io.orderstream.bench;

import io.orderstream.job.model.DlqRecord;
import io.orderstream.job.model.EnrichedOrder;
import io.orderstream.job.model.WindowAggregate;
import java.io.Serializable;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A discarding sink that counts what is handed to it (and, for orders, the latency from the Kafka
 * timestamp) into {@link RunStats}. It stands in for Firehose to measure the job alone.
 */
public final class CountingSink<T> implements Sink<T> {
    /** What to count from one record. */
    public interface Recorder<T> extends Serializable {
        void record(RunStats stats, T value);
    }

    private final String run;
    private final Recorder<T> recorder;

    public CountingSink(String run, Recorder<T> recorder) {
        this.run = run;
        this.recorder = recorder;
    }

    public static CountingSink<EnrichedOrder> orders(String run) {
        return new CountingSink<>(run, (s, o) -> {
            s.sawRecord();
            s.latency(o.source.kafkaTimestamp);
            s.orders.increment();
        });
    }

    public static CountingSink<WindowAggregate> aggregates(String run) {
        return new CountingSink<>(run, (s, a) -> s.aggregates.increment());
    }

    public static CountingSink<DlqRecord> dlq(String run) {
        return new CountingSink<>(run, (s, d) -> {
            s.sawRecord();
            String type = d.errorType.wireName();
            s.dlqByType.computeIfAbsent(type, t -> new LongAdder()).increment();
            s.firstDlqDetailByType.putIfAbsent(type, String.valueOf(d.errorDetail));
            s.dlq.increment();
        });
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        RunStats stats = RunStats.of(run);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) {
                recorder.record(stats, element);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
