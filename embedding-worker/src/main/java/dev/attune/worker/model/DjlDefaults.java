package dev.attune.worker.model;

/**
 * DJL phones home at engine start and may try to download engines and models unless told not to. These
 * defaults are set before DJL's first class loads; a user who wants otherwise sets the property or the
 * environment variable explicitly, which wins.
 */
public final class DjlDefaults {

    private DjlDefaults() {
    }

    public static void apply() {
        setUnlessGiven("OPT_OUT_TRACKING", "true");
        setUnlessGiven("ai.djl.offline", "true");
    }

    private static void setUnlessGiven(String name, String value) {
        String envName = name.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
        if (System.getProperty(name) == null && System.getenv(name) == null && System.getenv(envName) == null) {
            System.setProperty(name, value);
        }
    }
}
