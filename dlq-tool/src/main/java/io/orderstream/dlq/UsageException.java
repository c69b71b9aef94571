package io.orderstream.dlq;

/** A bad command line: unknown option, bad filter, missing value. Exit code 2. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
