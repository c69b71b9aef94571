package io.orderstream.job.enrich;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.async.SdkAsyncHttpResponseHandler;

/**
 * One answer of the customer API, collected from the Netty client's callbacks: its status, then its
 * whole body. The callbacks come on the client's event loop, one after the other, and so does the
 * completion of {@link #result()} and everything that depends on it, unless the attempt's timeout
 * ends it first (then on the JDK's delay thread).
 *
 * <p>The body is read up to {@link CustomerApiClient#MAX_ANSWER_BYTES}: a customer is ~100 bytes, and an API that
 * answers with megabytes (an error page, a misrouted endpoint) must not fill the TaskManager's heap
 * with up to the async capacity's worth of them. Beyond the limit the answer stops reading, which
 * closes the connection, and completes as {@link Response#tooLarge() too large}.
 */
final class ApiAnswer implements SdkAsyncHttpResponseHandler, Subscriber<ByteBuffer> {
    /** A status and the whole body, or the status of an answer whose body passed the limit. */
    record Response(int status, byte[] body, boolean tooLarge) {}

    private final CompletableFuture<Response> result = new CompletableFuture<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(256);
    private volatile int status;
    private Subscription subscription;

    /** Completes with the answer, or fails with what ended the call (connection, TLS, cancellation). */
    CompletableFuture<Response> result() {
        return result;
    }

    /** Whether the API began to answer: its status line and headers arrived. */
    boolean begun() {
        return status != 0;
    }

    @Override
    public void onHeaders(SdkHttpResponse headers) {
        status = headers.statusCode();
    }

    @Override
    public void onStream(Publisher<ByteBuffer> stream) {
        stream.subscribe(this);
    }

    @Override
    public void onError(Throwable error) {
        result.completeExceptionally(error);
    }

    @Override
    public void onSubscribe(Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(ByteBuffer bytes) {
        if (result.isDone()) {
            return; // chunks already on their way when the answer ended
        }
        if (body.size() + bytes.remaining() > CustomerApiClient.MAX_ANSWER_BYTES) {
            // Completed before the cancel, which makes the client report a cancellation to onError.
            result.complete(new Response(status, null, true));
            subscription.cancel();
            return;
        }
        byte[] chunk = new byte[bytes.remaining()];
        bytes.get(chunk);
        body.writeBytes(chunk);
    }

    @Override
    public void onComplete() {
        result.complete(new Response(status, body.toByteArray(), false));
    }
}
