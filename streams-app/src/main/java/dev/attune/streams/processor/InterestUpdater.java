package dev.attune.streams.processor;

import dev.attune.schema.ClickEvent;
import dev.attune.schema.EvidenceSource;
import dev.attune.schema.Evidence;
import dev.attune.schema.Facet;
import dev.attune.schema.Polarity;
import dev.attune.schema.QueryVector;
import dev.attune.schema.UserInterests;
import dev.attune.streams.catalogue.Catalogue;
import dev.attune.streams.catalogue.VectorCheck;
import dev.attune.streams.config.StreamsAppConfig;
import dev.attune.streams.errors.Reason;
import dev.attune.streams.errors.Rejection;
import dev.attune.streams.model.EventWeights;
import dev.attune.streams.model.InterestModel;
import dev.attune.streams.model.SeenFilter;
import dev.attune.streams.model.UserState;
import dev.attune.streams.model.UserStateCodec;
import dev.attune.streams.topology.ProcessorNames;
import dev.attune.streams.topology.StoreNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Folds validated clicks and query facets into the user's interests (the {@value StoreNames#USER_INTERESTS}
 * store) and tells the refresher. A click whose item has no vector yet waits in
 * {@value StoreNames#PENDING_CLICKS}; a wall-clock punctuator applies it when the vector arrives,
 * or dead-letters it after the timeout.
 */
public final class InterestUpdater implements Processor<String, Object, Object, Object> {

    /** Settings of this step. */
    public record Settings(String model, double queryWeight, long pendingTimeoutMs, int pendingMax,
                           long pendingCheckIntervalMs, int cooccurrenceWindow) {
        public static Settings from(StreamsAppConfig c) {
            return new Settings(c.getString(StreamsAppConfig.VECTOR_MODEL),
                    c.getDouble(StreamsAppConfig.INTEREST_QUERY_WEIGHT),
                    c.getLong(StreamsAppConfig.PENDING_TIMEOUT_MS),
                    c.getInt(StreamsAppConfig.PENDING_MAX_PER_TASK),
                    c.getLong(StreamsAppConfig.PENDING_CHECK_INTERVAL_MS),
                    c.getInt(StreamsAppConfig.COOCCURRENCE_WINDOW));
        }
    }

    private static final int MAX_QUERY_EVIDENCE_CHARS = 120;

    private final InterestModel model;
    private final EventWeights weights;
    private final Catalogue catalogue;
    private final Deserializer<ClickEvent> clickDecoder;
    private final Settings settings;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, UserInterests> interests;
    private PendingClicks pending;
    private DeadLetterOutput deadLetters;

    public InterestUpdater(InterestModel model, EventWeights weights, Catalogue catalogue,
                           Deserializer<ClickEvent> clickDecoder, Settings settings) {
        this.model = model;
        this.weights = weights;
        this.catalogue = catalogue;
        this.clickDecoder = clickDecoder;
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.interests = context.getStateStore(StoreNames.USER_INTERESTS);
        this.pending = new PendingClicks(context.getStateStore(StoreNames.PENDING_CLICKS), settings.pendingMax());
        this.deadLetters = new DeadLetterOutput(context);
        context.schedule(Duration.ofMillis(settings.pendingCheckIntervalMs()), PunctuationType.WALL_CLOCK_TIME,
                this::applyArrived);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Record<String, Object> record) {
        Decoded<?> decoded = (Decoded<?>) record.value();
        if (decoded.value() instanceof ClickEvent) {
            onClick(record.key(), (Decoded<ClickEvent>) decoded, record.timestamp());
        } else if (decoded.value() instanceof QueryVector query) {
            onQuery(record.key(), query, record.timestamp());
        }
    }

    private void onClick(String userId, Decoded<ClickEvent> click, long timestamp) {
        String itemId = click.value().getItemId();
        float[] vector = catalogue.vector(itemId);
        if (vector != null) {
            applyClick(userId, click.value(), vector, catalogue.title(itemId), timestamp);
            return;
        }
        if (!pending.add(click, timestamp, context.currentSystemTimeMs())) {
            deadLetters.send(userId.getBytes(StandardCharsets.UTF_8), click.rawValue(), new RecordHeaders(), timestamp,
                    new Rejection(Reason.PENDING_OVERFLOW, "item " + click.value().getItemId()
                            + " has no vector and " + pending.size() + " clicks already wait"),
                    click.topic(), click.partition(), click.offset());
        }
    }

    /** {@code v} is the catalogue's shared copy: the model only reads it (it copies what it keeps). */
    private void applyClick(String userId, ClickEvent click, float[] v, String title, long timestamp) {
        UserState state = load(userId);
        long t = click.getEventTime().toEpochMilli();
        double w = weights.weight(click.getKind(), click.getDwellMillis());
        if (StreamsAppConfig.isNegative(click.getKind())) {
            model.applyNegative(state, v, w, t, title, click.getItemId());
        } else {
            model.applyPositive(state, v, w, t, new Evidence(EvidenceSource.ITEM_EVENT, click.getKind(),
                    click.getItemId(), title, Polarity.POSITIVE, click.getEventTime()));
        }
        forwardCooccurrences(state, click, timestamp);
        model.recordInteraction(state, click.getItemId(), click.getKind(), t);
        // counted before the refresh that save() may trigger, so the user's own click is in the counts it reads
        context.forward(new Record<Object, Object>(click.getItemId(), click.getKind(), timestamp),
                ProcessorNames.POPULARITY_COUNTER);
        save(state, timestamp);
    }

    /** A positive click pairs its item with the user's recent positive items before it (itself left out). */
    private void forwardCooccurrences(UserState state, ClickEvent click, long timestamp) {
        int window = settings.cooccurrenceWindow();
        if (window == 0 || !UserState.isPositiveClick(click.getKind())) {
            return;
        }
        List<String> earlier = new ArrayList<>(state.recentPositiveItems(window + 1));
        earlier.remove(click.getItemId());
        if (earlier.size() > window) {
            earlier = earlier.subList(0, window);
        }
        if (!earlier.isEmpty()) {
            context.forward(new Record<Object, Object>(click.getItemId(), earlier, timestamp),
                    ProcessorNames.COOCCURRENCE_COUNTER);
        }
    }

    private void onQuery(String userId, QueryVector query, long timestamp) {
        UserState state = load(userId);
        long t = query.getEventTime().toEpochMilli();
        List<Facet> facets = query.getFacets();
        if (facets.isEmpty()) {
            facets = List.of(new Facet(shorten(query.getText()), query.getWhole(), 1.0f, Polarity.POSITIVE));
        }
        for (Facet facet : facets) {
            float[] v = VectorCheck.toArray(facet.getVector());
            double w = settings.queryWeight() * facet.getWeight();
            if (facet.getPolarity() == Polarity.NEGATIVE) {
                model.applyNegative(state, v, w, t, facet.getPhrase());
            } else {
                model.applyPositive(state, v, w, t, new Evidence(EvidenceSource.QUERY_FACET, null, null,
                        facet.getPhrase(), Polarity.POSITIVE, query.getEventTime()));
            }
        }
        save(state, timestamp);
    }

    /** Punctuator: applies waiting clicks whose vector has arrived; dead-letters those that waited too long. */
    private void applyArrived(long now) {
        if (pending.size() == 0) {
            return;
        }
        for (PendingClicks.Entry entry : pending.all()) {
            float[] vector = catalogue.vector(entry.itemId());
            boolean expired = now - entry.receivedAt() >= settings.pendingTimeoutMs();
            if (vector == null && !expired) {
                continue;
            }
            pending.remove(entry);
            ClickEvent click = clickDecoder.deserialize(entry.topic(), entry.rawValue());
            if (vector != null) {
                applyClick(click.getUserId(), click, vector, catalogue.title(entry.itemId()), entry.timestamp());
            } else {
                deadLetters.send(click.getUserId().getBytes(StandardCharsets.UTF_8), entry.rawValue(), new RecordHeaders(),
                        entry.timestamp(), new Rejection(Reason.ITEM_VECTOR_TIMEOUT, "no vector for item "
                                + entry.itemId() + " after " + (now - entry.receivedAt()) + " ms"),
                        entry.topic(), entry.partition(), entry.offset());
            }
        }
    }

    private UserState load(String userId) {
        UserInterests stored = interests.get(userId);
        return stored == null ? UserState.empty(userId, SeenFilter.empty(model.params().seenFilterVersion()))
                : UserStateCodec.decode(stored, catalogue);
    }

    private void save(UserState state, long timestamp) {
        UserInterests encoded = UserStateCodec.encode(state, settings.model(), model.params().centroidBits());
        interests.put(state.userId(), encoded);
        context.forward(new Record<Object, Object>(state.userId(), encoded, timestamp),
                ProcessorNames.RECOMMENDATION_REFRESHER);
    }

    private static String shorten(String text) {
        return text.length() <= MAX_QUERY_EVIDENCE_CHARS ? text : text.substring(0, MAX_QUERY_EVIDENCE_CHARS) + "…";
    }
}
