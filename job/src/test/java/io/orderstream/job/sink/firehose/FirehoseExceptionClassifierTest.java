package io.orderstream.job.sink.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderstream.job.sink.firehose.FirehoseExceptionClassifier.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.firehose.model.FirehoseException;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.InvalidKmsResourceException;
import software.amazon.awssdk.services.firehose.model.InvalidSourceException;
import software.amazon.awssdk.services.firehose.model.LimitExceededException;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;
import software.amazon.awssdk.services.firehose.model.ServiceUnavailableException;

class FirehoseExceptionClassifierTest {

    private static FirehoseException serviceError(int status, String code) {
        return (FirehoseException)
                FirehoseException.builder()
                        .statusCode(status)
                        .message(code + " from Firehose")
                        .awsErrorDetails(
                                AwsErrorDetails.builder()
                                        .errorCode(code)
                                        .errorMessage(code + " from Firehose")
                                        .build())
                        .build();
    }

    private static CompletionException asDeliveredBySdk(Throwable t) {
        return new CompletionException(t);
    }

    @Test
    void missingDeliveryStreamIsFatal() {
        ResourceNotFoundException e =
                ResourceNotFoundException.builder()
                        .message("Firehose orders not found under account 000000000000.")
                        .build();

        assertThat(FirehoseExceptionClassifier.classify(e)).isEqualTo(Kind.DELIVERY_STREAM_NOT_FOUND);
        assertThat(FirehoseExceptionClassifier.classify(asDeliveredBySdk(e)))
                .isEqualTo(Kind.DELIVERY_STREAM_NOT_FOUND);
        assertThat(Kind.DELIVERY_STREAM_NOT_FOUND.isFatal()).isTrue();
    }

    @Test
    void invalidRequestsAreFatal() {
        assertThat(
                        FirehoseExceptionClassifier.classify(
                                asDeliveredBySdk(
                                        InvalidArgumentException.builder().message("bad").build())))
                .isEqualTo(Kind.INVALID_REQUEST);
        assertThat(
                        FirehoseExceptionClassifier.classify(
                                InvalidSourceException.builder().message("kinesis source").build()))
                .isEqualTo(Kind.INVALID_REQUEST);
        assertThat(Kind.INVALID_REQUEST.isFatal()).isTrue();
    }

    @Test
    void accessDeniedIsFatal() {
        assertThat(
                        FirehoseExceptionClassifier.classify(
                                asDeliveredBySdk(serviceError(400, "AccessDeniedException"))))
                .isEqualTo(Kind.ACCESS_DENIED);
        assertThat(FirehoseExceptionClassifier.classify(serviceError(400, "NotAuthorized")))
                .isEqualTo(Kind.ACCESS_DENIED);
        assertThat(FirehoseExceptionClassifier.classify(serviceError(403, "SomethingNew")))
                .isEqualTo(Kind.ACCESS_DENIED);
        assertThat(Kind.ACCESS_DENIED.isFatal()).isTrue();
    }

    @Test
    void invalidCredentialsAreFatal() {
        assertThat(
                        FirehoseExceptionClassifier.classify(
                                asDeliveredBySdk(serviceError(400, "UnrecognizedClientException"))))
                .isEqualTo(Kind.INVALID_CREDENTIALS);
        assertThat(FirehoseExceptionClassifier.classify(serviceError(403, "InvalidSignatureException")))
                .isEqualTo(Kind.INVALID_CREDENTIALS);
        assertThat(FirehoseExceptionClassifier.classify(serviceError(400, "ExpiredTokenException")))
                .isEqualTo(Kind.INVALID_CREDENTIALS);
        SdkClientException noCredentials =
                SdkClientException.create(
                        "Unable to load credentials from any of the providers in the chain");
        assertThat(FirehoseExceptionClassifier.classify(asDeliveredBySdk(noCredentials)))
                .isEqualTo(Kind.INVALID_CREDENTIALS);
        assertThat(Kind.INVALID_CREDENTIALS.isFatal()).isTrue();
    }

    @Test
    void unusableKmsKeyIsFatal() {
        assertThat(
                        FirehoseExceptionClassifier.classify(
                                asDeliveredBySdk(
                                        InvalidKmsResourceException.builder()
                                                .message("KMS key disabled")
                                                .build())))
                .isEqualTo(Kind.KMS_ACCESS_DENIED);
        assertThat(FirehoseExceptionClassifier.classify(serviceError(400, "KMS.AccessDeniedException")))
                .isEqualTo(Kind.KMS_ACCESS_DENIED);
        assertThat(Kind.KMS_ACCESS_DENIED.isFatal()).isTrue();
    }

