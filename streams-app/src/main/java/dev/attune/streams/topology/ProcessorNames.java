package dev.attune.streams.topology;

/** Names of every source, processor and sink node, so that the topology description and metrics are stable. */
public final class ProcessorNames {
    public static final String CLICKS_SOURCE = "clicks-source";
    public static final String QUERIES_SOURCE = "query-vectors-source";
    public static final String ITEMS_SOURCE = "item-vectors-source";
    public static final String TERMS_SOURCE = "term-vectors-source";
    public static final String CATALOGUE_UPDATER = "catalogue-updater";
    public static final String VOCABULARY_UPDATER = "vocabulary-updater";
    public static final String CLICK_VALIDATOR = "click-validator";
    public static final String QUERY_VALIDATOR = "query-validator";
    public static final String INTEREST_UPDATER = "interest-updater";
    public static final String POPULARITY_COUNTER = "popularity-counter";
    public static final String COOCCURRENCE_COUNTER = "cooccurrence-counter";
    public static final String RECOMMENDATION_REFRESHER = "recommendation-refresher";
    public static final String EXPLANATION_EMITTER = "explanation-emitter";
    public static final String RECOMMENDATIONS_SINK = "recommendations-sink";
    public static final String EXPLANATIONS_SINK = "explanation-requests-sink";
    public static final String DEAD_LETTER_SINK = "dead-letter-sink";

    private ProcessorNames() {
    }
}
