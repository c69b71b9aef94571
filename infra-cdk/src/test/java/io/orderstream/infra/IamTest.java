package io.orderstream.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;

/**
 * Least privilege: no identity policy of any stack has a wildcard action; a "*" resource only in
 * statements whose Sid says it is a justified wildcard (AWS offers nothing narrower); the Flink role
 * names exactly its topic, group, streams, namespace, jar and log stream.
 */
@SuppressWarnings("unchecked")
class IamTest {

    private static List<Map<String, Object>> statements(Stack stack) {
        Map<String, Map<String, Object>> resources =
                (Map<String, Map<String, Object>>) Synth.json(stack).get("Resources");
        List<Map<String, Object>> out = new ArrayList<>();
        resources.forEach((id, r) -> {
            Map<String, Object> props = (Map<String, Object>) r.get("Properties");
            if ("AWS::IAM::Policy".equals(r.get("Type")) || "AWS::IAM::ManagedPolicy".equals(r.get("Type"))) {
                out.addAll(statementsOf((Map<String, Object>) props.get("PolicyDocument"), id));
            }
            if ("AWS::IAM::Role".equals(r.get("Type")) && props.get("Policies") != null) {
                for (Object p : (List<Object>) props.get("Policies")) {
                    out.addAll(statementsOf((Map<String, Object>) ((Map<String, Object>) p).get("PolicyDocument"), id));
                }
            }
        });
        return out;
    }

    private static List<Map<String, Object>> statementsOf(Map<String, Object> doc, String owner) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object s : (List<Object>) doc.get("Statement")) {
            Map<String, Object> st = new java.util.HashMap<>((Map<String, Object>) s);
            st.put("_owner", owner);
            out.add(st);
        }
        return out;
    }

    private static List<Object> list(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : List.of(o);
    }

    /** Literal strings inside a resource expression (Fn::Join parts etc.). */
    private static List<String> literals(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof String s) {
            out.add(s);
        } else if (o instanceof List<?> l) {
            l.forEach(x -> out.addAll(literals(x)));
        } else if (o instanceof Map<?, ?> m) {
            m.values().forEach(x -> out.addAll(literals(x)));
        }
        return out;
    }

    @Test
    void noWildcardActionsAndJustifiedWildcardResources() {
        for (Stack stack : Synth.all()) {
            for (Map<String, Object> st : statements(stack)) {
                String where = stack.getStackName() + "/" + st.get("_owner") + "/" + st.get("Sid");
                for (Object action : list(st.get("Action"))) {
                    assertThat((String) action).as(where).doesNotContain("*");
                }
                for (Object resource : list(st.get("Resource"))) {
                    if ("*".equals(resource)) {
                        assertThat((String) st.get("Sid")).as(where + " uses Resource *").endsWith("JustifiedWildcard");
                        continue;
                    }
                    String joined = String.join("", literals(resource));
                    if (joined.contains("*")) {
                        // Patterns AWS requires: S3 objects under a prefix, a log group's streams, ENIs not yet created.
                        assertThat(joined).as(where + " " + resource).matches(
                                "(?s).*(/[a-z]+/\\*|:\\*|network-interface/\\*)$");
                    }
                }
            }
        }
    }

    @Test
    void flinkRoleNamesExactlyItsResources() {
        List<Map<String, Object>> st = statements(Synth.stacks().application());
        Map<String, Map<String, Object>> bySid = new java.util.HashMap<>();
        st.stream().filter(s -> s.get("Sid") != null).forEach(s -> bySid.put((String) s.get("Sid"), s));

        assertThat(list(bySid.get("KafkaTopic").get("Action")))
                .containsExactlyInAnyOrder("kafka-cluster:DescribeTopic", "kafka-cluster:ReadData");
        assertThat(String.join("", literals(bySid.get("KafkaTopic").get("Resource"))))
                .contains(":topic/OrderProcessing/").endsWith("/orders.raw");
        assertThat(String.join("", literals(bySid.get("KafkaGroup").get("Resource"))))
                .contains(":group/OrderProcessing/").endsWith("/order-processor");
        assertThat(list(bySid.get("KafkaGroup").get("Action")))
                .containsExactlyInAnyOrder("kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup");
        assertThat(list(bySid.get("KafkaCluster").get("Action")))
                .containsExactlyInAnyOrder("kafka-cluster:Connect", "kafka-cluster:DescribeCluster");

        assertThat(list(bySid.get("Firehose").get("Action"))).containsExactly("firehose:PutRecordBatch");
        assertThat(list(bySid.get("Firehose").get("Resource"))).hasSize(3);

        Map<String, Object> metrics = bySid.get("MetricsJustifiedWildcard");
        assertThat(list(metrics.get("Action"))).containsExactly("cloudwatch:PutMetricData");
        assertThat(metrics.get("Condition"))
                .isEqualTo(Map.of("StringEquals", Map.of("cloudwatch:namespace", "ecommerce-streaming")));

        assertThat(String.join("", literals(bySid.get("Code").get("Resource")))).endsWith("/jars/orderstream-job-all.jar");
        assertThat(String.join("", literals(bySid.get("LogStream").get("Resource"))))
                .endsWith(":log-group:ecommerce-streaming:log-stream:application");

        // The customer API token: that one secret, decrypted only through Secrets Manager.
        Map<String, Object> secret = bySid.get("CustomerApiSecret");
        assertThat(list(secret.get("Action"))).containsExactly("secretsmanager:GetSecretValue");
        assertThat(list(secret.get("Resource"))).singleElement().asString()
                .contains("Fn::ImportValue").contains("CustomerApiCredentials").doesNotContain("*");
        Map<String, Object> secretKey = bySid.get("CustomerApiSecretKey");
        assertThat(list(secretKey.get("Action"))).containsExactly("kms:Decrypt");
        assertThat(list(secretKey.get("Resource"))).singleElement().asString().contains("DataKey");
        assertThat(secretKey.get("Condition").toString()).contains("kms:ViaService").contains("secretsmanager.");
    }

    @Test
    void firehoseRolesOnlyTheirBucketAndKey() {
        List<Map<String, Object>> st = statements(Synth.stacks().data()).stream()
                .filter(s -> "ObjectLevel".equals(s.get("Sid"))).toList();
        assertThat(st).hasSize(3);
        List<String> prefixes = st.stream().map(s -> String.join("", literals(s.get("Resource")))).toList();
        assertThat(prefixes).anySatisfy(p -> assertThat(p).contains("/orders/*"));
        assertThat(prefixes).anySatisfy(p -> assertThat(p).contains("/aggregates/*"));
        assertThat(prefixes).anySatisfy(p -> assertThat(p).contains("/dlq/*"));
    }
}
