package io.orderstream.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderstream.job.model.DlqRecord;
import io.orderstream.job.model.ErrorType;
import io.orderstream.job.model.RawRecord;
import io.orderstream.job.sink.DlqRecordJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The tool and the job agree on how a replay is marked: the header it writes, the field it reads back. */
class ReplayContractTest {

    @Test
    void theJobReadsTheHeaderTheToolWrites() {
        assertThat(ReplayContract.REPLAY_OF_HEADER).isEqualTo(RawRecord.REPLAY_OF_HEADER);
    }

    @Test
    void theJobWritesTheFieldTheToolReads() throws Exception {
        RawRecord source = new RawRecord("orders.raw", 2, 40, 0L, "{}".getBytes(StandardCharsets.UTF_8));
        source.replayOf = "orders.raw-1@7";
        byte[] line = new DlqRecordJson().serialize(DlqRecord.of(ErrorType.TIMEOUT, null, "slow", "ORD-1", source));

        assertThat(new ObjectMapper().readTree(line).get(ReplayContract.REPLAY_OF_FIELD).asText())
                .isEqualTo("orders.raw-1@7");
    }
}
