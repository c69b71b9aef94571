package io.orderstream.alarms;

/** Where an alarm's ALARM and OK notifications go: one SNS topic per target. */
public enum Routing {
    PAGE("page"), TICKET("ticket");

    private final String topicSuffix;

    Routing(String topicSuffix) {
        this.topicSuffix = topicSuffix;
    }

    /** Suffix of the SNS topic name, e.g. {@code orderstream-alarms-page}. */
    public String topicSuffix() {
        return topicSuffix;
    }
}
