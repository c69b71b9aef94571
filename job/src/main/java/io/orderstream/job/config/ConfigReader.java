package io.orderstream.job.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads typed values out of flat {@code group.key} properties and remembers every problem instead of
 * stopping at the first, so that a bad configuration is reported in one message.
 */
final class ConfigReader {
    private final Map<String, String> properties;
    private final Set<String> known = new HashSet<>();
    private final List<String> problems = new ArrayList<>();

    ConfigReader(Map<String, String> properties) {
        this.properties = properties;
    }

    <T> T get(Setting<T> setting) {
        known.add(setting.key());
        String text = properties.get(setting.key());
        if (text == null || text.isBlank()) {
            if (setting.isRequired()) {
                problems.add(setting.key() + ": missing (" + setting.description() + ")");
                return null;
            }
            if (setting.defaultText().isEmpty()) {
                return null;
            }
            text = setting.defaultText().get();
        }
        try {
            return setting.parse(text);
        } catch (RuntimeException e) {
            problems.add(setting.key() + ": invalid value '" + text + "': " + e.getMessage());
            return null;
        }
    }

    /** Records a problem that involves more than one key. */
    void reject(String key, String problem) {
        problems.add(key + ": " + problem);
    }

    /** Throws when any key was missing, invalid or not one this job knows (a typo must not pass). */
    void failIfInvalid() {
        Set<String> unknown = new TreeSet<>(properties.keySet());
        unknown.removeAll(known);
        for (String key : unknown) {
            problems.add(key + ": unknown key");
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }
}
