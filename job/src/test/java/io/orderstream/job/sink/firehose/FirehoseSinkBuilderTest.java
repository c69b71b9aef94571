package io.orderstream.job.sink.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class FirehoseSinkBuilderTest {

    private static final FirehoseClientConfig CLIENT =
            FirehoseClientConfig.builder().region("us-east-1").build();

    private static FirehoseSinkBuilder<String> validBuilder() {
        return FirehoseSink.<String>builder()
                .setDeliveryStreamName("orders-enriched")
                .setSerializationSchema(new SimpleStringSchema())
                .setClientConfig(CLIENT);
    }

    @Test
    void buildsWithDefaults() {
        FirehoseSink<String> sink = validBuilder().build();

        assertThat(sink.getDeliveryStreamName()).isEqualTo("orders-enriched");
        assertThat(sink.getWriterStateSerializer()).isInstanceOf(FirehoseStateSerializer.class);
    }

    @Test
    void sinkSurvivesJavaSerialization() throws Exception {
        FirehoseSink<String> sink = validBuilder().setMaxBatchSize(100).build();

        FirehoseSink<String> copy =
                InstantiationUtil.clone(sink, FirehoseSinkBuilderTest.class.getClassLoader());

        assertThat(copy.getDeliveryStreamName()).isEqualTo("orders-enriched");
    }

    @Test
    void rejectsMissingDeliveryStreamName() {
        assertThatThrownBy(() -> validBuilder().setDeliveryStreamName(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("delivery stream name")
                .hasMessageContaining("setDeliveryStreamName");
        assertThatThrownBy(() -> validBuilder().setDeliveryStreamName("  ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("delivery stream name");
    }

    @Test
    void rejectsMalformedDeliveryStreamName() {
        assertThatThrownBy(() -> validBuilder().setDeliveryStreamName("orders/enriched").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'orders/enriched'");
    }

    @Test
    void rejectsBatchSizeAbovePutRecordBatchLimit() {
        assertThatThrownBy(() -> validBuilder().setMaxBatchSize(501).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBatchSize")
                .hasMessageContaining("500")
                .hasMessageContaining("501");
    }

    @Test
    void acceptsBatchSizeAtPutRecordBatchLimit() {
        assertThat(validBuilder().setMaxBatchSize(500).build()).isNotNull();
    }

    @Test
    void rejectsBatchBytesAbove4MiB() {
        assertThatThrownBy(
                        () -> validBuilder().setMaxBatchSizeInBytes(4L * 1024 * 1024 + 1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBatchSizeInBytes")
                .hasMessageContaining("4 MiB")
                .hasMessageContaining("4194305");
    }

    @Test
    void rejectsRecordSizeAboveFirehoseLimit() {
        assertThatThrownBy(() -> validBuilder().setMaxRecordSizeInBytes(1_024_001).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxRecordSizeInBytes")
                .hasMessageContaining("1024000");
    }

    @Test
    void rejectsBufferNotLargerThanBatch() {
        assertThatThrownBy(
                        () -> validBuilder().setMaxBatchSize(500).setMaxBufferedRequests(500).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBufferedRequests");
    }

    @Test
    void rejectsMissingOrDoubleConversion() {
        assertThatThrownBy(() -> validBuilder().setSerializationSchema(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exactly one of");
        assertThatThrownBy(
                        () ->
                                validBuilder()
                                        .setElementConverter(
                                                new FirehoseSinkElementConverter<>(
                                                        new SimpleStringSchema()))
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exactly one of");
    }

    @Test
    void rejectsMissingClientConfig() {
        assertThatThrownBy(() -> validBuilder().setClientConfig(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("setClientConfig");
    }

    @Test
    void rejectsMoreInFlightRequestsThanConnections() {
        FirehoseClientConfig small =
                FirehoseClientConfig.builder().region("us-east-1").maxConcurrency(10).build();

        assertThatThrownBy(
                        () ->
                                validBuilder()
                                        .setClientConfig(small)
                                        .setMaxInFlightRequests(20)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxConcurrency (10)")
                .hasMessageContaining("maxInFlightRequests (20)");
    }
}
