package dev.attune.bench.quality.data;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvReaderTest {

    @Test
    void shouldSplitCrlfRowsAndKeepCommasInsideQuotes() throws IOException {
        // Given a MovieLens-style file: CRLF endings and a quoted title holding a comma
        String csv = "movieId,title,genres\r\n11,\"American President, The (1995)\",Comedy|Drama|Romance\r\n";

        // When
        List<List<String>> rows = readAll(csv);

        // Then
        assertThat(rows).containsExactly(
                List.of("movieId", "title", "genres"),
                List.of("11", "American President, The (1995)", "Comedy|Drama|Romance"));
    }

    @Test
    void shouldUnescapeDoubledQuotesAndKeepLineBreaksInsideQuotes() throws IOException {
        String csv = "1,\"Say \"\"Hi\"\"\r\nthere\",x\n2,,\n";

        List<List<String>> rows = readAll(csv);

        assertThat(rows).containsExactly(List.of("1", "Say \"Hi\"\r\nthere", "x"), List.of("2", "", ""));
    }

    @Test
    void shouldReadALastRowWithoutLineEndAndSkipBlankLines() throws IOException {
        List<List<String>> rows = readAll("a,b\r\n\r\nc,d");

        assertThat(rows).containsExactly(List.of("a", "b"), List.of("c", "d"));
    }

    @Test
    void shouldRejectAnUnterminatedQuote() {
        assertThatThrownBy(() -> readAll("1,\"open")).isInstanceOf(IOException.class).hasMessageContaining("unterminated");
    }

    private static List<List<String>> readAll(String text) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (CsvReader csv = new CsvReader(new StringReader(text))) {
            for (List<String> row = csv.next(); row != null; row = csv.next()) {
                rows.add(row);
            }
        }
        return rows;
    }
}
