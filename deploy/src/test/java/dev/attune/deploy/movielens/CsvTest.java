package dev.attune.deploy.movielens;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void shouldSplitCrlfLinesWithoutKeepingCarriageReturns() {
        List<List<String>> records = Csv.parse("movieId,title,genres\r\n1,Toy Story (1995),Animation|Comedy\r\n2,Heat (1995),Action\r\n");

        assertThat(records).containsExactly(
                List.of("movieId", "title", "genres"),
                List.of("1", "Toy Story (1995)", "Animation|Comedy"),
                List.of("2", "Heat (1995)", "Action"));
    }

    @Test
    void shouldKeepCommasInsideQuotedFields() {
        List<List<String>> records = Csv.parse("11,\"American President, The (1995)\",Comedy|Drama|Romance\r\n");

        assertThat(records).containsExactly(List.of("11", "American President, The (1995)", "Comedy|Drama|Romance"));
    }

    @Test
    void shouldUnescapeDoubledQuotesInsideQuotedFields() {
        List<List<String>> records = Csv.parse("567,4552,\"\"\"artsy\"\"\",1525285878\r\n");

        assertThat(records).containsExactly(List.of("567", "4552", "\"artsy\"", "1525285878"));
    }

    @Test
    void shouldReadAQuotedFieldThatSpansLines() {
        List<List<String>> records = Csv.parse("1,\"first line\r\nsecond line\",x\n2,y,z");

        assertThat(records).containsExactly(List.of("1", "first line\r\nsecond line", "x"), List.of("2", "y", "z"));
    }

    @Test
    void shouldKeepEmptyFieldsAndSkipBlankLines() {
        List<List<String>> records = Csv.parse("a,,c\r\n\r\n,b,\n");

        assertThat(records).containsExactly(List.of("a", "", "c"), List.of("", "b", ""));
    }
}
