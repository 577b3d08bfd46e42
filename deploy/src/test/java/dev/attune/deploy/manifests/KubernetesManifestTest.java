package dev.attune.deploy.manifests;

import static dev.attune.deploy.manifests.DeployManifests.list;
import static dev.attune.deploy.manifests.DeployManifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.deploy.manifests.DeployManifests.ServiceContainer;
import dev.attune.streams.config.StreamsAppConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a stateful Kafka Streams deployment needs, checked in the Kubernetes base (and, for instance identity,
 * in compose): stable names and volumes, standbys, service discovery for REST forwarding, memory limits that
 * hold the heap and RocksDB, and an image that runs the mains these manifests ask for.
 */
class KubernetesManifestTest {

    private static final String STREAMS_SET = "attune-streams-app";
    private static final String WORKER_SET = "attune-embedding-worker";
    private static final long MIB = 1024L * 1024;
    /** Thread stacks, code cache, GC structures, RocksDB's own overhead outside its cache. */
    private static final long HEADROOM = 384 * MIB;

    @Test
    void shouldListEveryManifestInTheKustomization() throws IOException {
        Set<String> files;
        try (Stream<Path> paths = Files.list(DeployManifests.K8S)) {
            files = paths.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml")).collect(Collectors.toSet());
        }
        assertThat(list(DeployManifests.kustomization().get("resources"))).map(Object::toString)
                .containsExactlyInAnyOrderElementsOf(files);
    }

    @Test
    void shouldGiveEachComposeStreamsInstanceItsOwnServerAndState() throws IOException {
        Map<String, Object> services = map(DeployManifests.compose().get("services"));
        Set<String> servers = new HashSet<>();
        Set<String> volumes = new HashSet<>();
        for (ServiceContainer container : DeployManifests.composeContainers()) {
            if (!container.service().equals("streams-app")) {
                continue;
            }
            String name = container.where().substring("compose service ".length());
            String server = container.env().get("ATTUNE_APPLICATION_SERVER");
            String stateDir = container.env().get("ATTUNE_STATE_DIR");
            assertThat(server).as(name + ": application.server is its own service name").startsWith(name + ":");
            assertThat(servers.add(server)).as(name + ": distinct application.server").isTrue();
            List<String> stateVolumes = list(map(services.get(name)).get("volumes")).stream().map(Object::toString)
                    .filter(v -> v.endsWith(":" + stateDir)).toList();
            assertThat(stateVolumes).as(name + ": one volume at state.dir " + stateDir).hasSize(1);
            assertThat(volumes.add(stateVolumes.get(0))).as(name + ": its own state volume").isTrue();
        }
    }

    @Test
    void shouldGiveEachStreamsPodItsDnsNameAndItsOwnState() throws IOException {
        Map<String, Object> set = DeployManifests.kubernetes("StatefulSet", STREAMS_SET);
        Map<String, Object> spec = map(set.get("spec"));
        ServiceContainer container = container("StatefulSet " + STREAMS_SET);
        StreamsAppConfig config = (StreamsAppConfig) ManifestConsistencyTest.load(container);

        Map<String, Object> headless = DeployManifests.kubernetes("Service", (String) spec.get("serviceName"));
        assertThat(map(headless.get("spec"))).containsEntry("clusterIP", "None").containsEntry("publishNotReadyAddresses", true);
        assertThat(config.getString(StreamsAppConfig.APPLICATION_SERVER))
                .startsWith("$(POD_NAME)." + spec.get("serviceName") + ".");
        assertThat(podNameVariable(DeployManifests.podSpec(set))).isTrue();
        String stateDir = config.getString(StreamsAppConfig.STATE_DIR);
        Set<String> claims = list(spec.get("volumeClaimTemplates")).stream()
                .map(t -> (String) map(map(t).get("metadata")).get("name")).collect(Collectors.toSet());
        assertThat(mounts(DeployManifests.podSpec(set))).as("state.dir on a per-pod volume claim")
                .anyMatch(m -> claims.contains(m.getKey()) && (stateDir + "/").startsWith(m.getValue() + "/"));
        int standbys = config.getInt(StreamsAppConfig.NUM_STANDBY_REPLICAS);
        assertThat(standbys).isGreaterThanOrEqualTo(1);
        assertThat(((Number) spec.get("replicas")).intValue()).isGreaterThan(standbys);
        assertSelects(headless, set);
        assertSelects(DeployManifests.kubernetes("Service", STREAMS_SET), set);
        assertThat(map(DeployManifests.kubernetes("Service", STREAMS_SET).get("spec")).get("type")).isEqualTo("ClusterIP");
        assertSelects(DeployManifests.kubernetes("PodDisruptionBudget", STREAMS_SET), set);
    }

