package io.orderstream.job.text;

/**
 * Text from a payload cut to a bound before it is written where size matters (a Firehose record, a
 * log event): a payload's strings are as long as input.max-record-bytes allows.
 */
public final class BoundedText {
    private BoundedText() {}

    /** At most {@code maxChars} characters, ending in "…" when cut, never half a surrogate pair. */
    public static String shortened(String text, int maxChars) {
        if (text == null || text.length() <= maxChars) {
            return text;
        }
        int end = maxChars - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
