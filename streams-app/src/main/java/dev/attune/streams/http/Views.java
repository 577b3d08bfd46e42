package dev.attune.streams.http;

import java.util.List;

/** The JSON bodies of the API; field names are the contract written down in {@code web/openapi.json}. */
public final class Views {

    private Views() {
    }

    public record ErrorBody(String error, String message) {
    }

    public record EvidenceView(String source, String kind, String itemId, String text, String polarity, String eventTime) {
    }

    public record InterestView(int id, String label, double weight, double strength, double storedStrength,
                               String updatedAt, List<EvidenceView> evidence) {
    }

    public record NegativeView(String label, double strength, String updatedAt) {
    }

    public record InteractionView(String itemId, String kind, String eventTime) {
    }

    public record CompositeView(int dimension, float[] values) {
    }

    public record InterestsBody(String userId, String model, String clock, String asOf, String servedBy, boolean stale,
                                List<InterestView> interests, CompositeView composite, List<NegativeView> negatives,
                                List<InteractionView> recent) {
    }

    public record RecommendedItemView(String itemId, String title, double score, int interestId, String interestLabel) {
    }

    public record RecommendationsBody(String userId, String computedAt, String asOfEventTime, String model, String servedBy,
                                      boolean stale, List<RecommendedItemView> items) {
    }

    public record ItemBody(String itemId, String title, String description, List<String> tags, List<String> categories,
                           boolean hasVector, String model, int dimension, String sourceUpdatedAt, String embeddedAt) {
    }

    /** A point of the 2-D map: kind is "interest", "item" or "composite". */
    public record MapPoint(String kind, String id, String label, double x, double y, Double weight, Integer interestId) {
    }

    public record MapBody(String userId, String asOf, String servedBy, boolean stale, List<MapPoint> points) {
    }

    public record InstanceView(String host, int port, boolean self, List<String> activePartitions,
                               List<String> standbyPartitions, List<String> stores, List<String> standbyStores) {
    }

    public record InstancesBody(String self, String state, List<InstanceView> instances) {
    }

    public record HealthBody(String status, String state, int restoringPartitions) {
    }
}
