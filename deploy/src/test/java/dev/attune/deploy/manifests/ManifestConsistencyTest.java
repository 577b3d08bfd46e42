package dev.attune.deploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.config.EnvironmentOverrides;
import dev.attune.deploy.TopicAdmin;
import dev.attune.deploy.manifests.DeployManifests.Probe;
import dev.attune.deploy.manifests.DeployManifests.ServiceContainer;
import dev.attune.kafka.Topics;
import dev.attune.streams.config.StreamsAppConfig;
import dev.attune.worker.config.WorkerConfig;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * The container, compose and Kubernetes files cannot run on the development machine (no Docker, no Kubernetes),
 * so this test holds them to the code they configure: every ATTUNE_* variable is a setting its service defines
 * (or a Kafka setting) and loads, topics are the local stack's, ports and probes are the ones the services open.
 */
class ManifestConsistencyTest {

    private static final String STREAMS = "streams-app";
    private static final String WORKER = "embedding-worker";
    private static final List<String> STREAMS_PREFIXES = List.of(StreamsConfig.MAIN_CONSUMER_PREFIX,
            StreamsConfig.RESTORE_CONSUMER_PREFIX, StreamsConfig.GLOBAL_CONSUMER_PREFIX, StreamsConfig.CONSUMER_PREFIX,
            StreamsConfig.PRODUCER_PREFIX, StreamsConfig.ADMIN_CLIENT_PREFIX, StreamsConfig.TOPIC_PREFIX);

    static List<ServiceContainer> containers() throws IOException {
        List<ServiceContainer> all = new ArrayList<>(DeployManifests.composeContainers());
        all.addAll(DeployManifests.kubernetesContainers());
        return all;
    }

    @Test
    void shouldFindBothServicesInComposeAndKubernetes() throws IOException {
        assertThat(DeployManifests.composeContainers()).extracting(ServiceContainer::service)
                .containsExactlyInAnyOrder(WORKER, STREAMS, STREAMS);
        assertThat(DeployManifests.kubernetesContainers()).extracting(ServiceContainer::service)
                .containsExactlyInAnyOrder(WORKER, STREAMS);
    }

    @Test
    void shouldMapEveryAttuneVariableToASettingOfItsService() throws IOException {
        List<String> unknown = new ArrayList<>();
        for (ServiceContainer container : containers()) {
            for (String variable : container.env().keySet()) {
                String key = EnvironmentOverrides.keyOf(variable);
                if (key == null) {
                    continue;
                }
                boolean kafkaOnly = variable.startsWith(EnvironmentOverrides.PREFIX + "KAFKA_");
                boolean known = isKafkaSetting(container.service(), key)
                        || (!kafkaOnly && ownKeys(container.service()).contains(key));
                if (!known) {
                    unknown.add(container.where() + ": " + variable + " -> " + key);
                }
            }
        }
        assertThat(unknown).as("ATTUNE_* variables that set no setting of their service").isEmpty();
    }

    @Test
    void shouldLoadEveryServiceConfigurationFromItsEnvironment() throws IOException {
        for (ServiceContainer container : containers()) {
            AbstractConfig config = load(container);
            if (config instanceof WorkerConfig worker) {
                assertThat(worker.preset()).as(container.where()).isNotNull();
            }
        }
    }

    @Test
    void shouldCreateExactlyTheLocalStacksTopics() throws IOException {
        Set<String> constants = topicConstants();
        Pattern create = Pattern.compile("--topic\\s+(\\S+)([^\\n]*)");
        Map<String, String> scripts = DeployManifests.topicScripts();
        assertThat(scripts).as("topic-creation jobs").hasSize(2);
        scripts.forEach((where, script) -> {
            List<String> topics = new ArrayList<>();
            Set<String> compacted = new HashSet<>();
            Matcher line = create.matcher(script);
            while (line.find()) {
                topics.add(line.group(1));
                if (line.group(2).contains("cleanup.policy=compact")) {
                    compacted.add(line.group(1));
                }
                // One partition count for all: clicks and query-vectors are joined by user and must match.
                assertThat(line.group(2)).as(where + ": " + line.group(1)).doesNotContain("--partitions");
            }
            assertThat(topics).as(where).allMatch(constants::contains).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(TopicAdmin.ALL);
            assertThat(compacted).as(where + ": compacted topics").isEqualTo(TopicAdmin.COMPACTED);
        });
    }

