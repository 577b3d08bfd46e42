package dev.attune.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** The served OpenAPI document, and checks that real responses match it. Shared by the unit test and the ITs. */
public final class OpenApiContract {

    public static final String RESOURCE = "/web/openapi.json";

    private final OpenApiInteractionValidator validator;

    public OpenApiContract() {
        validator = OpenApiInteractionValidator.createForInlineApiSpecification(document()).build();
    }

    public static String document() {
        try (InputStream in = OpenApiContract.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** swagger-parser's verdict on the document: no messages means valid OpenAPI 3. */
    public static SwaggerParseResult parse(String json) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIParser().readContents(json, null, options);
    }

    /** Fails the test, with the validator's messages, when {@code response} is not what the document promises. */
    public void assertMatches(HttpResponse<String> response) {
        URI uri = response.request().uri();
        SimpleResponse.Builder actual = SimpleResponse.Builder.status(response.statusCode()).withBody(response.body());
        response.headers().map().forEach((name, values) -> actual.withHeader(name, values));
        ValidationReport report = validator.validateResponse(uri.getRawPath(), Request.Method.GET, actual.build());
        assertThat(report.getMessages())
                .as("GET %s answered %d %s", uri, response.statusCode(), response.body())
                .isEmpty();
    }
}