    @Test
    void interruptionIsFatal() {
        assertThat(FirehoseExceptionClassifier.classify(new InterruptedException()))
                .isEqualTo(Kind.INTERRUPTED);
        assertThat(Kind.INTERRUPTED.isFatal()).isTrue();
    }

    @Test
    void throttlingIsRetried() {
        assertThat(
                        FirehoseExceptionClassifier.classify(
                                asDeliveredBySdk(
                                        ServiceUnavailableException.builder()
                                                .message("Slow down.")
                                                .build())))
                .isEqualTo(Kind.THROTTLED);
        assertThat(
                        FirehoseExceptionClassifier.classify(
                                LimitExceededException.builder().message("limit").build()))
                .isEqualTo(Kind.THROTTLED);
        assertThat(FirehoseExceptionClassifier.classify(serviceError(400, "ThrottlingException")))
                .isEqualTo(Kind.THROTTLED);
        assertThat(FirehoseExceptionClassifier.classify(serviceError(429, "TooManyRequests")))
                .isEqualTo(Kind.THROTTLED);
        assertThat(Kind.THROTTLED.isFatal()).isFalse();
    }

    @Test
    void serverAndNetworkErrorsAreRetried() {
        assertThat(FirehoseExceptionClassifier.classify(serviceError(500, "InternalFailure")))
                .isEqualTo(Kind.RETRYABLE);
        assertThat(
                        FirehoseExceptionClassifier.classify(
                                asDeliveredBySdk(
                                        SdkClientException.create(
                                                "Unable to execute HTTP request: Connection refused",
                                                new ConnectException("Connection refused")))))
                .isEqualTo(Kind.RETRYABLE);
        assertThat(
                        FirehoseExceptionClassifier.classify(
                                asDeliveredBySdk(
                                        ApiCallTimeoutException.create(120_000))))
                .isEqualTo(Kind.RETRYABLE);
        assertThat(
                        FirehoseExceptionClassifier.classify(
                                new ExecutionException(new IOException("connection reset"))))
                .isEqualTo(Kind.RETRYABLE);
        assertThat(Kind.RETRYABLE.isFatal()).isFalse();
    }

    @Test
    void findsFatalCauseDeepInTheChain() {
        Throwable deep =
                new CompletionException(
                        new ExecutionException(
                                SdkClientException.create(
                                        "wrapped",
                                        ResourceNotFoundException.builder()
                                                .message("not found")
                                                .build())));

        assertThat(FirehoseExceptionClassifier.classify(deep))
                .isEqualTo(Kind.DELIVERY_STREAM_NOT_FOUND);
    }

    @Test
    void stopsOnCyclicCauseChains() {
        Exception a = new Exception("a");
        Exception b = new Exception("b", a);
        a.initCause(b);

        assertThat(FirehoseExceptionClassifier.classify(a)).isEqualTo(Kind.RETRYABLE);
    }

    @Test
    void classifiesPerRecordErrorCodes() {
        assertThat(FirehoseExceptionClassifier.classifyErrorCode("ServiceUnavailableException"))
                .isEqualTo(Kind.THROTTLED);
        assertThat(FirehoseExceptionClassifier.classifyErrorCode("InternalFailure"))
                .isEqualTo(Kind.RETRYABLE);
        assertThat(FirehoseExceptionClassifier.classifyErrorCode("KMS.DisabledException"))
                .isEqualTo(Kind.KMS_ACCESS_DENIED);
        assertThat(FirehoseExceptionClassifier.classifyErrorCode(null)).isEqualTo(Kind.RETRYABLE);
    }

    @Test
    void partialFailureTakesTheMostSevereRecordError() {
        PutRecordBatchResponseEntry ok = PutRecordBatchResponseEntry.builder().recordId("1").build();
        PutRecordBatchResponseEntry internal =
                PutRecordBatchResponseEntry.builder().errorCode("InternalFailure").build();
        PutRecordBatchResponseEntry throttled =
                PutRecordBatchResponseEntry.builder().errorCode("ServiceUnavailableException").build();
        PutRecordBatchResponseEntry kms =
                PutRecordBatchResponseEntry.builder().errorCode("KMS.AccessDeniedException").build();

        assertThat(FirehoseExceptionClassifier.classifyRecordErrors(List.of(ok, internal)))
                .isEqualTo(Kind.RETRYABLE);
        assertThat(FirehoseExceptionClassifier.classifyRecordErrors(List.of(internal, throttled, ok)))
                .isEqualTo(Kind.THROTTLED);
        assertThat(FirehoseExceptionClassifier.classifyRecordErrors(List.of(throttled, kms)))
                .isEqualTo(Kind.KMS_ACCESS_DENIED);
    }
}
