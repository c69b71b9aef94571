package io.orderstream.job.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderstream.job.TestOrders;
import io.orderstream.job.dlq.DlqOutput;
import io.orderstream.job.model.DlqRecord;
import io.orderstream.job.model.ErrorType;
import io.orderstream.job.model.OrderEvent;
import io.orderstream.job.model.RawRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Operator {@code deserialize} behind the source, which has parsed each payload, and without it. */
class ParseOrdersTest {
    private static final int MAX_RECORD_BYTES = 1_048_576;

    private OneInputStreamOperatorTestHarness<RawRecord, OrderEvent> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forProcessFunction(new ParseOrders(MAX_RECORD_BYTES));
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static RawRecord readBySource(String payload) {
        return TestOrders.readBySource(payload.getBytes(StandardCharsets.UTF_8), MAX_RECORD_BYTES);
    }

    private List<DlqRecord> dlq() {
        var side = harness.getSideOutput(DlqOutput.TAG);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void anOrderTheSourceParsedIsTakenFromThatParse() throws Exception {
        RawRecord record = readBySource(TestOrders.SPEC_EXAMPLE);
        assertThat(record.parsed.isOrder()).isTrue();
        // Bytes that would not parse: the order can only come from the source's parse.
        record.payload = "not read again".getBytes(StandardCharsets.UTF_8);

        harness.processElement(record, 0L);

        assertThat(harness.extractOutputValues()).singleElement().satisfies(event -> {
            assertThat(event.order.orderId).isEqualTo("ORD-20261123-000042");
            assertThat(event.source.offset).isEqualTo(1234L);
        });
        assertThat(dlq()).isEmpty();
    }

    @Test
    void aPayloadTheSourceCouldNotParseGoesToTheDlqWithTheParseError() throws Exception {
        RawRecord record = readBySource("{\"order_id\":\"O1\",");
        assertThat(record.parsed.isOrder()).isFalse();

        harness.processElement(record, 0L);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(dlq()).singleElement().satisfies(d -> {
            assertThat(d.errorType).isEqualTo(ErrorType.PARSE_ERROR);
            assertThat(d.errorDetail).isEqualTo(record.parsed.error).startsWith("invalid JSON");
            assertThat(d.source.offset).isEqualTo(1234L);
        });
    }

    @Test
    void aRecordThatComesWithoutTheSourcesParseIsParsedHere() throws Exception {
        RawRecord copied = TestOrders.raw(TestOrders.SPEC_EXAMPLE); // as after a copy: no parse attached
        RawRecord malformed = TestOrders.raw("not json");

        harness.processElement(copied, 0L);
        harness.processElement(malformed, 0L);

        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(event -> assertThat(event.order.orderId).isEqualTo("ORD-20261123-000042"));
        assertThat(dlq()).singleElement().satisfies(d -> {
            assertThat(d.errorType).isEqualTo(ErrorType.PARSE_ERROR);
            assertThat(new String(d.source.payload, StandardCharsets.UTF_8)).isEqualTo("not json");
        });
    }
}
