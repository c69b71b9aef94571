package io.orderstream.job.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.orderstream.job.config.JobConfig;
import io.orderstream.job.model.RawRecord;
import io.orderstream.job.model.ParseOutcome;
import io.orderstream.job.validate.EventTimes;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time is the order's {@code event_time}, read in the source so that watermarks are tracked
 * per Kafka partition: partitions read at different speeds never make each other's orders late, and
 * a partition idle for the idleness timeout stops holding the watermark back.
 *
 * <p>An order parsed by the source ({@link RawRecord#parsed}) gives its parsed {@code event_time}.
 * Otherwise (a payload that is not an order, or a record that was not parsed) only the top-level
 * {@code event_time} is scanned for, stopping as soon as it is found. A record without a readable
 * one gets {@link EventTimes#INVALID}, which never advances the watermark; such a record is rejected
 * by parsing or validation and goes to the DLQ, which is not windowed.
 */
public final class OrderEventTime implements SerializableTimestampAssigner<RawRecord> {
    private static final JsonFactory FACTORY = new JsonFactory();

    public static WatermarkStrategy<RawRecord> watermarks(JobConfig.EventTime settings) {
        return WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(settings.maxOutOfOrderness())
                .withTimestampAssigner(new OrderEventTime())
                .withIdleness(settings.idleness());
    }

    @Override
    public long extractTimestamp(RawRecord record, long kafkaTimestamp) {
        return timestampOf(record, System.currentTimeMillis());
    }

    /** The record's timestamp when the wall clock reads {@code nowMillis}. */
    public static long timestampOf(RawRecord record, long nowMillis) {
        ParseOutcome parsed = record.parsed;
        long eventTime = parsed != null && parsed.isOrder() ? parsed.order.eventTimeMillis : eventTimeOf(record.payload);
        // An event time from the future is rejected by validation; it must not move the watermark
        // either, or one producer with a wrong clock would make every on-time order late.
        return EventTimes.tooFarAhead(eventTime, nowMillis) ? EventTimes.INVALID : eventTime;
    }

    static long eventTimeOf(byte[] payload) {
        try (JsonParser p = FACTORY.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return EventTimes.INVALID;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (!"event_time".equals(field)) {
                    p.skipChildren();
                    continue;
                }
                return switch (value) {
                    case VALUE_STRING -> EventTimes.fromText(p.getText());
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> EventTimes.fromNumber(p.getDecimalValue());
                    default -> EventTimes.INVALID;
                };
            }
            return EventTimes.INVALID;
        } catch (Exception e) {
            // Anything unreadable is parse_error's business downstream; here it just carries no time.
            return EventTimes.INVALID;
        }
    }
}
