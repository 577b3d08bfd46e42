package dev.attune.worker.query;

import dev.attune.schema.Polarity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Splits a query into clauses and candidate phrases without the model; {@link QueryDecomposer} then
 * chooses among them with the model. Rules:
 * <ul>
 *   <li>clauses end at punctuation of any script (Latin, CJK full-width, Arabic, Devanagari...) and
 *       before a negation word in mid-sentence ("space films without horror");</li>
 *   <li>a clause that starts with a negation word ("nothing too dark", "no horror") is NEGATIVE and
 *       yields one phrase, the clause without its negation and filler words ("dark");</li>
 *   <li>a positive clause yields its word n-grams (1 to {@value #MAX_NGRAM} words) that neither start nor
 *       end with a function word, plus the whole clause when short; a clause with no spaces (Chinese,
 *       Japanese) yields itself.</li>
 * </ul>
 * The word lists are English and small on purpose: they only mark boundaries; which phrases matter is
 * decided by similarity to the query.
 */
public final class QueryPhrases {

    static final int MAX_NGRAM = 2;
    private static final int MAX_CLAUSE_WORDS_AS_PHRASE = 2;
    private static final int MAX_CANDIDATES = 24;

    private static final Pattern CLAUSE_BREAK = Pattern.compile(
            "[,;:.!?()\\[\\]{}\"|/\\u2026\\u2013\\u2014\\u3001\\u3002\\uFF0C\\uFF1B\\uFF1A\\uFF01\\uFF1F\\u060C\\u061B\\u061F\\u0964\\u0965]+"
                    + "|\\s+(?:but|except|although|though)\\s+");
    private static final Pattern WORD_SPLIT = Pattern.compile("\\s+");
    private static final Set<String> NEGATIONS = Set.of("no", "not", "nothing", "without", "never", "none",
            "avoid", "don't", "dont", "do not", "nor", "neither", "excluding", "minus", "isn't", "aren't", "no more");
    private static final Set<String> FILLERS = Set.of("too", "very", "so", "overly", "any", "anything", "that",
            "which", "is", "are", "be", "a", "an", "the", "of", "with", "much", "more", "really", "at", "all", "want",
            "please", "do", "it", "something", "stuff", "things");
    private static final Set<String> FUNCTION_WORDS = Set.of(
            "a", "an", "the", "of", "about", "with", "for", "in", "on", "at", "to", "and", "or", "some", "any", "me",
            "i", "my", "we", "us", "you", "want", "wanna", "like", "would", "show", "find", "give", "recommend",
            "looking", "look", "something", "anything", "please", "that", "which", "who", "is", "are", "be", "it",
            "its", "this", "these", "those", "really", "very", "so", "just", "maybe", "kind", "sort", "lot", "lots",
            "more", "less", "good", "great", "nice", "new", "by", "from", "into", "get", "watch", "see", "read",
            "play", "buy", "movie", "movies", "film", "films", "shows", "book", "books", "song", "songs", "one",
            "ones", "stuff", "things", "thing");

    private QueryPhrases() {
    }

    /** The candidate phrases of {@code query}, distinct, in order of appearance. */
    public static List<Candidate> candidates(String query) {
        Map<String, Candidate> out = new LinkedHashMap<>();
        int clauseIndex = 0;
        for (String rawClause : CLAUSE_BREAK.split(query)) {
            for (String clause : splitBeforeNegation(rawClause.strip())) {
                if (clause.isBlank()) {
                    continue;
                }
                addClause(clause, clauseIndex++, out);
            }
        }
        List<Candidate> list = new ArrayList<>(out.values());
        return list.size() > MAX_CANDIDATES ? list.subList(0, MAX_CANDIDATES) : list;
    }

    private static void addClause(String clause, int index, Map<String, Candidate> out) {
        String[] words = WORD_SPLIT.split(clause);
        int negationEnd = negationPrefixLength(words);
        if (negationEnd > 0) {
            int start = negationEnd;
            while (start < words.length && FILLERS.contains(lower(words[start]))) {
                start++;
            }
            if (start < words.length) {
                String phrase = String.join(" ", List.of(words).subList(start, words.length));
                out.putIfAbsent(key(phrase), new Candidate(phrase, Polarity.NEGATIVE, index));
            }
            return;
        }
        if (words.length == 1) {
            if (!FUNCTION_WORDS.contains(lower(words[0]))) {
                out.putIfAbsent(key(words[0]), new Candidate(words[0], Polarity.POSITIVE, index));
            }
            return;
        }
        for (int n = 1; n <= MAX_NGRAM; n++) {
            for (int i = 0; i + n <= words.length; i++) {
                if (FUNCTION_WORDS.contains(lower(words[i])) || FUNCTION_WORDS.contains(lower(words[i + n - 1]))) {
                    continue;
                }
                String phrase = String.join(" ", List.of(words).subList(i, i + n));
                out.putIfAbsent(key(phrase), new Candidate(phrase, Polarity.POSITIVE, index));
            }
        }
        if (words.length <= MAX_CLAUSE_WORDS_AS_PHRASE) {
            String trimmed = trimFunctionWords(words);
            if (!trimmed.isEmpty()) {
                out.putIfAbsent(key(trimmed), new Candidate(trimmed, Polarity.POSITIVE, index));
            }
        }
    }

    /** Splits "space films without horror" into "space films" and "without horror". */
    private static List<String> splitBeforeNegation(String clause) {
        String[] words = WORD_SPLIT.split(clause);
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 1; i < words.length; i++) {
            if (NEGATIONS.contains(lower(words[i]))) {
                parts.add(String.join(" ", List.of(words).subList(start, i)));
                start = i;
            }
        }
        parts.add(String.join(" ", List.of(words).subList(start, words.length)));
        return parts;
    }

    private static int negationPrefixLength(String[] words) {
        if (words.length >= 2 && NEGATIONS.contains(lower(words[0]) + " " + lower(words[1]))) {
            return 2;
        }
        return NEGATIONS.contains(lower(words[0])) ? 1 : 0;
    }

    private static String trimFunctionWords(String[] words) {
        int from = 0;
        int to = words.length;
        while (from < to && FUNCTION_WORDS.contains(lower(words[from]))) {
            from++;
        }
        while (to > from && FUNCTION_WORDS.contains(lower(words[to - 1]))) {
            to--;
        }
        return String.join(" ", List.of(words).subList(from, to));
    }

    static String key(String phrase) {
        return lower(phrase.strip().replaceAll("\\s+", " "));
    }

    private static String lower(String word) {
        return word.toLowerCase(Locale.ROOT);
    }
}
