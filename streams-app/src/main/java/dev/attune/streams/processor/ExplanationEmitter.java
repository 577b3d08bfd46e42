package dev.attune.streams.processor;

import dev.attune.schema.ExplanationRequest;
import dev.attune.schema.RecommendedItem;
import dev.attune.streams.catalogue.Catalogue;
import dev.attune.streams.explain.PromptRenderer;
import dev.attune.streams.model.InterestState;
import dev.attune.streams.topology.ProcessorNames;
import dev.attune.streams.topology.StoreNames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Asks for explanations of items that newly entered a user's list, and only those: an item that
 * stays in the list is not explained again, and the same (user, item, interest, prompt version)
 * is explained at most once per dedup window ({@value StoreNames#EXPLANATION_DEDUP}), because
 * tokens cost money. At most a few per refresh, best-ranked first.
 */
public final class ExplanationEmitter implements Processor<String, RefreshResult, Object, Object> {

    private static final long MAX_PURGE_INTERVAL_MS = Duration.ofHours(1).toMillis();
    private static final int REQUEST_ID_HEX = 32;
    private static final int NONCE_HEX = 12;

    private final Catalogue catalogue;
    private final PromptRenderer renderer;
    private final long dedupWindowMs;
    private final int maxPerRefresh;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, Long> sent;

    public ExplanationEmitter(Catalogue catalogue, PromptRenderer renderer, long dedupWindowMs, int maxPerRefresh) {
        this.catalogue = catalogue;
        this.renderer = renderer;
        this.dedupWindowMs = dedupWindowMs;
        this.maxPerRefresh = maxPerRefresh;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.sent = context.getStateStore(StoreNames.EXPLANATION_DEDUP);
        long purge = Math.max(1, Math.min(MAX_PURGE_INTERVAL_MS, dedupWindowMs));
        context.schedule(Duration.ofMillis(purge), PunctuationType.WALL_CLOCK_TIME, this::purgeExpired);
    }

    @Override
    public void process(Record<String, RefreshResult> record) {
        RefreshResult result = record.value();
        Set<String> before = new HashSet<>();
        if (result.previous() != null) {
            result.previous().getItems().forEach(i -> before.add(i.getItemId()));
        }
        long now = context.currentSystemTimeMs();
        int emitted = 0;
        for (RecommendedItem item : result.current().getItems()) {
            if (emitted == maxPerRefresh) {
                break;
            }
            if (before.contains(item.getItemId())) {
                continue;
            }
            String key = String.join("\u0000", record.key(), item.getItemId(),
                    Integer.toString(item.getInterestId()), renderer.promptVersion());
            Long sentAt = sent.get(key);
            if (sentAt != null && now - sentAt < dedupWindowMs) {
                continue;
            }
            ExplanationRequest request = request(record.key(), item, result, key, now);
            if (request != null) {
                sent.put(key, now);
                context.forward(new Record<Object, Object>(record.key(), request, record.timestamp()),
                        ProcessorNames.EXPLANATIONS_SINK);
                emitted++;
            }
        }
    }

    private ExplanationRequest request(String userId, RecommendedItem item, RefreshResult result, String key, long now) {
        Catalogue.ItemText meta = catalogue.text(item.getItemId());
        InterestState interest = result.state().interests().stream()
                .filter(i -> i.id() == item.getInterestId()).findFirst().orElse(null);
        if (meta == null || interest == null) {
            return null;
        }
        String requestId = sha256(key).substring(0, REQUEST_ID_HEX);
        List<String> tags = new ArrayList<>(meta.categories());
        tags.addAll(meta.tags());
        String prompt = renderer.render(new PromptRenderer.Input(requestId.substring(0, NONCE_HEX), interest.label(),
                meta.title(), meta.description(), tags, interest.evidence()));
        return ExplanationRequest.newBuilder()
                .setRequestId(requestId)
                .setUserId(userId)
                .setItemId(item.getItemId())
                .setItemTitle(meta.title())
                .setItemDescription(meta.description())
                .setItemTags(tags)
                .setInterestId(interest.id())
                .setInterestLabel(interest.label())
                .setEvidence(new ArrayList<>(interest.evidence()))
                .setScore(item.getScore())
                .setPromptVersion(renderer.promptVersion())
                .setPrompt(prompt)
                .setCreatedAt(Instant.ofEpochMilli(now))
                .build();
    }

    private void purgeExpired(long now) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = sent.all()) {
            while (all.hasNext()) {
                KeyValue<String, Long> kv = all.next();
                if (now - kv.value >= dedupWindowMs) {
                    expired.add(kv.key);
                }
            }
        }
        expired.forEach(sent::delete);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
