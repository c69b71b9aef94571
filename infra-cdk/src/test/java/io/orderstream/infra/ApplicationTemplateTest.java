package io.orderstream.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderstream.job.config.ConfigKeys;
import io.orderstream.job.config.Setting;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The MSF application, MSK cluster, buckets and delivery streams as the issue asks for them. */
@SuppressWarnings("unchecked")
class ApplicationTemplateTest {

    private static Map<String, Object> only(Map<String, Object> template, String type) {
        Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) template.get("Resources");
        List<Map<String, Object>> found = resources.values().stream().filter(r -> type.equals(r.get("Type")))
                .map(r -> (Map<String, Object>) r.get("Properties")).toList();
        assertThat(found).as(type).hasSize(1);
        return found.get(0);
    }

    private static List<Map<String, Object>> all(Map<String, Object> template, String type) {
        Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) template.get("Resources");
        return resources.values().stream().filter(r -> type.equals(r.get("Type")))
                .map(r -> (Map<String, Object>) r.get("Properties")).toList();
    }

    @Test
    void applicationPropertiesAreExactlyTheJobsKeys() {
        Map<String, Object> app = only(Synth.json(Synth.stacks().application()), "AWS::KinesisAnalyticsV2::Application");
        assertThat(app.get("RuntimeEnvironment")).isEqualTo("FLINK-2_2");
        Map<String, Object> config = (Map<String, Object>) app.get("ApplicationConfiguration");
        List<Map<String, Object>> groups = (List<Map<String, Object>>)
                ((Map<String, Object>) config.get("EnvironmentProperties")).get("PropertyGroups");
        Set<String> keys = new HashSet<>();
        Map<String, Object> values = new java.util.HashMap<>();
        for (Map<String, Object> g : groups) {
            ((Map<String, Object>) g.get("PropertyMap")).forEach((k, v) -> {
                keys.add(g.get("PropertyGroupId") + "." + k);
                values.put(g.get("PropertyGroupId") + "." + k, v);
            });
        }
        Set<String> known = new HashSet<>(ConfigKeys.ALL.stream().map(Setting::key).toList());
        assertThat(known).containsAll(keys);
        for (Setting<?> s : ConfigKeys.ALL) {
            if (s.isRequired() || s.defaultText().isPresent()) {
                assertThat(keys).as(s.key()).contains(s.key());
            }
        }
        assertThat(keys).doesNotContain("aws.endpoint", "checkpoint.dir").noneMatch(k -> k.endsWith(".endpoint"));
        assertThat(values.get("kafka.security")).isEqualTo("IAM");
        assertThat(values.get("kafka.bootstrap.servers")).isInstanceOf(Map.class); // from MSK at deploy time
        assertThat(values.get("enrichment.api.url")).isEqualTo("https://customer-api.orderstream.internal");
        assertThat(values.get("enrichment.api.allow-plaintext")).isEqualTo("false");
        // The secret's ARN from the data stack (an import), never a literal value.
        assertThat(values.get("enrichment.api.credentials-secret")).isInstanceOf(Map.class)
                .asString().contains("Fn::ImportValue").contains("CustomerApiCredentials");

        Map<String, Object> flink = (Map<String, Object>) config.get("FlinkApplicationConfiguration");
        Map<String, Object> checkpoint = (Map<String, Object>) flink.get("CheckpointConfiguration");
        assertThat(checkpoint).containsEntry("ConfigurationType", "CUSTOM").containsEntry("CheckpointingEnabled", true)
                .containsEntry("CheckpointInterval", 60000).containsEntry("MinPauseBetweenCheckpoints", 5000);
        Map<String, Object> parallelism = (Map<String, Object>) flink.get("ParallelismConfiguration");
        assertThat(parallelism).containsEntry("AutoScalingEnabled", true).containsEntry("Parallelism", 4);
        assertThat((List<Object>) config.get("VpcConfigurations")).hasSize(1);
        Map<String, Object> vpc = (Map<String, Object>) ((List<Object>) config.get("VpcConfigurations")).get(0);
        assertThat((List<Object>) vpc.get("SubnetIds")).hasSize(3);
        assertThat(only(Synth.json(Synth.stacks().application()),
                "AWS::KinesisAnalyticsV2::ApplicationCloudWatchLoggingOption")).isNotNull();
    }

    @Test
    void customerApiSecretIsEncryptedWithTheDataKey() {
        Map<String, Object> secret = only(Synth.json(Synth.stacks().data()), "AWS::SecretsManager::Secret");
        assertThat(secret.get("Name")).isEqualTo("orderstream/customer-api");
        assertThat(secret.get("KmsKeyId").toString()).contains("DataKey");
    }

    @Test
    void kafkaClusterIsSecuredAndMonitored() {
        Map<String, Object> msk = only(Synth.json(Synth.stacks().kafka()), "AWS::MSK::Cluster");
        assertThat(msk.get("ClusterName")).isEqualTo("OrderProcessing");
        assertThat(msk.get("NumberOfBrokerNodes")).isEqualTo(3);
        assertThat(msk.get("EnhancedMonitoring")).isEqualTo("PER_TOPIC_PER_PARTITION");
        Map<String, Object> enc = (Map<String, Object>) msk.get("EncryptionInfo");
        assertThat((Map<String, Object>) enc.get("EncryptionInTransit")).containsEntry("ClientBroker", "TLS")
                .containsEntry("InCluster", true);
        assertThat((Map<String, Object>) enc.get("EncryptionAtRest")).containsKey("DataVolumeKMSKeyId");
        assertThat(msk.get("ClientAuthentication").toString()).contains("Iam={Enabled=true}");
        assertThat(msk.get("LoggingInfo").toString()).contains("Enabled=true");
        Map<String, Object> broker = (Map<String, Object>) msk.get("BrokerNodeGroupInfo");
        assertThat((List<Object>) broker.get("ClientSubnets")).hasSize(3);
        Map<String, Object> conf = only(Synth.json(Synth.stacks().kafka()), "AWS::MSK::Configuration");
        assertThat((String) conf.get("ServerProperties")).contains("min.insync.replicas=2")
                .contains("default.replication.factor=3");
        Map<String, Object> topic = only(Synth.json(Synth.stacks().kafka()), "AWS::MSK::Topic");
        assertThat(topic.get("TopicName")).isEqualTo("orders.raw");
        assertThat(topic.get("PartitionCount")).isEqualTo(12);
        assertThat(topic.get("ReplicationFactor")).isEqualTo(3);
    }

    @Test
    void networkHasThreeAzsEndpointsAndNoNat() {
        Map<String, Object> net = Synth.json(Synth.stacks().network());
        assertThat(all(net, "AWS::EC2::Subnet")).hasSize(3);
        assertThat(all(net, "AWS::EC2::NatGateway")).isEmpty();
        assertThat(all(net, "AWS::EC2::VPCEndpoint")).hasSize(7);
        assertThat(all(net, "AWS::EC2::FlowLog")).hasSize(1);
    }

    @Test
    void bucketsAndDeliveryStreams() {
        Map<String, Object> data = Synth.json(Synth.stacks().data());
        List<Map<String, Object>> buckets = all(data, "AWS::S3::Bucket");
        assertThat(buckets).hasSize(5);
        long kms = buckets.stream().filter(b -> b.get("BucketEncryption").toString().contains("aws:kms")).count();
        assertThat(kms).isEqualTo(4);
        buckets.forEach(b -> assertThat(b.get("PublicAccessBlockConfiguration").toString())
                .contains("BlockPublicAcls=true").contains("RestrictPublicBuckets=true"));
        assertThat(buckets.stream().filter(b -> b.containsKey("LoggingConfiguration"))).hasSize(4);
        assertThat(all(data, "AWS::S3::BucketPolicy")).hasSize(5)
                .allSatisfy(p -> assertThat(p.toString()).contains("aws:SecureTransport"));
        List<Map<String, Object>> streams = all(data, "AWS::KinesisFirehose::DeliveryStream");
        assertThat(streams).extracting(s -> s.get("DeliveryStreamName"))
                .containsExactlyInAnyOrder("order-firehose", "order-aggregates-firehose", "order-dlq-firehose");
        for (Map<String, Object> s : streams) {
            assertThat(s.get("DeliveryStreamType")).isEqualTo("DirectPut");
            assertThat(s.get("DeliveryStreamEncryptionConfigurationInput").toString()).contains("CUSTOMER_MANAGED_CMK");
            Map<String, Object> dest = (Map<String, Object>) s.get("ExtendedS3DestinationConfiguration");
            assertThat((String) dest.get("Prefix")).contains("year=!{timestamp:yyyy}").contains("hour=!{timestamp:HH}");
            assertThat((String) dest.get("ErrorOutputPrefix")).contains("!{firehose:error-output-type}");
            assertThat(dest.get("CompressionFormat")).isEqualTo("GZIP");
            assertThat(dest.get("CloudWatchLoggingOptions").toString()).contains("Enabled=true");
            assertThat(dest.get("EncryptionConfiguration").toString()).contains("AWSKMSKeyARN");
        }
        // DLQ = personal data: expires.
        assertThat(buckets).anySatisfy(b -> assertThat(b.get("LifecycleConfiguration").toString())
                .contains("ExpirationInDays=30"));
    }
}
