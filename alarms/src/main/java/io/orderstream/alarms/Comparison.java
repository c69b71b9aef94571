package io.orderstream.alarms;

/** CloudWatch comparison operators, by their CloudFormation names. */
public enum Comparison {
    GREATER_THAN("GreaterThanThreshold"),
    GREATER_THAN_OR_EQUAL("GreaterThanOrEqualToThreshold"),
    LESS_THAN("LessThanThreshold"),
    LESS_THAN_OR_EQUAL("LessThanOrEqualToThreshold");

    private final String cloudFormationName;

    Comparison(String cloudFormationName) {
        this.cloudFormationName = cloudFormationName;
    }

    public String cloudFormationName() {
        return cloudFormationName;
    }
}
