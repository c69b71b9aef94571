package io.orderstream.job.sink.firehose;

/**
 * Fails the job from the Firehose sink. The message always names the delivery stream, because a
 * job may write to several streams and the operator needs to know which one to look at.
 */
public class FirehoseSinkException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    FirehoseSinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
