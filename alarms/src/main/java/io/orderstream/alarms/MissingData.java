package io.orderstream.alarms;

/**
 * How an alarm treats missing data. The rule of the catalog: where silence means failure (the
 * signal is a heartbeat, a health gauge, or a platform metric that must always report) missing data
 * is BREACHING; where the signal counts bad events (DLQ records, failed puts) silence means "no bad
 * events" and is NOT_BREACHING, because {@code job-down} pages when the job itself goes quiet.
 * IGNORE and MISSING are never used: both can leave an alarm quiet while the job is dead.
 */
public enum MissingData {
    BREACHING("breaching"), NOT_BREACHING("notBreaching");

    private final String cloudFormationName;

    MissingData(String cloudFormationName) {
        this.cloudFormationName = cloudFormationName;
    }

    public String cloudFormationName() {
        return cloudFormationName;
    }
}
