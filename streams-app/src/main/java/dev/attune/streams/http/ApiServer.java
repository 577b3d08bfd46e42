package dev.attune.streams.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.attune.streams.catalogue.Catalogue;
import dev.attune.streams.config.StreamsAppConfig;
import dev.attune.streams.http.Views.ErrorBody;
import dev.attune.streams.model.InterestModel;
import dev.attune.streams.model.InterestParams;
import dev.attune.streams.model.Labeler;
import dev.attune.streams.query.InteractiveQueryService;
import dev.attune.streams.query.ItemCatalogue;
import dev.attune.streams.query.RestorationTracker;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST endpoint of one streams-app instance: interactive queries (routed to the owner of each
 * user), item metadata, cluster view, health, Prometheus metrics, the OpenAPI document and the
 * explorer page. Start it before {@code streams.start()} so that readiness can follow restoration.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    /** Seconds a caller should wait before asking again for a key that is not available (rebalance, restore). */
    public static final int RETRY_AFTER_SECONDS = 1;
    /** How long a forwarded request may take; an owner that is down should cost the caller about this much. */
    public static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(2);

    private final Javalin app;
    private final PrometheusMeterRegistry registry;

    private ApiServer(Javalin app, PrometheusMeterRegistry registry) {
        this.app = app;
        this.registry = registry;
    }

    /** Starts on {@code http.port} with a fresh metrics registry; {@code catalogue} is the one the topology was built with. */
    public static ApiServer start(KafkaStreams streams, StreamsAppConfig config, Catalogue catalogue) {
        return start(streams, config, ItemCatalogue.of(catalogue), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /**
     * Starts on {@code http.port}; {@code registry} is exported on /metrics along with every Kafka Streams metric
     * (including the engine's sensors such as rejected records by reason), so other parts of the app can add
     * their own meters to it.
     */
    public static ApiServer start(KafkaStreams streams, StreamsAppConfig config, ItemCatalogue catalogue,
                                  PrometheusMeterRegistry registry) {
        // The restore listener can only be set before start; afterwards readiness is RUNNING alone.
        RestorationTracker tracker = null;
        if (streams.state() == KafkaStreams.State.CREATED) {
            tracker = RestorationTracker.attachTo(streams);
        } else {
            LOG.warn("API server started after Kafka Streams: readiness cannot see restoration");
        }
        HostInfo self = InteractiveQueryService.parseSelf(config.getString(StreamsAppConfig.APPLICATION_SERVER));
        InteractiveQueryService queries = new InteractiveQueryService(streams, self, tracker);
        // Only the model's decay, weights and composite are used here, so it needs no labeler.
        InterestModel model = new InterestModel(InterestParams.from(config), Labeler.NONE);
        UserEndpoints users = new UserEndpoints(queries,
                new Forwarder(self == null ? "local" : self.host() + ":" + self.port(), FORWARD_TIMEOUT),
                new UserViews(model, catalogue), Clock.systemUTC(), registry);
        StreamsMetricsBinder streamsMetrics = new StreamsMetricsBinder(streams::metrics, registry);

        Javalin app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson(new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL), false));
            cfg.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/web";
                files.location = Location.CLASSPATH;
            });
            cfg.requestLogger.http((ctx, millis) -> timer(registry, ctx).record((long) (millis * 1000), TimeUnit.MICROSECONDS));
        });
        app.get("/users/{id}/interests", users::interests);
        app.get("/users/{id}/recommendations", users::recommendations);
        app.get("/users/{id}/map", users::map);
        InstanceEndpoints instance = new InstanceEndpoints(queries, catalogue);
        app.get("/items/{id}", instance::item);
        app.get("/instances", instance::instances);
        app.get("/health/live", instance::live);
        app.get("/health/ready", instance::ready);
        app.get("/metrics", ctx -> {
            streamsMetrics.refresh();
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
        });
        app.exception(ApiException.class, (e, ctx) -> {
            if (e.retryAfterSeconds() != null) {
                ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
            }
            ctx.status(e.status()).json(new ErrorBody(e.error(), e.getMessage()));
        });
        app.exception(HttpResponseException.class, (e, ctx) ->
                ctx.status(e.getStatus()).json(new ErrorBody(e.getStatus() == 404 ? "not_found" : "error", e.getMessage())));
        app.exception(Exception.class, (e, ctx) -> {
            // The cause goes to the log, never into the body.
            LOG.error("unexpected error serving {} {}", ctx.method(), ctx.path(), e);
            ctx.status(500).json(new ErrorBody("internal", "internal error; see the instance's log"));
        });
        app.start(config.getInt(StreamsAppConfig.HTTP_PORT));
        LOG.info("REST API listening on port {} (application.server {})", app.port(), self);
        return new ApiServer(app, registry);
    }

    public int port() {
        return app.port();
    }

    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        app.stop();
    }

    private static Timer timer(MeterRegistry registry, Context ctx) {
        String route;
        try {
            route = ctx.endpointHandlerPath();
        } catch (RuntimeException e) {
            route = "other";
        }
        if (route == null || route.isEmpty() || "*".equals(route)) {
            route = "other";
        }
        return Timer.builder("attune.http.requests").tag("method", ctx.method().name()).tag("route", route)
                .tag("status", String.valueOf(ctx.statusCode())).register(registry);
    }
}
