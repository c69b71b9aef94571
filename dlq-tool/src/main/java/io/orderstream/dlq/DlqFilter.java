package io.orderstream.dlq;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which DLQ records a command looks at: error types (any of), a time range on {@code processing_time}
 * ({@code since} inclusive, {@code until} exclusive) and order ids (any of). An empty set or a null
 * bound means "no restriction".
 */
public record DlqFilter(Set<String> errorTypes, Instant since, Instant until, Set<String> orderIds) {

    private static final Pattern RELATIVE = Pattern.compile("(\\d+)\\s*([smhd])");

    public DlqFilter {
        errorTypes = Set.copyOf(errorTypes);
        orderIds = Set.copyOf(orderIds);
        if (since != null && until != null && !since.isBefore(until)) {
            throw new UsageException("--since " + since + " is not before --until " + until);
        }
    }

    public static DlqFilter all() {
        return new DlqFilter(Set.of(), null, null, Set.of());
    }

    public static DlqFilter of(Collection<String> types, Instant since, Instant until, Collection<String> orderIds) {
        Set<String> t = new LinkedHashSet<>();
        types.forEach(s -> t.add(ErrorTypes.parse(s)));
        return new DlqFilter(t, since, until, new LinkedHashSet<>(orderIds));
    }

    public boolean matches(DlqRecord r) {
        if (!errorTypes.isEmpty() && !errorTypes.contains(r.errorType())) {
            return false;
        }
        if (since != null && r.processingTime().isBefore(since)) {
            return false;
        }
        if (until != null && !r.processingTime().isBefore(until)) {
            return false;
        }
        return orderIds.isEmpty() || (r.orderId() != null && orderIds.contains(r.orderId()));
    }

    /**
     * A point in time on the command line: an ISO-8601 instant ({@code 2026-11-23T14:05:00Z}, or with
     * an offset), a date-time without zone or a date (both taken as UTC), or an age ({@code 90m},
     * {@code 6h}, {@code 2d}: that long before {@code now}).
     */
    public static Instant parseTime(String option, String text, Instant now) {
        String t = text.trim();
        Matcher m = RELATIVE.matcher(t.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return now.minus(d);
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException ignored) {
            // next form
        }
        try {
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // next form
        }
        try {
            return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // no form matched
        }
        throw new UsageException(option + " '" + text + "' is not a time: use 2026-11-23T14:05:00Z, "
                + "2026-11-23T14:05 (UTC), 2026-11-23 (UTC) or an age such as 90m, 6h, 2d");
    }
}
