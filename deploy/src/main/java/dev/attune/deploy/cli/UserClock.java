package dev.attune.deploy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The event time a hand-made event should carry. Interests decay in event time, and a replayed
 * MovieLens user lives in, say, 2015: a click stamped with today's date would age every interest
 * they have by years at once and the page would show only the new one. So an event for a user whose
 * clock (asked from the streams app's REST API) lies in the past is stamped just after that clock;
 * a new user, or {@code --now}, gets the wall clock.
 */
final class UserClock {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STEP = Duration.ofSeconds(1);

    private UserClock() {
    }

    /** The user's clock + 1 s if the stack knows the user and their clock is behind {@code now}; else {@code now}. */
    static Instant eventTimeFor(String user, Optional<String> restUrl, Instant now) {
        return restUrl.flatMap(url -> clockOf(url, user)).filter(clock -> clock.isBefore(now)).map(clock -> clock.plus(STEP))
                .orElse(now);
    }

    static Optional<Instant> clockOf(String restUrl, String user) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        URI uri = URI.create(restUrl + "/users/" + URLEncoder.encode(user, StandardCharsets.UTF_8).replace("+", "%20") + "/interests");
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            return parseClock(JSON.readTree(response.body()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static Optional<Instant> parseClock(JsonNode interests) {
        JsonNode clock = interests.path("clock");
        if (!clock.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(clock.asText()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
