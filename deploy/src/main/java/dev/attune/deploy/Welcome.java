package dev.attune.deploy;

import java.io.PrintStream;
import java.util.List;

/** The "where to look" message printed once the stack is up. */
final class Welcome {

    /** Paths of the streams app's page and REST API (see the streams app's README). */
    static final String PAGE_PATH = "/";
    static final String USER_PAGE_QUERY = "#user=";
    static final String USER_RECOMMENDATIONS_PATH = "/users/%s/recommendations";

    private Welcome() {
    }

    static void print(PrintStream out, LocalStack stack, DataLoad.Summary summary) {
        List<String> urls = stack.httpUrls();
        String first = urls.get(0);
        out.println();
        out.println("Attune is up. Data and logs: " + stack.dataDir() + " (logs/<service>.log)");
        out.println("  Page:          " + first + PAGE_PATH
                + (urls.size() > 1 ? "   (other instances: " + String.join(" ", urls.subList(1, urls.size())) + ")" : ""));
        if (summary != null && !summary.userToTry().isEmpty()) {
            String user = summary.userToTry();
            out.printf("  A user to try: %s%s%s%s   (user %s: %,d events in the replay)%n", first, PAGE_PATH, USER_PAGE_QUERY,
                    user, user, summary.userEvents());
            out.println("  REST:          curl " + first + String.format(USER_RECOMMENDATIONS_PATH, user));
            out.println("  A topic:       ./attune tail recommendations      (also: clicks, queries, explanation-requests, attune-dead-letter)");
            out.println("  By hand:       ./attune click " + user + " 318 LIKE   |   ./attune query " + user
                    + " \"light sci-fi comedies about space, nothing too dark\"");
        }
        out.println("  Kafka:         " + stack.bootstrapServers() + "    Schema registry: " + stack.registryUrl());
        out.println("Ctrl-C stops every process.");
        out.println();
        out.flush();
    }
}
