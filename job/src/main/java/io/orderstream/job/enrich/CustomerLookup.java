package io.orderstream.job.enrich;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.orderstream.job.model.Customer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The customer API behind a TTL cache. Only answers are cached: a failed call is not, so the next
 * order of that customer tries again. Concurrent lookups of one uncached customer share one call.
 */
public final class CustomerLookup {
    private final CustomerApiClient client;
    private final Cache<String, Customer> cache;
    private final Map<String, CompletableFuture<Customer>> inFlight = new ConcurrentHashMap<>();

    public CustomerLookup(CustomerApiClient client, Duration ttl, int maxSize) {
        this.client = client;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(maxSize)
                .build();
    }

    /** The cached customer, or null: one cache read, no API call, no future. */
    public Customer cached(String customerId) {
        return cache.getIfPresent(customerId);
    }

    /** The customer from the API (or from the cache if an earlier call has just filled it), cached when it answers. */
    public CompletableFuture<Customer> fetch(String customerId) {
        Customer cached = cache.getIfPresent(customerId);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        CompletableFuture<Customer> call = inFlight.computeIfAbsent(customerId, client::fetch);
        call.whenComplete((customer, error) -> {
            if (customer != null) {
                cache.put(customerId, customer);
            }
            inFlight.remove(customerId, call);
        });
        return call;
    }
}
