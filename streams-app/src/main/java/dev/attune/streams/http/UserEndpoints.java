package dev.attune.streams.http;

import dev.attune.schema.Recommendations;
import dev.attune.schema.UserInterests;
import dev.attune.streams.query.InteractiveQueryService;
import dev.attune.streams.query.QueryResult;
import dev.attune.streams.topology.StoreNames;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-user endpoints. Each reads the user's state where this instance may (active, or standby
 * when the owner cannot answer), forwards to the owner otherwise, and answers 503 + Retry-After
 * when no one can: nothing here waits for Kafka Streams.
 */
final class UserEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(UserEndpoints.class);

    private final InteractiveQueryService queries;
    private final Forwarder forwarder;
    private final UserViews views;
    private final Clock clock;
    private final MeterRegistry registry;

    UserEndpoints(InteractiveQueryService queries, Forwarder forwarder, UserViews views, Clock clock, MeterRegistry registry) {
        this.queries = queries;
        this.forwarder = forwarder;
        this.views = views;
        this.clock = clock;
        this.registry = registry;
    }

    void interests(Context ctx) {
        String userId = Params.id(ctx.pathParam("id"), "user id");
        Instant at = Params.instant(ctx.queryParam("at"), "at", clock.instant());
        this.<UserInterests>serve(ctx, StoreNames.USER_INTERESTS, userId, "user",
                (state, stale) -> ctx.json(views.interests(state, at, servedBy(), stale)));
    }

    void recommendations(Context ctx) {
        String userId = Params.id(ctx.pathParam("id"), "user id");
        int limit = Params.limit(ctx.queryParam("limit"), "limit", Params.MAX_LIMIT, Params.MAX_LIMIT);
        this.<Recommendations>serve(ctx, StoreNames.USER_RECOMMENDATIONS, userId, "recommendations for user",
                (list, stale) -> ctx.json(UserViews.recommendations(list, limit, servedBy(), stale)));
    }

    void map(Context ctx) {
        String userId = Params.id(ctx.pathParam("id"), "user id");
        Instant at = Params.instant(ctx.queryParam("at"), "at", clock.instant());
        this.<UserInterests>serve(ctx, StoreNames.USER_INTERESTS, userId, "user", (state, stale) -> {
            // Both stores are keyed and partitioned by user id in the same sub-topology: where one is, the other is.
            QueryResult<Recommendations> list = stale
                    ? queries.getStale(StoreNames.USER_RECOMMENDATIONS, userId)
                    : queries.get(StoreNames.USER_RECOMMENDATIONS, userId, true);
            Recommendations recommendations = list instanceof QueryResult.Found<Recommendations> found ? found.value() : null;
            ctx.json(views.map(state, recommendations, at, servedBy(), stale));
        });
    }

    private interface Renderer<V> {
        void render(V value, boolean stale);
    }

    private <V> void serve(Context ctx, String store, String userId, String what, Renderer<V> renderer) {
        boolean forwarded = ctx.header(Forwarder.FORWARDED_HEADER) != null;
        QueryResult<V> result = queries.get(store, userId, forwarded);
        count(result);
        if (result instanceof QueryResult.Remote<V> remote) {
            if (forwardTo(ctx, remote.owner())) {
                return;
            }
            result = remote.localStandby() ? queries.getStale(store, userId)
                    : new QueryResult.Unavailable<>("the instance owning this user does not answer");
        }
        if (result instanceof QueryResult.Found<V> found) {
            renderer.render(found.value(), found.stale());
        } else if (result instanceof QueryResult.NotFound<V>) {
            throw ApiException.notFound("unknown " + what + " '" + userId + "'");
        } else if (result instanceof QueryResult.Unavailable<V> unavailable) {
            throw ApiException.unavailable(unavailable.reason(), ApiServer.RETRY_AFTER_SECONDS);
        } else {
            throw ApiException.unavailable("the instance owning this user does not answer", ApiServer.RETRY_AFTER_SECONDS);
        }
    }

    /** True when the owner answered (its answer, whatever the status, is now ours). */
    private boolean forwardTo(Context ctx, HostInfo owner) {
        String query = ctx.queryString();
        String pathAndQuery = rawPath(ctx) + (query == null || query.isEmpty() ? "" : "?" + query);
        try {
            Forwarder.Answer answer = forwarder.forward(owner, pathAndQuery);
            ctx.status(answer.status()).contentType(answer.contentType()).result(answer.body());
            answer.retryAfter().ifPresent(value -> ctx.header("Retry-After", value));
            registry.counter("attune.iq.forwards", "outcome", "answered").increment();
            return true;
        } catch (IOException e) {
            // The owner is down or restarting; the metadata will say so after the next rebalance.
            LOG.debug("owner {} did not answer {}: {}", owner, pathAndQuery, e.toString());
            registry.counter("attune.iq.forwards", "outcome", "unreachable").increment();
            return false;
        }
    }

    private static String rawPath(Context ctx) {
        // The path as received (still percent-encoded), so that ids with reserved characters reach the owner intact.
        String uri = ctx.req().getRequestURI();
        return uri == null || uri.isEmpty() ? ctx.path() : uri;
    }

    private String servedBy() {
        HostInfo self = queries.self();
        return self == null ? "local" : self.host() + ":" + self.port();
    }

    private void count(QueryResult<?> result) {
        String route;
        if (result instanceof QueryResult.Found<?> found) {
            route = found.stale() ? "stale" : "local";
        } else if (result instanceof QueryResult.NotFound<?>) {
            route = "not_found";
        } else if (result instanceof QueryResult.Remote<?>) {
            route = "remote";
        } else {
            route = "unavailable";
        }
        registry.counter("attune.iq.lookups", "route", route).increment();
    }
}