    @Test
    void shouldNameOnlyKnownTopicsInTopicSettings() throws IOException {
        Set<String> constants = topicConstants();
        for (ServiceContainer container : containers()) {
            container.env().forEach((variable, value) -> {
                if (variable.startsWith("ATTUNE_TOPIC_")) {
                    assertThat(constants).as(container.where() + ": " + variable).contains(value);
                }
            });
        }
    }

    @Test
    void shouldExposeAndProbeThePortTheServiceListensOn() throws IOException {
        for (ServiceContainer container : containers()) {
            AbstractConfig config = load(container);
            int port = config.getInt(container.service().equals(STREAMS) ? StreamsAppConfig.HTTP_PORT : WorkerConfig.METRICS_PORT);

            assertThat(container.ports()).as(container.where() + ": container ports").contains(port);
            assertThat(container.probes()).as(container.where() + ": probes").isNotEmpty()
                    .allSatisfy(probe -> assertThat(probe.port()).as(container.where() + " " + probe).isEqualTo(port));
            if (container.service().equals(STREAMS)) {
                String server = config.getString(StreamsAppConfig.APPLICATION_SERVER);
                assertThat(server).as(container.where() + ": application.server").endsWith(":" + port);
            }
        }
    }

    @Test
    void shouldProbeOnlyEndpointsTheServicesServe() throws Exception {
        try (LiveEndpoints endpoints = LiveEndpoints.start()) {
            for (ServiceContainer container : containers()) {
                for (Probe probe : container.probes()) {
                    String what = container.where() + ": " + probe.kind() + " " + probe.path();
                    assertThat(endpoints.serves(container.service(), probe.path())).as(what).isTrue();
                    if (probe.kind().equals("readinessProbe") && container.service().equals(STREAMS)) {
                        assertThat(probe.path()).as(what).isEqualTo("/health/ready");
                    } else if (probe.kind().endsWith("Probe") && container.service().equals(STREAMS)) {
                        assertThat(probe.path()).as(what + ": a restoring instance is alive, not ready").isEqualTo("/health/live");
                    }
                }
            }
        }
    }

    @Test
    void shouldUseKafkaAndRegistryImagesOfTheVersionsTheBuildUses() throws IOException {
        String registryVersion = apicurioVersion();
        for (String image : DeployManifests.images()) {
            if (image.startsWith("apache/kafka:")) {
                assertThat(image).isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
            } else if (image.startsWith("apicurio/")) {
                assertThat(image).endsWith(":" + registryVersion);
            }
        }
        assertThat(DeployManifests.images()).anyMatch(image -> image.startsWith("apache/kafka:"))
                .anyMatch(image -> image.startsWith("apicurio/apicurio-registry"));
    }

    static AbstractConfig load(ServiceContainer container) {
        Map<String, String> values = EnvironmentOverrides.merge(new Properties(), container.env());
        return container.service().equals(STREAMS) ? new StreamsAppConfig(values) : new WorkerConfig(values);
    }

    private static Set<String> ownKeys(String service) {
        return service.equals(STREAMS) ? StreamsAppConfig.DEFINITION.names() : WorkerConfig.DEFINITION.names();
    }

    /** Keys the service hands to its Kafka clients: Streams (with its client prefixes) or producer and consumer. */
    private static boolean isKafkaSetting(String service, String key) {
        Set<String> clients = Stream.of(ProducerConfig.configNames(), ConsumerConfig.configNames(),
                service.equals(STREAMS) ? AdminClientConfig.configNames() : Set.<String>of())
                .flatMap(Set::stream).collect(Collectors.toSet());
        if (!service.equals(STREAMS)) {
            return clients.contains(key);
        }
        if (StreamsConfig.configDef().names().contains(key) || clients.contains(key)) {
            return true;
        }
        return STREAMS_PREFIXES.stream().anyMatch(prefix -> key.startsWith(prefix) && clients.contains(key.substring(prefix.length())));
    }

    private static Set<String> topicConstants() {
        Set<String> names = new HashSet<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    names.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }

    private static String apicurioVersion() throws IOException {
        String pom = Files.readString(DeployManifests.REPO.resolve("schema-registry/assembly/pom.xml"));
        Matcher version = Pattern.compile("<apicurio.registry.version>([^<]+)<").matcher(pom);
        assertThat(version.find()).as("apicurio.registry.version in schema-registry/assembly/pom.xml").isTrue();
        return version.group(1);
    }
}
