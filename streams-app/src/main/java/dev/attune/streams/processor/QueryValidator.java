package dev.attune.streams.processor;

import dev.attune.schema.Facet;
import dev.attune.schema.QueryVector;
import dev.attune.streams.catalogue.VectorCheck;
import dev.attune.streams.errors.Reason;
import dev.attune.streams.errors.Rejection;
import org.apache.kafka.common.serialization.Deserializer;

/** Validates query vectors: user id and time like clicks, and every vector (whole and facets) against the contract. */
public final class QueryValidator extends InputValidator<QueryVector> {

    private final VectorCheck vectorCheck;

    public QueryValidator(Deserializer<QueryVector> deserializer, long maxFutureSkewMs, VectorCheck vectorCheck) {
        super(deserializer, maxFutureSkewMs);
        this.vectorCheck = vectorCheck;
    }

    @Override
    Rejection check(String key, QueryVector query, long now) {
        Rejection problem = checkUserAndTime(key, query.getUserId(), query.getEventTime().toEpochMilli(), now);
        if (problem != null) {
            return problem;
        }
        problem = vectorCheck.problem(query.getWhole());
        if (problem != null) {
            return new Rejection(problem.reason(), "whole query: " + problem.detail());
        }
        for (Facet facet : query.getFacets()) {
            problem = vectorCheck.problem(facet.getVector());
            if (problem != null) {
                return new Rejection(problem.reason(), "facet '" + facet.getPhrase() + "': " + problem.detail());
            }
            if (!Float.isFinite(facet.getWeight()) || facet.getWeight() < 0) {
                return new Rejection(Reason.NON_FINITE_VECTOR, "facet '" + facet.getPhrase() + "' has weight " + facet.getWeight());
            }
        }
        return null;
    }
}
