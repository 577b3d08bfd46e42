package dev.attune.kafka;

/**
 * The default names of Attune's topics (see DESIGN.md and README "Topics"). Services take the
 * actual names from their configuration; these are the defaults every service agrees on.
 */
public final class Topics {
    /** Catalogue upserts, keyed by item id; tombstones delete. Value: ItemEvent. */
    public static final String ITEMS = "items";
    /** User interactions, keyed by user id. Value: ClickEvent. */
    public static final String CLICKS = "clicks";
    /** Natural-language requests, keyed by user id. Value: QueryEvent. */
    public static final String QUERIES = "queries";
    /** Item embeddings, keyed by item id, compacted. Value: ItemVector. */
    public static final String ITEM_VECTORS = "item-vectors";
    /** Query embeddings with facets, keyed by user id. Value: QueryVector. */
    public static final String QUERY_VECTORS = "query-vectors";
    /** Vocabulary term embeddings, keyed by term, compacted. Value: TermVector. */
    public static final String TERM_VECTORS = "term-vectors";
    /** Refreshed top-N per user, keyed by user id, compacted. Value: Recommendations. */
    public static final String RECOMMENDATIONS = "recommendations";
    /** LLM explanation requests, keyed by user id. Value: ExplanationRequest. */
    public static final String EXPLANATION_REQUESTS = "explanation-requests";
    /** Records that could not be processed: original key and value bytes, reason in headers. */
    public static final String DEAD_LETTER = "attune-dead-letter";

    private Topics() {
    }
}