    @Test
    void shouldKeepEachWorkerInstanceIdStableAcrossRestarts() throws IOException {
        Map<String, Object> set = DeployManifests.kubernetes("StatefulSet", WORKER_SET);
        ServiceContainer container = container("StatefulSet " + WORKER_SET);

        assertThat(map(set.get("spec")).get("replicas")).isEqualTo(2);
        assertThat(container.env()).containsEntry("ATTUNE_INSTANCE_ID", "$(POD_NAME)");
        assertThat(podNameVariable(DeployManifests.podSpec(set))).isTrue();
        assertSelects(DeployManifests.kubernetes("PodDisruptionBudget", WORKER_SET), set);
    }

    @Test
    void shouldHoldHeapAndRocksDbWithinTheMemoryLimit() throws IOException {
        ServiceContainer streams = container("StatefulSet " + STREAMS_SET);
        StreamsAppConfig config = (StreamsAppConfig) ManifestConsistencyTest.load(streams);
        long cache = config.getLong(StreamsAppConfig.ROCKSDB_BLOCK_CACHE_BYTES);
        String javaOpts = streams.env().get("JAVA_OPTS");
        long needed = jvmFlag(javaOpts, "-Xmx") + cache + jvmFlag(javaOpts, "-XX:MaxMetaspaceSize=")
                + jvmFlag(javaOpts, "-XX:MaxDirectMemorySize=") + HEADROOM;

        assertThat(config.getLong(StreamsAppConfig.ROCKSDB_WRITE_BUFFER_BYTES)).as("write buffers live in the cache")
                .isLessThanOrEqualTo(cache);
        assertThat(memory(STREAMS_SET, "limits")).as("streams-app memory limit vs " + javaOpts + " + cache " + cache)
                .isGreaterThanOrEqualTo(needed);
        assertThat(memory(STREAMS_SET, "requests")).isLessThanOrEqualTo(memory(STREAMS_SET, "limits"));

        String workerOpts = container("StatefulSet " + WORKER_SET).env().get("JAVA_OPTS");
        assertThat(memory(WORKER_SET, "limits")).as("worker memory limit vs " + workerOpts)
                .isGreaterThanOrEqualTo(jvmFlag(workerOpts, "-Xmx") + jvmFlag(workerOpts, "-XX:MaxMetaspaceSize=") + HEADROOM);
        assertThat(memory(WORKER_SET, "requests")).isLessThanOrEqualTo(memory(WORKER_SET, "limits"));
    }

    @Test
    void shouldKeepServiceLinkVariablesOutOfEveryPod() throws IOException {
        // A Service named attune-x would otherwise put ATTUNE_X_SERVICE_HOST into every pod, read as setting x.service.host.
        for (Map<String, Object> workload : DeployManifests.workloads()) {
            assertThat(DeployManifests.podSpec(workload).get("enableServiceLinks"))
                    .as(workload.get("kind") + " " + map(workload.get("metadata")).get("name")).isEqualTo(false);
        }
    }

