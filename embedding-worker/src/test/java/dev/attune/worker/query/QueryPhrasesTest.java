package dev.attune.worker.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.schema.Polarity;
import org.junit.jupiter.api.Test;

class QueryPhrasesTest {

    @Test
    void shouldTurnANegatedClauseIntoOneNegativePhraseWithoutItsNegationWords() {
        var candidates = QueryPhrases.candidates("light sci-fi comedies about space, nothing too dark");

        assertThat(candidates).filteredOn(c -> c.polarity() == Polarity.NEGATIVE)
                .extracting(Candidate::phrase).containsExactly("dark");
        assertThat(candidates).filteredOn(c -> c.polarity() == Polarity.POSITIVE)
                .extracting(Candidate::phrase).contains("space", "sci-fi comedies").doesNotContain("about", "about space");
    }

    @Test
    void shouldSplitBeforeANegationInMidSentence() {
        var candidates = QueryPhrases.candidates("space films without horror");

        assertThat(candidates).filteredOn(c -> c.polarity() == Polarity.NEGATIVE)
                .extracting(Candidate::phrase).containsExactly("horror");
        assertThat(candidates).extracting(Candidate::phrase).doesNotContain("films without", "without horror");
    }

    @Test
    void shouldSplitAQueryWithoutSpacesOnItsScriptsPunctuation() {
        var candidates = QueryPhrases.candidates("宇宙のコメディ映画、怖くないもの。");

        assertThat(candidates).extracting(Candidate::phrase).containsExactly("宇宙のコメディ映画", "怖くないもの");
    }

    @Test
    void shouldYieldNoCandidatesForPunctuationOnly() {
        assertThat(QueryPhrases.candidates(" ,,. !? ")).isEmpty();
    }
}
