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

    /** True when the customer is cached, so no API call will be made. */
    public boolean isCached(String customerId) {
        return cache.getIfPresent(customerId) != null;
    }

    public CompletableFuture<Customer> customer(String customerId) {
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
