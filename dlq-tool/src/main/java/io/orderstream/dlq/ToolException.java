package io.orderstream.dlq;

/** The command could not do its work: missing bucket, unreachable Kafka, failed sends. Exit code 1. */
public class ToolException extends RuntimeException {
    public ToolException(String message) {
        super(message);
    }

    public ToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
