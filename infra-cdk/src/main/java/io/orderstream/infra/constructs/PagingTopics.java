package io.orderstream.infra.constructs;

import io.orderstream.alarms.Routing;
import io.orderstream.infra.Names;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sns.subscriptions.UrlSubscription;
import software.constructs.Construct;

/**
 * One SNS topic per routing target (page: CRITICAL and HIGH; ticket: MEDIUM), encrypted with a CMK
 * that CloudWatch alarms may use, TLS-only, with the subscriptions from context.
 */
public final class PagingTopics extends Construct {

    /** Props: subscriptions per routing target. */
    public record Props(Map<Routing, List<String>> emails, Map<Routing, List<String>> httpsEndpoints) {
        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private final Map<Routing, List<String>> emails = new EnumMap<>(Routing.class);
            private final Map<Routing, List<String>> https = new EnumMap<>(Routing.class);

            public Builder emails(Routing routing, List<String> v) { emails.put(routing, List.copyOf(v)); return this; }
            public Builder httpsEndpoints(Routing routing, List<String> v) { https.put(routing, List.copyOf(v)); return this; }

            public Props build() {
                return new Props(Map.copyOf(emails), Map.copyOf(https));
            }
        }
    }

    private final Map<Routing, Topic> topics = new EnumMap<>(Routing.class);
    private final Key key;

    public PagingTopics(Construct scope, String id, Props props) {
        super(scope, id);
        this.key = Key.Builder.create(this, "Key").enableKeyRotation(true).alias("alias/orderstream-alarms")
                .description("SNS topics of orderstream's alarms").removalPolicy(RemovalPolicy.DESTROY).build();
        // CloudWatch publishes alarm notifications to the encrypted topics. In a key policy "*" means this key.
        key.addToResourcePolicy(PolicyStatement.Builder.create().sid("CloudWatchAlarmsPublish")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey")).resources(List.of("*")).build());
        for (Routing routing : Routing.values()) {
            Topic topic = Topic.Builder.create(this, "Topic-" + routing.topicSuffix())
                    .topicName(Names.alarmTopic(routing))
                    .displayName("orderstream " + routing.topicSuffix())
                    .masterKey(key)
                    .enforceSsl(true)
                    .build();
            props.emails().getOrDefault(routing, List.of())
                    .forEach(e -> topic.addSubscription(new EmailSubscription(e)));
            props.httpsEndpoints().getOrDefault(routing, List.of())
                    .forEach(u -> topic.addSubscription(new UrlSubscription(u)));
            topics.put(routing, topic);
        }
    }

    public Topic topic(Routing routing) {
        return topics.get(routing);
    }
}
