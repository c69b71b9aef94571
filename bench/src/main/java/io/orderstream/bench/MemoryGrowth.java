package io.orderstream.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Memory growth over the live phase, from its samples: for the heap after GC (the live set), the RSS
 * and GC time, the first and last value after the warm-up (the first fifth of the samples) and the
 * least-squares slope per 10 minutes. A flat live set has a slope near 0 however the heap in use saws.
 */
final class MemoryGrowth {
    private MemoryGrowth() {}

    static Map<String, Object> of(List<Map<String, Object>> samples) {
        Map<String, Object> g = new LinkedHashMap<>();
        List<Map<String, Object>> steady = samples.subList(samples.size() / 5, samples.size());
        g.put("warm_up_samples_skipped", samples.size() - steady.size());
        g.put("samples_used", steady.size());
        for (String series : List.of("heap_after_gc_mb", "rss_mb", "gc_seconds")) {
            g.put(series, series(steady, series));
        }
        return g;
    }

    private static Map<String, Object> series(List<Map<String, Object>> samples, String key) {
        Map<String, Object> m = new LinkedHashMap<>();
        int n = 0;
        double sumT = 0, sumV = 0, sumTT = 0, sumTV = 0;
        Double first = null, last = null, min = null, max = null;
        for (Map<String, Object> s : samples) {
            double v = ((Number) s.get(key)).doubleValue();
            if (v < 0) {
                continue; // no GC yet
            }
            double t = ((Number) s.get("t_s")).doubleValue();
            n++;
            sumT += t;
            sumV += v;
            sumTT += t * t;
            sumTV += t * v;
            first = first == null ? v : first;
            last = v;
            min = min == null ? v : Math.min(min, v);
            max = max == null ? v : Math.max(max, v);
        }
        m.put("first", first);
        m.put("last", last);
        m.put("min", min);
        m.put("max", max);
        double denominator = n * sumTT - sumT * sumT;
        m.put("slope_per_10_min", n < 2 || denominator == 0 ? null
                : EndToEndBench.round((n * sumTV - sumT * sumV) / denominator * 600));
        return m;
    }
}
