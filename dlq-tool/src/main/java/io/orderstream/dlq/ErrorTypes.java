package io.orderstream.dlq;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The DLQ's error types (the job's {@code ErrorType} wire names) and which ones replay refuses by default. */
public final class ErrorTypes {
    public static final String PARSE_ERROR = "parse_error";
    public static final String VALIDATION_ERROR = "validation_error";
    public static final String DUPLICATE = "duplicate";
    public static final String TIMEOUT = "timeout";
    public static final String EXTERNAL_API_ERROR = "external_api_error";
    public static final String LATE_ARRIVAL = "late_arrival";

    /** In the order of the pipeline's stages. */
    public static final List<String> ALL =
            List.of(PARSE_ERROR, VALIDATION_ERROR, DUPLICATE, TIMEOUT, EXTERNAL_API_ERROR, LATE_ARRIVAL);

    /**
     * Replaying these cannot help: a {@code duplicate} was already delivered once (replaying it
     * delivers it twice), a {@code late_arrival}'s window is closed for good (it would come back as
     * late again). Replay only with {@code --allow-type}.
     */
    public static final Set<String> REFUSED_BY_DEFAULT = Set.of(DUPLICATE, LATE_ARRIVAL);

    private ErrorTypes() {}

    /** Checks a name given on the command line; accepts any case and dashes for underscores. */
    public static String parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        if (!ALL.contains(t)) {
            throw new UsageException("unknown error type '" + text + "'; known: " + String.join(", ", ALL));
        }
        return t;
    }

    /** Sort key: pipeline order, unknown (future) types last. */
    public static int rank(String type) {
        int i = ALL.indexOf(type);
        return i < 0 ? ALL.size() : i;
    }
}
