package dev.attune.streams.testing;

import dev.attune.schema.ClickEvent;
import dev.attune.schema.ExplanationRequest;
import dev.attune.schema.ItemVector;
import dev.attune.schema.QueryVector;
import dev.attune.schema.Recommendations;
import dev.attune.schema.TermVector;
import dev.attune.schema.UserInterests;
import dev.attune.serde.InMemorySchemaRegistry;
import java.util.List;
import org.apache.avro.specific.SpecificData;

/**
 * The in-memory registry numbers schemas in registration order. Registering every schema in one
 * fixed order first gives two JVMs (a test and the app process it kills) the same ids, as a shared
 * registry server would.
 */
public final class RegistryIds {

    private static final List<Class<?>> ORDER = List.of(ItemVector.class, TermVector.class, ClickEvent.class,
            QueryVector.class, UserInterests.class, Recommendations.class, ExplanationRequest.class);

    private RegistryIds() {
    }

    public static void preRegister(String scope) {
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.scope(scope);
        for (Class<?> type : ORDER) {
            registry.register(type.getSimpleName(), SpecificData.get().getSchema(type));
        }
    }
}
