package io.orderstream.job.config;

import java.util.List;

/** Thrown at start-up when any key is missing, unknown or invalid; the message names all of them. */
public class InvalidConfigurationException extends RuntimeException {
    private final List<String> problems;

    public InvalidConfigurationException(List<String> problems) {
        super("Invalid orderstream configuration (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "):\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per bad key, each starting with the key's name. */
    public List<String> problems() {
        return problems;
    }
}
