package dev.attune.streams.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks the instance that owns a key for the same path. The request carries {@link #FORWARDED_HEADER}
 * so that the owner answers itself and never forwards again (the hop guard).
 */
public final class Forwarder {

    public static final String FORWARDED_HEADER = "X-Attune-Forwarded-By";

    private final HttpClient client;
    private final Duration timeout;
    private final String self;

    public Forwarder(String self, Duration timeout) {
        this.self = self;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The owner's answer, as it gave it. */
    public record Answer(int status, String contentType, Optional<String> retryAfter, byte[] body) {
    }

    /**
     * @param pathAndQuery e.g. {@code /users/42/interests?at=...}, already encoded
     * @throws IOException when the owner cannot be reached or does not answer in time
     */
    public Answer forward(HostInfo owner, String pathAndQuery) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + owner.host() + ":" + owner.port() + pathAndQuery))
                .timeout(timeout)
                .header(FORWARDED_HEADER, self)
                .header("Accept", "application/json")
                .GET()
                .build();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse("application/json"),
                    response.headers().firstValue("Retry-After"), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + owner, e);
        }
    }
}
