package io.orderstream.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.orderstream.alarms.AlarmCatalog;
import io.orderstream.alarms.Targets;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

/**
 * The CDK app. Stacks by lifecycle, in deploy order:
 * <pre>
 *   orderstream-network      VPC over 3 AZs, endpoints                (years)
 *   orderstream-data         keys, buckets, Firehose x3, log group    (the data's)
 *   orderstream-kafka        MSK OrderProcessing          ← network   (the cluster's)
 *   orderstream-application  Managed Flink app            ← network, data, kafka   (every release)
 *   orderstream-monitoring   SNS, alarms from the catalog, dashboard, queries   (the catalog's; names only)
 * </pre>
 * cdk-nag's AwsSolutions pack checks every stack.
 */
public final class OrderstreamApp {

    private OrderstreamApp() {}

    public static void main(String[] args) {
        App app = new App();
        build(app);
        app.synth();
    }

    /** Builds every stack into {@code app}; tests call this with their own context. */
    public static Stacks build(App app) {
        Settings settings = Settings.from(app);
        // The AZs are settings, never an account lookup: synth stays offline and credential-free.
        if (settings.account() != null && !settings.account().isBlank()) {
            app.getNode().setContext("availability-zones:account=" + settings.account() + ":region="
                    + settings.region(), settings.availabilityZones());
        }
        // Cross-stack references (network/kafka/data -> application) stay strong: a producer stack
        // cannot drop an output a consumer still uses.
        if (app.getNode().tryGetContext("@aws-cdk/core:defaultCrossStackReferences") == null) {
            app.getNode().setContext("@aws-cdk/core:defaultCrossStackReferences", "strong");
        }
        Targets defaults = Targets.defaults();
        Targets targets = new Targets(Names.KAFKA_CLUSTER, 3, defaults.topic(), settings.topicPartitions(),
                defaults.consumerGroup(), Names.APPLICATION, defaults.ordersStream(), defaults.aggregatesStream(),
                defaults.dlqStream());
        AlarmCatalog catalog = AlarmCatalog.of(targets);
        StackProps props = StackProps.builder().env(settings.environment()).build();

        NetworkStack network = new NetworkStack(app, Names.NETWORK_STACK, props, settings);
        DataStack data = new DataStack(app, Names.DATA_STACK, props, settings, targets);
        KafkaStack kafka = new KafkaStack(app, Names.KAFKA_STACK, props, settings, network.network(), targets);
        ApplicationStack application = new ApplicationStack(app, Names.APPLICATION_STACK, props, settings,
                network.network(), kafka.cluster(), data);
        MonitoringStack monitoring = new MonitoringStack(app, Names.MONITORING_STACK, props, settings, catalog);

        Tags.of(app).add("project", "orderstream");
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return new Stacks(catalog, network, data, kafka, application, monitoring);
    }

    /** The app's stacks. */
    public record Stacks(AlarmCatalog catalog, NetworkStack network, DataStack data, KafkaStack kafka,
                         ApplicationStack application, MonitoringStack monitoring) {}
}
