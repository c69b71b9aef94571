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
                fields @timestamp, order_id, error_type
                | filter event = "dlq_record"
                | stats count() as count by error_type
                | sort count desc""");
        q.put("dlq-parse-errors", """
                fields @timestamp, order_id, error_detail, kafka_partition, kafka_offset
                | filter event = "dlq_record" and error_type = "parse_error"
                | sort @timestamp desc
                | limit 10""");
        q.put("dlq-validation-errors-by-rule", """
                fields @timestamp, order_id, validation_error, error_detail
                | filter event = "dlq_record" and error_type = "validation_error"
                | stats count() as count by validation_error
                | sort count desc""");
        q.put("operator-latency", """
                fields operator, latency_ms
                | filter event = "latency_sample"
                | stats avg(latency_ms) as avg, pct(latency_ms, 95) as p95, pct(latency_ms, 99) as p99 by operator
                | sort p99 desc""");
        q.put("enrichment-latency-and-cache", """
                fields @timestamp, order_id, enrichment_api_latency, enrichment_cache_hit
                | filter event = "enrichment_sample"
                | stats avg(enrichment_api_latency) as api_latency, avg(enrichment_cache_hit) as cache_hit_rate by bin(1m)""");
        q.put("enrichment-slow-requests", """
                fields @timestamp, order_id, customer_id, enrichment_api_latency
                | filter event = "enrichment_sample" and enrichment_api_latency > 2000
                | sort enrichment_api_latency desc
                | limit 20""");
        q.put("window-records", """
                fields @timestamp, window_id, revision, records_in, records_out, records_late, window_completeness
                | filter event = "window_emitted"
                | sort @timestamp desc
                | limit 50""");
        q.put("late-records-by-window", """
                fields window_id, records_late
                | filter event = "window_emitted" and records_late > 0
                | stats max(records_late) as total_late by window_id
                | sort total_late desc""");
        q.put("windows-emitted-per-5m", """
                fields window_id
                | filter event = "window_emitted"
                | stats count() as windows by bin(5m)""");
        q.put("checkpoints", """
                fields @timestamp, checkpoint_id, checkpoint_status, duration_ms, checkpoint_size_bytes
                | filter event = "checkpoint"
                | sort @timestamp desc
                | limit 50""");
        q.put("checkpoint-failures", """
                fields @timestamp, message, logger
                | filter (event = "checkpoint" and checkpoint_status != "completed")
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
