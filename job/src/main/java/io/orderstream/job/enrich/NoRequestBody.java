package io.orderstream.job.enrich;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.http.async.SdkHttpContentPublisher;

/** The body of a GET: none. The Netty client asks every request for a publisher of its body. */
final class NoRequestBody implements SdkHttpContentPublisher {
    static final NoRequestBody INSTANCE = new NoRequestBody();

    private NoRequestBody() {}

    @Override
    public Optional<Long> contentLength() {
        return Optional.of(0L);
    }

    @Override
    public void subscribe(Subscriber<? super ByteBuffer> subscriber) {
        subscriber.onSubscribe(new Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {}
        });
        subscriber.onComplete();
    }
}
