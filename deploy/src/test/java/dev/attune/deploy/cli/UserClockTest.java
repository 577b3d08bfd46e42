package dev.attune.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserClockTest {

    private static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");
    private HttpServer server;
    private String url;

    @BeforeEach
    void startFakeInstance() throws IOException {
        // Stands in for a streams app instance: user 2 replayed up to 2015, user 9 lives now-ish, others unknown.
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/users/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = path.equals("/users/2/interests") ? "{\"userId\":\"2\",\"clock\":\"2015-10-24T19:35:40Z\"}"
                    : path.equals("/users/9/interests") ? "{\"userId\":\"9\",\"clock\":\"2026-11-22T09:00:00Z\"}" : null;
            byte[] bytes = (body == null ? "{\"error\":\"not_found\"}" : body).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void shouldStampAReplayedUsersEventJustAfterTheirOwnClock() {
        assertThat(UserClock.eventTimeFor("2", Optional.of(url), NOW)).isEqualTo(Instant.parse("2015-10-24T19:35:41Z"));
    }

    @Test
    void shouldUseTheWallClockForAnUnknownUserAClockAheadOrNoInstance() {
        assertThat(UserClock.eventTimeFor("newcomer", Optional.of(url), NOW)).isEqualTo(NOW);
        assertThat(UserClock.eventTimeFor("9", Optional.of(url), NOW)).isEqualTo(NOW);
        assertThat(UserClock.eventTimeFor("2", Optional.empty(), NOW)).isEqualTo(NOW);
    }

    @Test
    void shouldFallBackToTheWallClockWhenTheInstanceIsUnreachable() {
        server.stop(0);

        assertThat(UserClock.eventTimeFor("2", Optional.of(url), NOW)).isEqualTo(NOW);
    }
}
