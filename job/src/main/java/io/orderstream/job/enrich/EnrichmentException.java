package io.orderstream.job.enrich;

import io.orderstream.job.model.ErrorType;

/** Enrichment failed for good (after retries); the error type says which DLQ bucket the order goes to. */
public class EnrichmentException extends RuntimeException {
    private final ErrorType errorType;

    public EnrichmentException(ErrorType errorType, String message) {
        super(message, null, false, false);
        this.errorType = errorType;
    }

    public ErrorType errorType() {
        return errorType;
    }
}
