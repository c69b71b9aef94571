package io.orderstream.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.Record;

class LocalStackIT {

    private final LocalStack localStack = TestEnvironment.get().localStack();

    @Test
    void firehoseBatchLandsInS3AsLines() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String bucket = "orderstream-it-" + suffix;
        String stream = "orders-" + suffix;
        String prefix = "orders/";
        localStack.createBucket(bucket);
        localStack.createBucket(bucket); // idempotent
        localStack.createDeliveryStream(stream, bucket, prefix);

        List<String> lines = List.of(
                "{\"order_id\":\"o-1\",\"amount\":10.5}",
                "{\"order_id\":\"o-2\",\"amount\":3}",
                "{\"order_id\":\"o-3\",\"amount\":\"ü-utf8\"}");
        // Newline-delimited records, as the job's Firehose sink writes them.
        List<Record> records = lines.stream()
                .map(l -> Record.builder().data(SdkBytes.fromString(l + "\n", StandardCharsets.UTF_8)).build())
                .collect(Collectors.toList());
        PutRecordBatchResponse resp = localStack.firehose()
                .putRecordBatch(r -> r.deliveryStreamName(stream).records(records));

        assertThat(resp.failedPutCount()).isZero();
        assertThat(localStack.readLines(bucket, prefix)).containsExactlyElementsOf(lines);
        assertThat(localStack.readLines(bucket, "elsewhere/")).isEmpty();
    }

    @Test
    void endpointAndRegion() {
        assertThat(localStack.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(localStack.endpoint().getPort()).isNotEqualTo(4566);
        assertThat(localStack.region()).isEqualTo("us-east-1");
        assertThat(localStack.s3().listBuckets().buckets()).isNotNull();
    }
}
