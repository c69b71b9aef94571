package io.orderstream.job.observe;

import io.orderstream.job.model.DlqRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code error_detail} of a DLQ record's log event: what went wrong, named by rule, field or
 * kind of failure, never a value of the payload. DLQ records are personal data; the DLQ bucket is
 * encrypted, access-restricted and expires them, but the application logs are read more widely and
 * kept longer, so the log gets only text the code chose: a fixed phrase per kind of failure, a
 * validation rule's name, a wrong-typed field's path (field names come from the contract, never
 * from the payload), an HTTP status. Anything else becomes its error type's generic phrase. The
 * full detail stays in the DLQ record.
 */
public final class DlqLogDetail {
    /** The parser's wrong-type message: a contract field path, the expected and the actual JSON type. */
    private static final Pattern WRONG_TYPE = Pattern.compile(
            "field [a-z_]+(\\[\\d+]\\.[a-z_]+)? must be (a|an) [a-z ]+, got (a |an )?[a-z]+");
    /** The parser's number-range message, without the number. */
    private static final Pattern EXPONENT_OUT_OF_RANGE = Pattern.compile(
            "(field [a-z_]+ is a number with an exponent beyond a decimal's range): .*");
    private static final Pattern HTTP_STATUS = Pattern.compile("HTTP (\\d{3})");

    private DlqLogDetail() {}

    public static String of(DlqRecord record) {
        String detail = record.errorDetail == null ? "" : record.errorDetail;
        return switch (record.errorType) {
            case PARSE_ERROR -> parseError(detail);
            case VALIDATION_ERROR -> record.errorRule == null ? "validation rule unknown" : "validation rule " + record.errorRule;
            case DUPLICATE -> "order_id already processed within dedup.ttl";
            case TIMEOUT -> "customer API: no answer within enrichment.timeout";
            case EXTERNAL_API_ERROR -> externalApiError(detail);
            case LATE_ARRIVAL -> "window closed: event_time older than window end + window.allowed-lateness";
        };
    }

    private static String parseError(String detail) {
        if (detail.equals("empty record") || detail.equals("not a JSON object")
                || detail.equals("unexpected content after the JSON object") || WRONG_TYPE.matcher(detail).matches()) {
            return detail;
        }
        Matcher exponent = EXPONENT_OUT_OF_RANGE.matcher(detail);
        if (exponent.matches()) {
            return exponent.group(1);
        }
        if (detail.startsWith("record of ")) {
            return "record larger than input.max-record-bytes";
        }
        if (detail.contains("Duplicate field")) {
            return "invalid JSON: duplicate field";
        }
        if (detail.contains("Invalid UTF-8")) {
            return "invalid JSON: invalid UTF-8";
        }
        if (detail.startsWith("invalid JSON")) {
            return "invalid JSON"; // Jackson's own message may quote the offending token
        }
        return "unreadable payload";
    }

    private static String externalApiError(String detail) {
        Matcher status = HTTP_STATUS.matcher(detail);
        if (status.find()) {
            return "customer API: HTTP " + status.group(1);
        }
        if (detail.contains("unusable customer API body")) {
            return "customer API: unusable body";
        }
        return "customer API: no usable answer (connection error)";
    }
}
