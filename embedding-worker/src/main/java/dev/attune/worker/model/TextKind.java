package dev.attune.worker.model;

/**
 * What a text is to the model. Asymmetric models (e5, bge) embed a searcher's words differently from
 * the documents searched; {@link ModelPreset} holds the prefix for each kind.
 */
public enum TextKind {
    /** Something searched for: an item's text or a vocabulary term. */
    PASSAGE,
    /** Something a user asked: a query or one of its facets. */
    QUERY
}
