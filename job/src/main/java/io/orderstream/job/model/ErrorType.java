package io.orderstream.job.model;

/** Why a record went to the DLQ. The wire name is what runbooks and Logs Insights queries filter on. */
public enum ErrorType {
    PARSE_ERROR("parse_error"),
    VALIDATION_ERROR("validation_error"),
    DUPLICATE("duplicate"),
    TIMEOUT("timeout"),
    EXTERNAL_API_ERROR("external_api_error"),
    LATE_ARRIVAL("late_arrival");

    private final String wireName;

    ErrorType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
