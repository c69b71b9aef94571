package io.orderstream.job.validate;

/** A broken rule and what exactly broke it. */
public record Violation(ValidationRule rule, String detail) {
    @Override
    public String toString() {
        return rule.wireName() + ": " + detail;
    }
}
