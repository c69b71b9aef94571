package io.orderstream.job.config;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Finds the job's properties where the runtime keeps them: on Managed Service for Apache Flink the
 * application property groups (group id + "." + key), elsewhere a properties file given with
 * {@code --config FILE} plus {@code --key value} or {@code --key=value} overrides.
 */
public final class ConfigLoader {
    private ConfigLoader() {}

    /** The configuration and whether it came from Managed Service for Apache Flink. */
    public record Loaded(JobConfig config, boolean managedFlink) {}

    public static Loaded load(String[] args) throws IOException {
        Map<String, Properties> groups = KinesisAnalyticsRuntime.getApplicationProperties();
        if (groups != null && !groups.isEmpty()) {
            return new Loaded(JobConfig.fromProperties(flatten(groups)), true);
        }
        return new Loaded(JobConfig.fromProperties(fromArgs(args)), false);
    }

    /** MSF property groups to flat keys: group {@code kafka}, key {@code topic} is {@code kafka.topic}. */
    static Map<String, String> flatten(Map<String, Properties> groups) {
        Map<String, String> flat = new LinkedHashMap<>();
        groups.forEach((group, props) ->
                props.stringPropertyNames().forEach(key -> flat.put(group + "." + key, props.getProperty(key))));
        return flat;
    }

    /** {@code --config FILE} first, then every other {@code --key value} overrides it. */
    static Map<String, String> fromArgs(String[] args) throws IOException {
        Map<String, String> overrides = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                problems.add(arg + ": not an option (expected --key value or --key=value)");
                continue;
            }
            String key;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                key = arg.substring(2, eq);
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                key = arg.substring(2);
                value = args[++i];
            } else {
                problems.add(arg.substring(2) + ": no value given");
                continue;
            }
            if (key.equals("config")) {
                file = Path.of(value);
            } else {
                overrides.put(key, value);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        Map<String, String> merged = new LinkedHashMap<>();
        if (file != null) {
            merged.putAll(readFile(file));
        }
        merged.putAll(overrides);
        return merged;
    }

    private static Map<String, String> readFile(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new InvalidConfigurationException(List.of("config: file " + file + " cannot be read"));
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        }
        Map<String, String> map = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(k -> map.put(k, props.getProperty(k)));
        return map;
    }
}
