package io.orderstream.job.enrich;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.orderstream.job.model.Customer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The customer API behind a TTL cache. Concurrent lookups of one customer share one call, and a
 * failed call is not cached, so the next order of that customer tries again.
 */
public final class CustomerLookup {
    private final CustomerApiClient client;
    private final AsyncCache<String, Customer> cache;

    public CustomerLookup(CustomerApiClient client, Duration ttl, int maxSize) {
        this.client = client;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(maxSize)
                .buildAsync();
    }

    /** True when the customer is cached (or being fetched), so no new API call will be made. */
    public boolean isCached(String customerId) {
        return cache.getIfPresent(customerId) != null;
    }

    public CompletableFuture<Customer> customer(String customerId) {
        return cache.get(customerId, (id, executor) -> client.fetch(id));
    }
}
