package io.orderstream.job.enrich;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.orderstream.job.model.Customer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The customer API behind a TTL cache. Only answers are cached: a failed call is not, so the next
 * order of that customer tries again. Concurrent lookups of one uncached customer share one call.
 *
 * <p>Refreshed ahead of expiry: a customer read after its refresh point, drawn for each answer between
 * half and three quarters of its TTL, is fetched again in the background while the cached answer keeps
 * serving orders; the new answer restarts the TTL. Without it, customers cached together (after a
 * start, all within seconds) expired together, and every order of every customer waited for the API at
 * once: a stall of ~10 s every {@code enrichment.cache.ttl} in the benchmark's soak. With one refresh
 * point for all, they were refreshed together: 20,000 calls per subtask within seconds, a stall of up
 * to ~8 s in the next soak. A refresh that fails is tried again a twentieth of the TTL later; the cached
 * answer is served until the TTL ends, as without refresh.
 *
 * <p>Called from one task thread; only the API's answers arrive on other threads.
 */
public final class CustomerLookup {
    private final CustomerApiClient client;
    private final Cache<String, Entry> cache;
    private final long ttlNanos;
    private final long refreshRetryNanos;
    private final Map<String, CompletableFuture<Customer>> inFlight = new ConcurrentHashMap<>();

    /** An answer of the API and, read by the task thread only, when it may next be refreshed. */
    private static final class Entry {
        final Customer customer;
        long refreshAtNanos;

        Entry(Customer customer, long refreshAtNanos) {
            this.customer = customer;
            this.refreshAtNanos = refreshAtNanos;
        }
    }

    public CustomerLookup(CustomerApiClient client, Duration ttl, int maxSize) {
        this.client = client;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(maxSize)
                .build();
        this.ttlNanos = ttl.toNanos();
        this.refreshRetryNanos = ttlNanos / 20;
    }

    /**
     * The cached customer, or null: one cache read, no future. When the answer is due for a refresh,
     * the refresh starts here; this order is still served the cached customer.
     */
    public Customer cached(String customerId, long nowNanos) {
        Entry entry = cache.getIfPresent(customerId);
        if (entry == null) {
            return null;
        }
        if (nowNanos - entry.refreshAtNanos >= 0) {
            entry.refreshAtNanos = nowNanos + refreshRetryNanos;
            call(customerId);
        }
        return entry.customer;
    }

    /** The customer from the API (or from the cache if an earlier call has just filled it), cached when it answers. */
    public CompletableFuture<Customer> fetch(String customerId) {
        Entry entry = cache.getIfPresent(customerId);
        if (entry != null) {
            return CompletableFuture.completedFuture(entry.customer);
        }
        return call(customerId);
    }

    /** Between half and three quarters of the TTL, so that answers that came together are refreshed apart. */
    private long refreshAfter() {
        return ttlNanos / 2 + ThreadLocalRandom.current().nextLong(ttlNanos / 4 + 1);
    }

    /** The call in flight for this customer, or a new one that caches its answer. */
    private CompletableFuture<Customer> call(String customerId) {
        CompletableFuture<Customer> call = inFlight.get(customerId);
        if (call != null) {
            return call;
        }
        CompletableFuture<Customer> started = client.fetch(customerId);
        inFlight.put(customerId, started);
        started.whenComplete((customer, error) -> {
            if (customer != null) {
                cache.put(customerId, new Entry(customer, System.nanoTime() + refreshAfter()));
            }
            inFlight.remove(customerId, started);
        });
        return started;
    }
}
