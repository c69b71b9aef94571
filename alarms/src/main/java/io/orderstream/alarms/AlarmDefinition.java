package io.orderstream.alarms;

import java.util.Objects;

/**
 * One alarm, everything about it: the CDK app creates it from this, the runbook is named by it, the
 * tests check both against the spec.
 *
 * @param id the spec's id, also the CloudWatch alarm name suffix and the runbook file name
 * @param severity the spec's severity; routing follows from it
 * @param firesWhen the spec's condition, in words
 * @param signal what is evaluated
 * @param evaluationPeriods periods looked at
 * @param datapointsToAlarm breaching periods among them that fire the alarm
 * @param comparison how the signal compares to the threshold
 * @param threshold in the signal's unit (milliseconds for latencies, percent for ratios)
 * @param missingData what missing data means for this alarm
 * @param firstTriageStep the first thing on-call does
 * @param rationale why this signal and these settings, for the reader of the catalog
 */
public record AlarmDefinition(String id, Severity severity, String firesWhen, Signal signal, int evaluationPeriods,
                              int datapointsToAlarm, Comparison comparison, double threshold, MissingData missingData,
                              String firstTriageStep, String rationale) {

    public AlarmDefinition {
        Objects.requireNonNull(id);
        Objects.requireNonNull(severity);
        Objects.requireNonNull(signal);
        Objects.requireNonNull(comparison);
        Objects.requireNonNull(missingData);
        if (datapointsToAlarm < 1 || datapointsToAlarm > evaluationPeriods) {
            throw new IllegalArgumentException(id + ": datapointsToAlarm must be 1.." + evaluationPeriods);
        }
    }

    public Routing routing() {
        return severity.routing();
    }

    /** Path of the runbook, relative to the repository root. */
    public String runbook() {
        return "runbooks/" + id + ".md";
    }

    /** The alarm description CloudWatch shows and sends: severity, runbook, first triage step (max 1024 chars). */
    public String description() {
        String text = "[" + severity + "] " + firesWhen + ". Runbook: " + runbook() + ". First step: " + firstTriageStep;
        return text.length() <= 1024 ? text : text.substring(0, 1021) + "...";
    }
}
