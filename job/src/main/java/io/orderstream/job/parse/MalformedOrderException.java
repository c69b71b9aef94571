package io.orderstream.job.parse;

/** The payload is not an order at the JSON level; the message is the DLQ's {@code error_detail}. */
public class MalformedOrderException extends Exception {
    public MalformedOrderException(String message) {
        super(message, null, false, false);
    }
}
