package dev.attune.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Maps environment variables onto configuration keys, so a container or a shell can change any
 * setting without a file: {@code ATTUNE_INTEREST_MAX_INTERESTS=6} sets {@code interest.max.interests},
 * and {@code ATTUNE_KAFKA_BOOTSTRAP_SERVERS} sets {@code bootstrap.servers} via the {@code KAFKA_} prefix
 * for any Kafka client or Streams setting.
 *
 * <p>Precedence, lowest first: defaults, the properties file, environment variables, command-line
 * {@code key=value} arguments.
 */
public final class EnvironmentOverrides {

    public static final String PREFIX = "ATTUNE_";
    private static final String KAFKA_PREFIX = "KAFKA_";

    private EnvironmentOverrides() {
    }

    /** The configuration key an environment variable stands for, or null if it is not ours. */
    public static String keyOf(String variable) {
        if (!variable.startsWith(PREFIX) || variable.length() == PREFIX.length()) {
            return null;
        }
        String rest = variable.substring(PREFIX.length());
        if (rest.startsWith(KAFKA_PREFIX) && rest.length() > KAFKA_PREFIX.length()) {
            rest = rest.substring(KAFKA_PREFIX.length());
        }
        return rest.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** Merges file properties, then {@code environment}, then {@code args} ({@code key=value}). */
    public static Map<String, String> merge(Properties file, Map<String, String> environment, String... args) {
        Map<String, String> merged = new HashMap<>();
        file.stringPropertyNames().forEach(name -> merged.put(name, file.getProperty(name)));
        environment.forEach((variable, value) -> {
            String key = keyOf(variable);
            if (key != null) {
                merged.put(key, value);
            }
        });
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got '" + arg + "'");
            }
            merged.put(arg.substring(0, eq).trim(), arg.substring(eq + 1).trim());
        }
        return merged;
    }
}
