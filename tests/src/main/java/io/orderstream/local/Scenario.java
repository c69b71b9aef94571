package io.orderstream.local;

import io.orderstream.harness.CustomerApiServer;
import io.orderstream.harness.TcpProxy;
import io.orderstream.job.config.ConfigKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Named presets that reproduce the incidents of the runbooks ({@code --scenario NAME}). Each sets job
 * properties at submit, and a fault that starts {@code --fault-after} into the run (and ends after
 * {@code --fault-for}, or when the run stops, so the pipeline can drain): a generator mix, a slow customer
 * API or a cut Firehose connection. {@link #alarms} names the catalog alarms it should fire and whether
 * LocalStack evaluates them.
 */
enum Scenario {
    HEALTHY("healthy", "no fault: the default mix, no alarm should fire (kafka-consumer-lag-high excepted: no MSK)",
            List.of(), Map.of(), m -> m, null, null),

    DLQ_SPIKE("dlq-spike", "half of the records are malformed (a producer release): DLQ parse_error spike",
            List.of("dlq-spike-critical", "dlq-error-rate-high (metric math: not evaluated by LocalStack)"),
            Map.of(), m -> new OrderGenerator.Mix(m.rate(), 0.5, m.invalid(), m.duplicate(), m.late(), m.hotShare(),
                    m.hotCustomers(), m.customers()), null, null),

    LATE_DATA("late-data", "a tenth of the orders arrive after window + allowed lateness (a producer buffering): "
            + "late_arrival to the DLQ, windows incomplete",
            List.of("window-completeness-low"),
            Map.of(), m -> new OrderGenerator.Mix(m.rate(), m.malformed(), m.invalid(), m.duplicate(), 0.1, m.hotShare(),
                    m.hotCustomers(), m.customers()), null, null),

    HOT_PARTITION("hot-partition", "90% of the orders from one customer key at 4x the rate: one partition takes "
            + "nearly all records (status: per-partition share and lag)",
            List.of("partition-lag-skew (metric math on AWS/Kafka: not evaluated by LocalStack, no MSK)"),
            Map.of(), m -> new OrderGenerator.Mix(m.rate() * 4, m.malformed(), m.invalid(), m.duplicate(), m.late(), 0.9,
                    1, m.customers()), null, null),

    ENRICHMENT_SLOW("enrichment-slow", "the customer API answers after 6 s, every order a new customer (no cache): "
            + "enrichment backpressures, latency above the 5 s SLO, checkpoints expire (timeout 5 s)",
            List.of("checkpoint-failure-critical", "processing-latency-slo-breach (p99: not evaluated by LocalStack; "
                    + "the status shows p99 from the outputs)"),
            Map.of(ConfigKeys.ENRICHMENT_CAPACITY.key(), "5",
                    ConfigKeys.ENRICHMENT_REQUEST_TIMEOUT.key(), "10s",
                    ConfigKeys.ENRICHMENT_TIMEOUT.key(), "30s",
                    ConfigKeys.CHECKPOINT_TIMEOUT.key(), "5s",
                    ConfigKeys.CHECKPOINT_TOLERABLE_FAILURES.key(), "1000"),
            m -> new OrderGenerator.Mix(m.rate(), m.malformed(), m.invalid(), m.duplicate(), m.late(), 0, 1, 0),
            c -> c.api().setDefaultLatency(Duration.ofSeconds(6)), c -> c.api().setDefaultLatency(Duration.ZERO)),

    FIREHOSE_FAILING("firehose-failing", "the job's connection to Firehose is cut (a TCP proxy between the job and "
            + "LocalStack's Firehose endpoint stops listening; CloudWatch stays reachable): the sink retries, "
            + "nothing is delivered, backpressure, checkpoints expire (timeout 10 s)",
            List.of("firehose-delivery-failure-critical (metric math: not evaluated by LocalStack)",
                    "checkpoint-failure-critical"),
            Map.of(ConfigKeys.CHECKPOINT_TIMEOUT.key(), "10s",
                    ConfigKeys.CHECKPOINT_TOLERABLE_FAILURES.key(), "1000"),
            m -> m, c -> c.firehoseProxy().stop(), c -> c.firehoseProxy().start());

    /** What a scenario's fault acts on. */
    record Controls(CustomerApiServer api, TcpProxy firehoseProxy) {}

    interface Action {
        void apply(Controls controls);
    }

    final String id;
    final String description;
    final List<String> alarms;
    final Map<String, String> jobProperties;
    final UnaryOperator<OrderGenerator.Mix> faultMix;
    private final Action inject;
    private final Action heal;

    Scenario(String id, String description, List<String> alarms, Map<String, String> jobProperties,
             UnaryOperator<OrderGenerator.Mix> faultMix, Action inject, Action heal) {
        this.id = id;
        this.description = description;
        this.alarms = alarms;
        this.jobProperties = jobProperties;
        this.faultMix = faultMix;
        this.inject = inject;
        this.heal = heal;
    }

    static Scenario byId(String id) {
        for (Scenario s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + id + "' (see --help)");
    }

    void inject(Controls c) {
        if (inject != null) {
            inject.apply(c);
        }
    }

    void heal(Controls c) {
        if (heal != null) {
            heal.apply(c);
        }
    }

    static String help() {
        StringBuilder b = new StringBuilder();
        for (Scenario s : values()) {
            b.append(String.format("  %-17s %s%n", s.id, s.description));
            if (!s.alarms.isEmpty()) {
                b.append(String.format("  %-17s   alarms: %s%n", "", String.join("; ", s.alarms)));
            }
        }
        return b.toString();
    }
}
