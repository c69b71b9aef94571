package io.orderstream.infra.constructs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.services.logs.CfnQueryDefinition;
import software.constructs.Construct;

/**
 * Logs Insights saved queries for the runbook queries of seed 004, adapted to the field names of the job's
 * structured log events (io.orderstream.job.metrics.LogField: event, error_type, validation_error,
 * window_id, records_late, operator, latency_ms, ...) and, for Flink's own messages, to the MSF log
 * envelope (message, messageType, logger, throwableInformation). Saved under "orderstream/".
 */
public final class RunbookQueries extends Construct {

    /** Query name (without the "orderstream/" folder) → query string. */
    public static final Map<String, String> QUERIES = queries();

    private static Map<String, String> queries() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("dlq-by-error-type", """
                fields jsonParse(message) as e
                | filter e.event = "dlq_record"
                | stats count() as count by e.error_type
                | sort count desc""");
        q.put("dlq-parse-errors", """
                fields @timestamp, jsonParse(message) as e
                | filter e.event = "dlq_record" and e.error_type = "parse_error"
                | display @timestamp, e.order_id, e.error_detail, e.kafka_partition, e.kafka_offset
                | sort @timestamp desc
                | limit 10""");
        q.put("dlq-validation-errors-by-rule", """
                fields jsonParse(message) as e
                | filter e.event = "dlq_record" and e.error_type = "validation_error"
                | stats count() as count by e.validation_error
                | sort count desc""");
        q.put("operator-latency", """
                fields jsonParse(message) as e
                | filter e.event = "latency_sample"
                | stats avg(e.latency_ms) as avg, pct(e.latency_ms, 95) as p95, pct(e.latency_ms, 99) as p99 by e.operator
                | sort p99 desc""");
        q.put("enrichment-latency-and-cache", """
                fields jsonParse(message) as e
                | filter e.event = "enrichment_sample"
                | stats avg(e.enrichment_api_latency) as api_latency, avg(e.enrichment_cache_hit) as cache_hit_rate by bin(1m)""");
        q.put("enrichment-slow-requests", """
                fields @timestamp, jsonParse(message) as e
                | filter e.event = "enrichment_sample" and e.enrichment_api_latency > 2000
                | display @timestamp, e.order_id, e.customer_id, e.enrichment_api_latency
                | sort @timestamp desc
                | limit 20""");
        q.put("window-records", """
                fields @timestamp, jsonParse(message) as e
                | filter e.event = "window_emitted"
                | display @timestamp, e.window_id, e.revision, e.records_in, e.records_out, e.records_late, e.window_completeness
                | sort @timestamp desc
                | limit 50""");
        q.put("late-records-by-window", """
                fields jsonParse(message) as e
                | filter e.event = "window_emitted" and e.records_late > 0
                | stats max(e.records_late) as total_late by e.window_id
                | sort total_late desc""");
        q.put("windows-emitted-per-5m", """
                fields jsonParse(message) as e
                | filter e.event = "window_emitted"
                | stats count() as windows by bin(5m)""");
        // One row per checkpoint: duration from observe-orders' subtask 0, size summed over dedup's subtasks.
        q.put("checkpoints", """
                fields @timestamp, jsonParse(message) as e
                | filter e.event = "checkpoint"
                | stats max(@timestamp) as last_event, max(e.duration_ms) as duration, sum(e.checkpoint_size_bytes) as checkpoint_size_bytes, count(e.subtask) as dedup_subtasks by e.checkpoint_id, e.checkpoint_status
                | sort last_event desc
                | limit 50""");
        q.put("checkpoint-failures", """
                fields @timestamp, message, logger, jsonParse(message) as e
                | filter (e.event = "checkpoint" and e.checkpoint_status != "completed")
                    or (message like /(?i)checkpoint/ and message like /(?i)(fail|declin|expired|abort)/)
                | sort @timestamp desc
                | limit 50""");
        q.put("job-errors", """
                fields @timestamp, messageType, logger, message, throwableInformation
                | filter messageType = "ERROR" or ispresent(throwableInformation)
                | sort @timestamp desc
                | limit 50""");
        return java.util.Collections.unmodifiableMap(q);
    }

    /** Props. */
    public record Props(String logGroupName, String folder) {
        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private String logGroupName;
            private String folder = "orderstream";

            public Builder logGroupName(String v) { logGroupName = v; return this; }
            public Builder folder(String v) { folder = v; return this; }

            public Props build() {
                return new Props(Objects.requireNonNull(logGroupName), folder);
            }
        }
    }

    public RunbookQueries(Construct scope, String id, Props props) {
        super(scope, id);
        QUERIES.forEach((name, query) -> CfnQueryDefinition.Builder.create(this, name)
                .name(props.folder() + "/" + name)
                .logGroupNames(List.of(props.logGroupName()))
                .queryString(query)
                .build());
    }
}
