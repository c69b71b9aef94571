package io.orderstream.job.sink.firehose;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.InvalidKmsResourceException;
import software.amazon.awssdk.services.firehose.model.InvalidSourceException;
import software.amazon.awssdk.services.firehose.model.LimitExceededException;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;
import software.amazon.awssdk.services.firehose.model.ServiceUnavailableException;

/**
 * Decides whether a failed PutRecordBatch call may be retried.
 *
 * <p>The Async Sink framework retries whatever the writer hands back, forever. That is right for
 * throttling and network trouble (the congestion control and the bounded in-flight requests turn
 * them into backpressure), but wrong for a missing delivery stream or missing permissions: retrying
 * those only hides the problem while the job stops making progress. Such errors are therefore
 * classified as fatal so the job fails with a clear cause.
 *
 * <p>The SDK delivers failures wrapped (in {@link java.util.concurrent.CompletionException}, and
 * credential failures in {@link SdkClientException}), so the whole cause chain is inspected.
 */
final class FirehoseExceptionClassifier {

    /** What a failure means for the sink. */
    enum Kind {
        DELIVERY_STREAM_NOT_FOUND(true, "the delivery stream does not exist"),
        INVALID_REQUEST(true, "Firehose rejected the request as invalid"),
        ACCESS_DENIED(true, "access denied: the job's role may not put records to the stream"),
        INVALID_CREDENTIALS(true, "the AWS credentials are missing, invalid or expired"),
        KMS_ACCESS_DENIED(true, "the stream's KMS key cannot be used"),
        INTERRUPTED(true, "the request was interrupted"),
        THROTTLED(false, "throttled or service unavailable"),
        RETRYABLE(false, "transient failure");

        private final boolean fatal;
        private final String description;

        Kind(boolean fatal, String description) {
            this.fatal = fatal;
            this.description = description;
        }

        boolean isFatal() {
            return fatal;
        }

        String description() {
            return description;
        }
    }

    private static final Set<String> INVALID_CREDENTIALS_CODES =
            Set.of(
                    "UnrecognizedClientException",
                    "InvalidClientTokenId",
                    "InvalidSignatureException",
                    "SignatureDoesNotMatch",
                    "IncompleteSignature",
                    "MissingAuthenticationToken",
                    "ExpiredToken",
                    "ExpiredTokenException",
                    "InvalidAccessKeyId");

    private static final Set<String> ACCESS_DENIED_CODES =
            Set.of(
                    "AccessDenied",
                    "AccessDeniedException",
                    "NotAuthorized",
                    "NotAuthorizedException",
                    "UnauthorizedOperation");

    private static final Set<String> THROTTLING_CODES =
            Set.of(
                    "ServiceUnavailableException",
                    "LimitExceededException",
                    "ThrottlingException",
                    "Throttling");

    /** Prefix of the error codes Firehose reports when the stream's KMS key is unusable. */
    private static final String KMS_CODE_PREFIX = "KMS.";

    /** How the SDK's credential provider chain says that no credentials were found. */
    private static final String NO_CREDENTIALS_MESSAGE = "Unable to load credentials";

    private FirehoseExceptionClassifier() {}

    /** Classifies the failure of a whole request, looking through all wrapping causes. */
    static Kind classify(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            Kind kind = classifyOne(t);
            if (kind != Kind.RETRYABLE) {
                return kind;
            }
        }
        return Kind.RETRYABLE;
    }

    /**
     * Classifies the error code of one record in a partially failed PutRecordBatch response
     * (Firehose documents ServiceUnavailableException and InternalFailure there).
     */
    static Kind classifyErrorCode(String errorCode) {
        if (errorCode == null) {
            return Kind.RETRYABLE;
        }
        if (errorCode.startsWith(KMS_CODE_PREFIX)) {
            return Kind.KMS_ACCESS_DENIED;
        }
        if (INVALID_CREDENTIALS_CODES.contains(errorCode)) {
            return Kind.INVALID_CREDENTIALS;
        }
        if (ACCESS_DENIED_CODES.contains(errorCode)) {
            return Kind.ACCESS_DENIED;
        }
        if (THROTTLING_CODES.contains(errorCode)) {
            return Kind.THROTTLED;
        }
        return Kind.RETRYABLE;
    }

    /**
     * Classifies a partially failed PutRecordBatch by its most severe per-record error: fatal
     * before throttled before other transient errors.
     */
    static Kind classifyRecordErrors(List<PutRecordBatchResponseEntry> results) {
        Kind worst = Kind.RETRYABLE;
        for (PutRecordBatchResponseEntry result : results) {
            Kind kind = classifyErrorCode(result.errorCode());
            if (kind.isFatal()) {
                return kind;
            }
            if (kind == Kind.THROTTLED) {
                worst = kind;
            }
        }
        return worst;
    }

    private static Kind classifyOne(Throwable t) {
        if (t instanceof InterruptedException) {
            return Kind.INTERRUPTED;
        }
        if (t instanceof ResourceNotFoundException) {
            return Kind.DELIVERY_STREAM_NOT_FOUND;
        }
        if (t instanceof InvalidKmsResourceException) {
            return Kind.KMS_ACCESS_DENIED;
        }
        if (t instanceof InvalidArgumentException || t instanceof InvalidSourceException) {
            return Kind.INVALID_REQUEST;
        }
        if (t instanceof ServiceUnavailableException || t instanceof LimitExceededException) {
            return Kind.THROTTLED;
        }
        if (t instanceof AwsServiceException) {
            return classifyServiceException((AwsServiceException) t);
        }
        if (t instanceof SdkClientException
                && t.getMessage() != null
                && t.getMessage().contains(NO_CREDENTIALS_MESSAGE)) {
            return Kind.INVALID_CREDENTIALS;
        }
        return Kind.RETRYABLE;
    }

    private static Kind classifyServiceException(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        Kind byCode = classifyErrorCode(code);
        if (byCode != Kind.RETRYABLE) {
            return byCode;
        }
        if (e.isThrottlingException()) {
            return Kind.THROTTLED;
        }
        if (e.statusCode() == 401) {
            return Kind.INVALID_CREDENTIALS;
        }
        if (e.statusCode() == 403) {
            return Kind.ACCESS_DENIED;
        }
        return Kind.RETRYABLE;
    }
}
