package io.orderstream.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The benchmark's input: a deterministic, realistic mix of order records. Per 100 records: 97 valid
 * orders (1-3 items, 20,000 customers, 4 currencies), 1 re-sent duplicate of an earlier order, 1
 * record that is not JSON (truncated), 1 that breaks the contract (items do not sum to the total).
 * Record {@code i} is a pure function of {@code (seed, i)}, so expected counts are exact.
 */
public final class OrderMix {
    public enum Kind { VALID, DUPLICATE, PARSE_ERROR, VALIDATION_ERROR }

    public static final int CUSTOMERS = 20_000;
    private static final String[] CURRENCIES = {"EUR", "USD", "GBP", "CHF"};
    private static final String[] CHANNELS = {"web", "app", "store"};

    private final long baseEventTime;
    private final long eventTimeStepMillis;
    private final String idPrefix;

    /**
     * @param idPrefix makes order ids unique per run, so runs never share dedup state
     * @param baseEventTime event time of record 0 (epoch millis); record i is {@code i * step} later
     */
    public OrderMix(String idPrefix, long baseEventTime, long eventTimeStepMillis) {
        this.idPrefix = idPrefix;
        this.baseEventTime = baseEventTime;
        this.eventTimeStepMillis = eventTimeStepMillis;
    }

    public static Kind kind(long i) {
        int slot = (int) (i % 100);
        if (slot == 97) return Kind.DUPLICATE;
        if (slot == 98) return Kind.PARSE_ERROR;
        if (slot == 99) return Kind.VALIDATION_ERROR;
        return Kind.VALID;
    }

    /** Expected counts of the first {@code n} records, indexed by {@link Kind#ordinal()}. */
    public static long[] expected(long n) {
        long[] c = new long[Kind.values().length];
        long full = n / 100;
        c[Kind.VALID.ordinal()] = full * 97 + Math.min(n % 100, 97);
        c[Kind.DUPLICATE.ordinal()] = full + (n % 100 > 97 ? 1 : 0);
        c[Kind.PARSE_ERROR.ordinal()] = full + (n % 100 > 98 ? 1 : 0);
        c[Kind.VALIDATION_ERROR.ordinal()] = full;
        return c;
    }

    public long eventTime(long i) {
        return baseEventTime + i * eventTimeStepMillis;
    }

    public byte[] record(long i) {
        return json(i).getBytes(StandardCharsets.UTF_8);
    }

    /** Record {@code i} with the given event time (live traffic: now). */
    public byte[] recordAt(long i, long eventTimeMillis) {
        return new OrderMix(idPrefix, eventTimeMillis - i * eventTimeStepMillis, eventTimeStepMillis).record(i);
    }

    public String json(long i) {
        return switch (kind(i)) {
            case VALID -> order(i, i, false);
            case DUPLICATE -> order(i - 50, i - 50, false); // the same record again, as a retrying producer sends it
            case PARSE_ERROR -> {
                String s = order(i, i, false);
                yield s.substring(0, s.length() / 2);
            }
            case VALIDATION_ERROR -> order(i, i, true);
        };
    }

    public String orderId(long i) {
        return idPrefix + "-" + i;
    }

    private String order(long id, long i, boolean wrongTotal) {
        // A cheap deterministic hash instead of java.util.Random: generation must outrun the broker.
        long h = mix(i);
        String customer = "C-" + Math.floorMod(h, CUSTOMERS);
        int lines = 1 + (int) ((h >>> 20) & 3) % 3;
        StringBuilder items = new StringBuilder(160);
        long totalCents = 0;
        for (int l = 0; l < lines; l++) {
            long hl = mix(h + l);
            int qty = 1 + (int) ((hl >>> 8) & 3);
            int cents = 50 + (int) Math.floorMod(hl >>> 16, 20_000);
            totalCents += (long) qty * cents;
            items.append(l == 0 ? "" : ",").append("{\"sku\":\"SKU-").append(Math.floorMod(hl, 500))
                    .append("\",\"quantity\":").append(qty)
                    .append(",\"unit_price\":").append(money(cents)).append('}');
        }
        if (wrongTotal) {
            totalCents += 100;
        }
        return new StringBuilder(320)
                .append("{\"order_id\":\"").append(orderId(id))
                .append("\",\"customer_id\":\"").append(customer)
                .append("\",\"event_time\":\"").append(Instant.ofEpochMilli(eventTime(i)))
                .append("\",\"currency\":\"").append(CURRENCIES[(int) ((h >>> 40) & 3)])
                .append("\",\"total\":").append(money(totalCents))
                .append(",\"items\":[").append(items)
                .append("],\"channel\":\"").append(CHANNELS[(int) Math.floorMod(h >>> 44, 3)])
                .append("\",\"region\":\"eu-west\"}")
                .toString();
    }

    private static String money(long cents) {
        long frac = cents % 100;
        return (cents / 100) + "." + (frac < 10 ? "0" : "") + frac;
    }

    private static long mix(long x) {
        x += 0x9E3779B97F4A7C15L;
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        return x ^ (x >>> 31);
    }
}
