package dev.attune.worker.query;

import dev.attune.schema.Polarity;

/**
 * A phrase of a query that may become a facet.
 *
 * @param phrase   the words as they appear in the query (a negated phrase without its negation words)
 * @param polarity NEGATIVE when the clause it comes from is negated
 * @param clause   index of the clause it comes from (a negated clause yields one candidate)
 */
public record Candidate(String phrase, Polarity polarity, int clause) {
}
