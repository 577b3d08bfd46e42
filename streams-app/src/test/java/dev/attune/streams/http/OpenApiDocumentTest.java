package dev.attune.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest {

    @Test
    void shouldBeAValidOpenApi3DocumentWithoutParserMessages() {
        SwaggerParseResult result = OpenApiContract.parse(OpenApiContract.document());

        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.");
        assertThat(result.getOpenAPI().getPaths()).containsKeys("/users/{id}/interests", "/users/{id}/recommendations",
                "/users/{id}/map", "/items/{id}", "/instances", "/health/live", "/health/ready", "/metrics", "/openapi.json");
    }

    @Test
    void shouldDescribeEveryFieldOfEveryResponseBodyAndNothingElse() {
        // Given the documented schemas and the records Jackson serialises
        OpenAPI api = OpenApiContract.parse(OpenApiContract.document()).getOpenAPI();
        @SuppressWarnings("rawtypes")
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        Map<String, Class<? extends Record>> bodies = Map.ofEntries(
                Map.entry("Error", Views.ErrorBody.class), Map.entry("Evidence", Views.EvidenceView.class),
                Map.entry("Interest", Views.InterestView.class), Map.entry("Negative", Views.NegativeView.class),
                Map.entry("Interaction", Views.InteractionView.class), Map.entry("Composite", Views.CompositeView.class),
                Map.entry("Interests", Views.InterestsBody.class), Map.entry("RecommendedItem", Views.RecommendedItemView.class),
                Map.entry("Recommendations", Views.RecommendationsBody.class), Map.entry("Item", Views.ItemBody.class),
                Map.entry("MapPoint", Views.MapPoint.class), Map.entry("Map", Views.MapBody.class),
                Map.entry("Instance", Views.InstanceView.class), Map.entry("Instances", Views.InstancesBody.class),
                Map.entry("Health", Views.HealthBody.class));

        // Then each schema names exactly the record's components
        assertThat(schemas.keySet()).containsExactlyInAnyOrderElementsOf(bodies.keySet());
        bodies.forEach((name, type) -> assertThat(schemas.get(name).getProperties().keySet())
                .as(name)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList()));
    }
}
