package io.orderstream.job.config;

import java.io.Serializable;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One configuration key: its name, what it means, its default, how its text is parsed and which
 * values are allowed. {@link ConfigKeys} defines every key once; the job, the local run and the CDK
 * app's application properties all refer to these names.
 */
public final class Setting<T> implements Serializable {

    /** How the text of a value becomes a typed value; throws IllegalArgumentException when it can't. */
    @FunctionalInterface
    public interface Parser<T> extends Serializable {
        T parse(String text);
    }

    private enum Presence { REQUIRED, DEFAULTED, OPTIONAL }

    private final String key;
    private final String description;
    private final Presence presence;
    private final String defaultText;
    private final Parser<T> parser;
    private final Predicate<T> allowed;
    private final String allowedDescription;

    private Setting(String key, String description, Presence presence, String defaultText, Parser<T> parser,
                    Predicate<T> allowed, String allowedDescription) {
        this.key = key;
        this.description = description;
        this.presence = presence;
        this.defaultText = defaultText;
        this.parser = parser;
        this.allowed = allowed;
        this.allowedDescription = allowedDescription;
    }

    /** A key the job cannot start without. */
    public static <T> Setting<T> required(String key, String description, Parser<T> parser) {
        return new Setting<>(key, description, Presence.REQUIRED, null, parser, v -> true, null);
    }

    /** A key with a default used when it is absent. */
    public static <T> Setting<T> withDefault(String key, String description, String defaultText, Parser<T> parser) {
        return new Setting<>(key, description, Presence.DEFAULTED, defaultText, parser, v -> true, null);
    }

    /** A key that may be absent; its typed value is then null. */
    public static <T> Setting<T> optional(String key, String description, Parser<T> parser) {
        return new Setting<>(key, description, Presence.OPTIONAL, null, parser, v -> true, null);
    }

    /** The same key, accepting only values that pass {@code check}, described as "must be {rule}". */
    public Setting<T> allowing(Predicate<T> check, String rule) {
        return new Setting<>(key, description, presence, defaultText, parser, check, rule);
    }

    public String key() {
        return key;
    }

    public String description() {
        return description;
    }

    public boolean isRequired() {
        return presence == Presence.REQUIRED;
    }

    public Optional<String> defaultText() {
        return Optional.ofNullable(defaultText);
    }

    /** Parses and checks a value; the message of the exception says what is wrong with it. */
    T parse(String text) {
        T value = parser.parse(text.trim());
        if (!allowed.test(value)) {
            throw new IllegalArgumentException("must be " + allowedDescription);
        }
        return value;
    }
}
