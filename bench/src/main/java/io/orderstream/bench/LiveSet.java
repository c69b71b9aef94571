package io.orderstream.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;

/**
 * The live set of the heap, measured, not inferred: every point runs the JVM's class histogram
 * ({@code jcmd GC.class_histogram}, through the DiagnosticCommand MBean), which first runs a full GC, so the heap in
 * use right after it is exactly what is reachable. The heap after a young GC is not: with an 8 GB heap G1 rarely
 * collects the old generation, so promoted garbage counts there as "after GC" until a mixed collection.
 *
 * <p>It keeps the first and the latest histogram, to name the classes whose instances grew.
 */
final class LiveSet {
    private final List<Map<String, Object>> points = new ArrayList<>();
    private Map<String, long[]> first;
    private Map<String, long[]> last;

    /** A full GC, then the heap in use and the histogram; takes a pause of about 100-300 ms. */
    void measure(double seconds) throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("t_s", EndToEndBench.round(seconds));
        p.put("live_set_mb", EndToEndBench.round(used / 1048576.0));
        points.add(p);
        last = parse(histogram);
        if (first == null) {
            first = last;
        }
    }

    Map<String, Object> report() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("how", "full GC (class histogram) at each point, heap in use right after");
        r.put("points", points);
        if (points.size() >= 2) {
            double firstMb = ((Number) points.get(0).get("live_set_mb")).doubleValue();
            double lastMb = ((Number) points.get(points.size() - 1).get("live_set_mb")).doubleValue();
            r.put("growth_mb", EndToEndBench.round(lastMb - firstMb));
            r.put("top_growing_classes", growers(10));
        }
        return r;
    }

    /** Classes whose instances' bytes grew most between the first and the latest histogram. */
    private List<Map<String, Object>> growers(int n) {
        List<Map<String, Object>> g = new ArrayList<>();
        last.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), new long[] {
                        e.getValue()[0] - first.getOrDefault(e.getKey(), new long[2])[0],
                        e.getValue()[1] - first.getOrDefault(e.getKey(), new long[2])[1]}))
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1]).reversed())
                .limit(n)
                .forEach(e -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("class", e.getKey());
                    m.put("instances_delta", e.getValue()[0]);
                    m.put("kb_delta", e.getValue()[1] / 1024);
                    m.put("kb_now", last.get(e.getKey())[1] / 1024);
                    g.add(m);
                });
        return g;
    }

    /** {@code "   1:   12345   678900  [B (java.base@17)"} lines: class name to {instances, bytes}. */
    private static Map<String, long[]> parse(String histogram) {
        Map<String, long[]> m = new HashMap<>();
        for (String line : histogram.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":") && Character.isDigit(f[0].charAt(0))) {
                m.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        return m;
    }
}
