package dev.attune.deploy;

import dev.attune.kafka.Topics;
import dev.attune.schema.ClickEvent;
import dev.attune.schema.ExplanationRequest;
import dev.attune.schema.ItemEvent;
import dev.attune.schema.ItemVector;
import dev.attune.schema.QueryEvent;
import dev.attune.schema.QueryVector;
import dev.attune.schema.Recommendations;
import dev.attune.schema.TermVector;
import dev.attune.schema.UserInterests;
import dev.attune.serde.SchemaRegistry;
import dev.attune.serde.SerdeFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Registers every schema of the system, one after the other, before any service starts.
 *
 * <p>Why: the Apicurio 2.4 registry in memory can fail a registration with a 500 (a duplicate
 * content id in its H2 store) when two clients register new schemas at the same moment, which the
 * loader, the worker and the streams app otherwise all do in their first second. Once each schema's
 * content exists, later registrations under these or other subjects only look it up. Seen in the
 * end-to-end test: "Unique index or primary key violation ... CONTENT(TENANTID, CONTENTID)".
 */
final class SchemaSetup {

    /** The streams app's default application.id: its state stores' changelog subjects start with it. */
    static final String STREAMS_APPLICATION_ID = "attune-streams";

    private SchemaSetup() {
    }

    static Map<String, Schema> subjects() {
        Map<String, Schema> subjects = new LinkedHashMap<>();
        subjects.put(Topics.ITEMS + "-value", ItemEvent.getClassSchema());
        subjects.put(Topics.CLICKS + "-value", ClickEvent.getClassSchema());
        subjects.put(Topics.QUERIES + "-value", QueryEvent.getClassSchema());
        subjects.put(Topics.ITEM_VECTORS + "-value", ItemVector.getClassSchema());
        subjects.put(Topics.QUERY_VECTORS + "-value", QueryVector.getClassSchema());
        subjects.put(Topics.TERM_VECTORS + "-value", TermVector.getClassSchema());
        subjects.put(Topics.RECOMMENDATIONS + "-value", Recommendations.getClassSchema());
        subjects.put(Topics.EXPLANATION_REQUESTS + "-value", ExplanationRequest.getClassSchema());
        subjects.put(STREAMS_APPLICATION_ID + "-user-interests-changelog-value", UserInterests.getClassSchema());
        subjects.put(STREAMS_APPLICATION_ID + "-user-recommendations-changelog-value", Recommendations.getClassSchema());
        return subjects;
    }

    static void registerAll(String registryUrl) {
        SchemaRegistry registry = SerdeFactory.forUrl(registryUrl).registry();
        subjects().forEach(registry::register);
    }
}
