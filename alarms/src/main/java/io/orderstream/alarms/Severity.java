package io.orderstream.alarms;

/** Alarm severities of the spec; each maps to one paging target. */
public enum Severity {
    /** SEV-1 of seed 003: page the on-call now. */
    CRITICAL(Routing.PAGE),
    /** SEV-2 of seed 003: page the on-call. */
    HIGH(Routing.PAGE),
    /** SEV-3/SEV-4: open a ticket, no page. */
    MEDIUM(Routing.TICKET);

    private final Routing routing;

    Severity(Routing routing) {
        this.routing = routing;
    }

    public Routing routing() {
        return routing;
    }
}
