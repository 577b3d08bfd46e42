package dev.attune.deploy.manifests;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads deploy/compose/compose.yaml and the Kubernetes base in deploy/k8s into plain maps, and pulls out what the
 * consistency test compares with the code: each service container (its resolved environment, ports, probes) and
 * each topic-creation script. SnakeYAML resolves the compose file's anchors and merge keys.
 */
final class DeployManifests {

    static final Path DEPLOY = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    static final Path REPO = DEPLOY.getParent();
    static final Path COMPOSE = DEPLOY.resolve("compose/compose.yaml");
    static final Path K8S = DEPLOY.resolve("k8s");

    private static final Pattern URL = Pattern.compile("https?://(?:localhost|127\\.0\\.0\\.1):(\\d+)(/[^\\s\"',\\]]*)");

    /** A probe or health check: which kind, the HTTP path and the port it calls. */
    record Probe(String kind, String path, int port) {
    }

    /** One container of one of our services, as a manifest sets it up. */
    record ServiceContainer(String where, String service, Map<String, String> env, List<Integer> ports, List<Probe> probes) {
    }

    private DeployManifests() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> compose() throws IOException {
        return (Map<String, Object>) load(COMPOSE).get(0);
    }

    /** Every document of every file the kustomization lists, in order. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> kubernetes() throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object resource : list(kustomization().get("resources"))) {
            for (Object document : load(K8S.resolve((String) resource))) {
                if (document != null) {
                    documents.add((Map<String, Object>) document);
                }
            }
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> kustomization() throws IOException {
        return (Map<String, Object>) load(K8S.resolve("kustomization.yaml")).get(0);
    }

    static List<Map<String, Object>> kubernetes(String kind) throws IOException {
        return kubernetes().stream().filter(doc -> kind.equals(doc.get("kind"))).toList();
    }

    static Map<String, Object> kubernetes(String kind, String name) throws IOException {
        return kubernetes(kind).stream().filter(doc -> name.equals(map(doc.get("metadata")).get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in " + K8S));
    }

    /** Our service containers in compose.yaml (by their SERVICE variable). */
    static List<ServiceContainer> composeContainers() throws IOException {
        List<ServiceContainer> out = new ArrayList<>();
        map(compose().get("services")).forEach((name, definition) -> {
            Map<String, Object> service = map(definition);
            Map<String, String> env = strings(map(service.get("environment")));
            if (!env.containsKey("SERVICE")) {
                return;
            }
            List<Integer> ports = new ArrayList<>();
            for (Object mapping : list(service.get("ports"))) {
                String spec = mapping.toString().replace("/tcp", "");
                ports.add(Integer.parseInt(spec.substring(spec.lastIndexOf(':') + 1)));
            }
            List<Probe> probes = new ArrayList<>();
            Object test = map(service.get("healthcheck")).get("test");
            Matcher url = URL.matcher(test == null ? "" : test.toString());
            while (url.find()) {
                probes.add(new Probe("healthcheck", url.group(2), Integer.parseInt(url.group(1))));
            }
            out.add(new ServiceContainer("compose service " + name, env.get("SERVICE"), env, ports, probes));
        });
        return out;
    }

    /** Our service containers in the Kubernetes workloads (the first argument names the service). */
    static List<ServiceContainer> kubernetesContainers() throws IOException {
        Map<String, Map<String, String>> configMaps = new LinkedHashMap<>();
        for (Map<String, Object> configMap : kubernetes("ConfigMap")) {
            configMaps.put((String) map(configMap.get("metadata")).get("name"), strings(map(configMap.get("data"))));
        }
        List<ServiceContainer> out = new ArrayList<>();
        for (Map<String, Object> workload : workloads()) {
            for (Object item : list(podSpec(workload).get("containers"))) {
                Map<String, Object> container = map(item);
                List<Object> args = list(container.get("args"));
                if (args.isEmpty() || !List.of("streams-app", "embedding-worker").contains(args.get(0))) {
                    continue;
                }
                Map<String, String> env = new LinkedHashMap<>();
                for (Object from : list(container.get("envFrom"))) {
                    String name = (String) map(map(from).get("configMapRef")).get("name");
                    env.putAll(Objects.requireNonNull(configMaps.get(name), "no ConfigMap " + name));
                }
                for (Object variable : list(container.get("env"))) {
                    Map<String, Object> v = map(variable);
                    env.put((String) v.get("name"), v.containsKey("value") ? String.valueOf(v.get("value")) : "<valueFrom>");
                }
                Map<String, Integer> named = new LinkedHashMap<>();
                List<Integer> ports = new ArrayList<>();
                for (Object port : list(container.get("ports"))) {
                    int number = ((Number) map(port).get("containerPort")).intValue();
                    ports.add(number);
                    named.put(String.valueOf(map(port).get("name")), number);
                }
                List<Probe> probes = new ArrayList<>();
                for (String kind : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    Map<String, Object> get = map(map(container.get(kind)).get("httpGet"));
                    if (!get.isEmpty()) {
                        Object port = get.get("port");
                        int number = port instanceof Number n ? n.intValue() : named.getOrDefault(port.toString(), -1);
                        probes.add(new Probe(kind, (String) get.get("path"), number));
                    }
                }
                String where = workload.get("kind") + " " + map(workload.get("metadata")).get("name");
                out.add(new ServiceContainer(where, (String) args.get(0), env, ports, probes));
            }
        }
        return out;
    }

    static List<Map<String, Object>> workloads() throws IOException {
        return kubernetes().stream()
                .filter(doc -> List.of("Deployment", "StatefulSet", "Job", "DaemonSet").contains(doc.get("kind")))
                .toList();
    }

    static Map<String, Object> podSpec(Map<String, Object> workload) {
        return map(map(map(workload.get("spec")).get("template")).get("spec"));
    }

    /** The shell scripts that create topics (they call kafka-topics.sh), by where they are. */
    static Map<String, String> topicScripts() throws IOException {
        Map<String, String> scripts = new LinkedHashMap<>();
        map(compose().get("services")).forEach((name, definition) -> {
            String command = String.valueOf(map(definition).get("command"));
            if (command.contains("kafka-topics.sh")) {
                scripts.put("compose service " + name, command);
            }
        });
        for (Map<String, Object> workload : workloads()) {
            for (Object container : list(podSpec(workload).get("containers"))) {
                String script = String.valueOf(map(container).get("command")) + String.valueOf(map(container).get("args"));
                if (script.contains("kafka-topics.sh")) {
                    scripts.put(workload.get("kind") + " " + map(workload.get("metadata")).get("name"), script);
                }
            }
        }
        return scripts;
    }

    /** Every image named anywhere in compose.yaml and the Kubernetes workloads. */
    static List<String> images() throws IOException {
        List<String> images = new ArrayList<>();
        map(compose().get("services")).values().forEach(service -> images.add(String.valueOf(map(service).get("image"))));
        for (Map<String, Object> workload : workloads()) {
            list(podSpec(workload).get("containers")).forEach(c -> images.add(String.valueOf(map(c).get("image"))));
        }
        return images;
    }

    static List<Object> load(Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<Object> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            new Yaml(options).loadAll(reader).forEach(documents::add);
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }

    private static Map<String, String> strings(Map<String, Object> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((key, value) -> out.put(key, value == null ? "" : value.toString()));
        return out;
    }
}
