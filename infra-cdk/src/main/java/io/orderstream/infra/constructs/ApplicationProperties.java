package io.orderstream.infra.constructs;

import io.orderstream.job.config.ConfigKeys;
import io.orderstream.job.config.Setting;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MSF application properties: exactly the job's configuration keys ({@link ConfigKeys}), split
 * into property groups (group = the key up to the first '.', property = the rest). Every key with a
 * default is written out with it, so the application shows its whole configuration; required keys
 * come from the wiring (bootstrap servers) and context (enrichment API URL); an unknown key fails
 * the synth.
 */
public final class ApplicationProperties {

    /** Keys that must not be set on MSF: endpoint overrides (any key ending ".endpoint") are for
     *  LocalStack, checkpoint.dir for self-managed clusters (MSF stores checkpoints itself), a trusted
     *  certificate for a local API with a self-signed one (on AWS the API has a public CA's). */
    public static final Set<String> NEVER_ON_MSF = Set.of(ConfigKeys.AWS_ENDPOINT.key(), ConfigKeys.CHECKPOINT_DIR.key(),
            ConfigKeys.ENRICHMENT_API_TRUSTED_CERTIFICATE.key());

    private ApplicationProperties() {}

    /**
     * @param values explicit values (overrides and required keys); keys must be ConfigKeys keys
     * @return property group id → (property key → value), ordered
     */
    public static Map<String, Map<String, String>> groups(Map<String, String> values) {
        Map<String, Setting<?>> known = new LinkedHashMap<>();
        ConfigKeys.ALL.forEach(s -> known.put(s.key(), s));
        for (String key : values.keySet()) {
            if (!known.containsKey(key)) {
                throw new IllegalArgumentException("unknown job configuration key " + key + " (see ConfigKeys)");
            }
            if (NEVER_ON_MSF.contains(key) || key.endsWith(".endpoint")) {
                throw new IllegalArgumentException(key + " must not be set on Managed Service for Apache Flink");
            }
        }
        if ("true".equalsIgnoreCase(values.get(ConfigKeys.ENRICHMENT_API_ALLOW_PLAINTEXT.key()))) {
            throw new IllegalArgumentException(ConfigKeys.ENRICHMENT_API_ALLOW_PLAINTEXT.key()
                    + " must stay false on Managed Service for Apache Flink: the API token would travel in clear");
        }
        String namespace = values.get("metrics.namespace");
        if (namespace != null && !namespace.equals(io.orderstream.job.metrics.Metric.NAMESPACE)) {
            throw new IllegalArgumentException("metrics.namespace must stay " + io.orderstream.job.metrics.Metric.NAMESPACE
                    + ": the alarms and the role's PutMetricData condition use it");
        }
        Map<String, Map<String, String>> groups = new TreeMap<>();
        for (Setting<?> s : ConfigKeys.ALL) {
            String value = values.containsKey(s.key()) ? values.get(s.key()) : s.defaultText().orElse(null);
            if (value == null) {
                if (s.isRequired()) {
                    throw new IllegalArgumentException("required job configuration key " + s.key() + " has no value");
                }
                continue;
            }
            int dot = s.key().indexOf('.');
            groups.computeIfAbsent(s.key().substring(0, dot), g -> new TreeMap<>()).put(s.key().substring(dot + 1), value);
        }
        return groups;
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|min|h)");

    /** A default duration of ConfigKeys in milliseconds (the forms ConfigKeys uses: 100ms, 60s, 5min, 24h). */
    public static long defaultMillis(Setting<Duration> setting) {
        String text = setting.defaultText().orElseThrow();
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("cannot read default " + text + " of " + setting.key());
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> n;
            case "s" -> n * 1000;
            case "min" -> n * 60_000;
            default -> n * 3_600_000;
        };
    }
}
