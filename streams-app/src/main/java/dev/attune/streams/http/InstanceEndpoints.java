package dev.attune.streams.http;

import dev.attune.schema.ItemVector;
import dev.attune.streams.http.Views.HealthBody;
import dev.attune.streams.http.Views.InstanceView;
import dev.attune.streams.http.Views.InstancesBody;
import dev.attune.streams.http.Views.ItemBody;
import dev.attune.streams.query.InteractiveQueryService;
import dev.attune.streams.query.ItemCatalogue;
import io.javalin.http.Context;
import java.util.Optional;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/** Endpoints about this instance and what every instance holds: items (global), cluster view, health. */
final class InstanceEndpoints {

    private final InteractiveQueryService queries;
    private final ItemCatalogue catalogue;

    InstanceEndpoints(InteractiveQueryService queries, ItemCatalogue catalogue) {
        this.queries = queries;
        this.catalogue = catalogue;
    }

    void item(Context ctx) {
        String itemId = Params.id(ctx.pathParam("id"), "item id");
        Optional<ItemVector> found;
        try {
            found = catalogue.find(itemId);
        } catch (InvalidStateStoreException e) {
            throw ApiException.unavailable("the item catalogue is not queryable yet", ApiServer.RETRY_AFTER_SECONDS);
        }
        ItemVector item = found.orElseThrow(() -> ApiException.notFound("unknown item '" + itemId + "'"));
        boolean hasVector = item.getVector() != null && !item.getVector().getValues().isEmpty();
        ctx.json(new ItemBody(item.getItemId(), item.getTitle(), item.getDescription(), item.getTags(), item.getCategories(),
                hasVector, hasVector ? item.getVector().getModel() : null, hasVector ? item.getVector().getDimension() : 0,
                item.getSourceUpdatedAt().toString(), item.getEmbeddedAt().toString()));
    }

    void instances(Context ctx) {
        HostInfo self = queries.self();
        ctx.json(new InstancesBody(self == null ? "local" : self.host() + ":" + self.port(), queries.state().name(),
                queries.instances().stream()
                        .map(i -> new InstanceView(i.host(), i.port(), i.self(), i.activePartitions(), i.standbyPartitions(),
                                i.stores(), i.standbyStores()))
                        .toList()));
    }

    void live(Context ctx) {
        health(ctx, queries.live());
    }

    void ready(Context ctx) {
        health(ctx, queries.ready());
    }

    private void health(Context ctx, boolean up) {
        if (!up) {
            ctx.header("Retry-After", String.valueOf(ApiServer.RETRY_AFTER_SECONDS));
        }
        ctx.status(up ? 200 : 503).json(new HealthBody(up ? "UP" : "DOWN", queries.state().name(), queries.restoringPartitions()));
    }
}
