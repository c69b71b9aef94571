package io.orderstream.job.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.orderstream.job.text.BoundedText;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's structured log events. Each message is one JSON object whose fields are {@link LogField}s,
 * written to the logger {@value #LOGGER_NAME}: on MSF the service wraps it in its own JSON envelope
 * ({@code message}), elsewhere {@code conf/log4j2-json.xml} writes it as the whole line; either way
 * Logs Insights discovers the fields. Events: one per DLQ record, one per window emission, sampled
 * per-operator latency and enrichment samples, and checkpoint events. Never one per good record.
 */
public final class LogEvents {
    public static final String LOGGER_NAME = "io.orderstream.events";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);
    private static final JsonFactory JSON = new JsonFactory();
    /**
     * Longest text value an event writes: ids come from payloads (an order_id_too_long id, a
     * customer_id: the contract bounds none but order_id) and CloudWatch Logs refuses events over 256 KB.
     */
    static final int MAX_VALUE_CHARS = 1_024;

    /** Values of {@link LogField#EVENT}. */
    public enum Kind {
        DLQ("dlq_record"), WINDOW("window_emitted"), LATENCY_SAMPLE("latency_sample"),
        ENRICHMENT_SAMPLE("enrichment_sample"), CHECKPOINT("checkpoint");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    private LogEvents() {}

    /** A new event; add fields and {@link Event#log()} it. */
    public static Event event(Kind kind) {
        return new Event(kind);
    }

    /** One event under construction. Null values are left out. */
    public static final class Event {
        private final Map<LogField, Object> fields = new EnumMap<>(LogField.class);

        private Event(Kind kind) {
            fields.put(LogField.EVENT, kind.wireName());
        }

        public Event with(LogField field, Object value) {
            if (value != null) {
                fields.put(field, value);
            }
            return this;
        }

        public Map<LogField, Object> fields() {
            return fields;
        }

        public String toJson() {
            StringWriter out = new StringWriter(256);
            try (JsonGenerator g = JSON.createGenerator(out)) {
                g.writeStartObject();
                for (Map.Entry<LogField, Object> e : fields.entrySet()) {
                    String name = e.getKey().fieldName();
                    Object v = e.getValue();
                    if (v instanceof Boolean b) {
                        g.writeBooleanField(name, b);
                    } else if (v instanceof Integer || v instanceof Long) {
                        g.writeNumberField(name, ((Number) v).longValue());
                    } else if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
                        g.writeNumberField(name, n.doubleValue());
                    } else if (!(v instanceof Number)) {
                        g.writeStringField(name, BoundedText.shortened(v.toString(), MAX_VALUE_CHARS));
                    }
                }
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toString();
        }

        public void log() {
            if (LOG.isInfoEnabled()) {
                LOG.info(toJson());
            }
        }
    }

    /**
     * At most {@code perSecond} samples per second for one operator subtask: bounds the log volume of
     * latency samples whatever the record rate. One per subtask, shared by its task thread and the
     * enrichment's async callbacks, so thread-safe.
     */
    public static final class Sampler {
        private final int perSecond;
        // Volatile for the check without the lock; written only under it.
        private volatile long second = -1;
        private volatile int taken;

        public Sampler(int perSecond) {
            this.perSecond = perSecond;
        }

        public boolean take(long nowMillis) {
            if (perSecond <= 0) {
                return false;
            }
            long s = nowMillis / 1000;
            // Nearly every call of a busy operator: this second's samples are taken. Answered without
            // the lock, which every record of the operator would otherwise acquire. (A reader that sees
            // the new second with the old second's count skips a sample it could have had: harmless.)
            if (s == second && taken >= perSecond) {
                return false;
            }
            return takeLocked(s);
        }

        private synchronized boolean takeLocked(long s) {
            if (s != second) {
                taken = 0;
                second = s;
            }
            if (taken >= perSecond) {
                return false;
            }
            taken++;
            return true;
        }
    }
}