    @Test
    void shouldBuildAnImageThatRunsBothServicesOfflineAndNotAsRoot() throws Exception {
        String dockerfile = Files.readString(DeployManifests.DEPLOY.resolve("container/Dockerfile"));
        String entrypoint = Files.readString(DeployManifests.DEPLOY.resolve("container/entrypoint.sh"));
        List<String> stages = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(dockerfile).results().map(r -> r.group(1)).toList();

        assertThat(stages).hasSizeGreaterThanOrEqualTo(2).last().isEqualTo("eclipse-temurin:17-jre");
        assertThat(dockerfile).contains("./mvnw -B -q -pl streams-app,embedding-worker -am install -DskipTests",
                "OPT_OUT_TRACKING=true", "DJL_OFFLINE=true");
        Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(dockerfile);
        assertThat(user.find()).as("a USER line").isTrue();
        assertThat(user.group(1)).doesNotStartWith("root").doesNotStartWith("0:").isNotEqualTo("0");
        assertThat(Files.readString(DeployManifests.REPO.resolve(".dockerignore"))).contains("target/", ".attune/", "node_modules/");
        Map<String, String> mains = Map.of("streams-app", "dev.attune.streams.StreamsAppMain",
                "embedding-worker", "dev.attune.worker.EmbeddingWorkerMain");
        for (Map.Entry<String, String> main : mains.entrySet()) {
            assertThat(entrypoint).contains(main.getKey() + ") main=" + main.getValue());
            assertThat(Class.forName(main.getValue()).getMethod("main", String[].class)).isNotNull();
        }
    }

    private static ServiceContainer container(String where) throws IOException {
        return DeployManifests.kubernetesContainers().stream().filter(c -> c.where().equals(where)).findFirst()
                .orElseThrow(() -> new AssertionError("no service container in " + where));
    }

    private static boolean podNameVariable(Map<String, Object> podSpec) {
        return list(map(list(podSpec.get("containers")).get(0)).get("env")).stream().map(DeployManifests::map)
                .anyMatch(v -> "POD_NAME".equals(v.get("name"))
                        && "metadata.name".equals(map(map(v.get("valueFrom")).get("fieldRef")).get("fieldPath")));
    }

    private static List<Map.Entry<String, String>> mounts(Map<String, Object> podSpec) {
        return list(map(list(podSpec.get("containers")).get(0)).get("volumeMounts")).stream().map(DeployManifests::map)
                .map(m -> Map.entry((String) m.get("name"), (String) m.get("mountPath"))).toList();
    }

    private static void assertSelects(Map<String, Object> selecting, Map<String, Object> workload) {
        Map<String, Object> spec = map(selecting.get("spec"));
        Map<String, Object> selector = spec.containsKey("selector") && map(spec.get("selector")).containsKey("matchLabels")
                ? map(map(spec.get("selector")).get("matchLabels")) : map(spec.get("selector"));
        Map<String, Object> labels = map(map(map(map(workload.get("spec")).get("template")).get("metadata")).get("labels"));
        assertThat(selector).as(selecting.get("kind") + " " + map(selecting.get("metadata")).get("name")).isNotEmpty();
        assertThat(labels).containsAllEntriesOf(selector);
    }

    private static long memory(String statefulSet, String which) throws IOException {
        Map<String, Object> podSpec = DeployManifests.podSpec(DeployManifests.kubernetes("StatefulSet", statefulSet));
        Object value = map(map(map(list(podSpec.get("containers")).get(0)).get("resources")).get(which)).get("memory");
        assertThat(value).as(statefulSet + " " + which + ".memory").isNotNull();
        return quantity(value.toString());
    }

    private static long jvmFlag(String javaOpts, String flag) {
        Matcher m = Pattern.compile("(?:^|\\s)" + Pattern.quote(flag) + "(\\S+)").matcher(javaOpts == null ? "" : javaOpts);
        assertThat(m.find()).as(flag + " in JAVA_OPTS '" + javaOpts + "'").isTrue();
        return quantity(m.group(1));
    }

    /** Kubernetes quantities (512Mi, 2Gi) and JVM sizes (768m, 1g). */
    static long quantity(String text) {
        Matcher m = Pattern.compile("(\\d+)([KMGkmg]i?)?").matcher(text.trim());
        assertThat(m.matches()).as("a size: " + text).isTrue();
        long number = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).substring(0, 1).toUpperCase();
        boolean binary = m.group(2) == null || m.group(2).endsWith("i") || Character.isLowerCase(m.group(2).charAt(0));
        long base = binary ? 1024 : 1000;
        return switch (unit) {
            case "K" -> number * base;
            case "M" -> number * base * base;
            case "G" -> number * base * base * base;
            default -> number;
        };
    }
}
