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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Asks for explanations of items that newly entered a user's list, and only those: an item that
 * stays in the list is not explained again, and the same (user, item, interest, prompt version)
 * is explained at most once per dedup window, because tokens cost money. At most a few per refresh,
 * best-ranked first. What was listed and explained is one small record per user ({@link ExplainedItems}).
 */
public final class ExplanationEmitter implements Processor<String, RefreshResult, Object, Object> {

    private static final int REQUEST_ID_HEX = 32;
    private static final int NONCE_HEX = 12;

    /**
     * The dedup window, how many explanations per user it remembers at most, and the format the history is written in
     * ({@link ExplainedItems#FORMAT}, or an earlier one during a rolling upgrade).
     */
    public record Dedup(long windowMs, int maxPerUser, int format) {
    }

    private final Catalogue catalogue;
    private final PromptRenderer renderer;
    private final Dedup dedup;
    private final int maxPerRefresh;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, byte[]> explained;

    public ExplanationEmitter(Catalogue catalogue, PromptRenderer renderer, Dedup dedup, int maxPerRefresh) {
        this.catalogue = catalogue;
        this.renderer = renderer;
        this.dedup = dedup;
        this.maxPerRefresh = maxPerRefresh;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.explained = context.getStateStore(StoreNames.EXPLAINED_ITEMS);
    }

    @Override
    public void process(Record<String, RefreshResult> record) {
        String user = record.key();
        RefreshResult result = record.value();
        List<RecommendedItem> items = result.current().getItems();
        ExplainedItems history = ExplainedItems.decode(explained.get(user));
        long now = context.currentSystemTimeMs();
        long since = now - dedup.windowMs() + 1; // sent at or after it: within the window
        boolean remember = dedup.windowMs() > 0 && dedup.maxPerUser() > 0;
        int[] listed = new int[items.size()];
        int emitted = 0;
        boolean sent = false;
        for (int i = 0; i < items.size(); i++) {
            RecommendedItem item = items.get(i);
            listed[i] = ExplainedItems.item(item.getItemId());
            if (emitted == maxPerRefresh || history.wasListed(listed[i])) {
                continue;
            }
            int explanation = ExplainedItems.explanation(item.getItemId(), item.getInterestId(),
                    renderer.promptVersion());
            if (remember && history.sentSince(explanation, since)) {
                continue;
            }
            ExplanationRequest request = request(user, item, result, now);
            if (request != null) {
                if (remember) {
                    history.sent(explanation, now);
                    sent = true;
                }
                context.forward(new Record<Object, Object>(user, request, record.timestamp()),
                        ProcessorNames.EXPLANATIONS_SINK);
                emitted++;
            }
        }
        boolean listChanged = history.list(listed);
        if (listChanged || sent) {
            explained.put(user, history.encode(since, remember ? dedup.maxPerUser() : 0, dedup.format()));
        }
    }

    private ExplanationRequest request(String userId, RecommendedItem item, RefreshResult result, long now) {
        Catalogue.ItemText meta = catalogue.text(item.getItemId());
        InterestState interest = result.state().interests().stream()
                .filter(i -> i.id() == item.getInterestId()).findFirst().orElse(null);
        if (meta == null || interest == null) {
            return null;
        }
        // the same id for the same (user, item, interest, prompt version): a consumer can deduplicate by it too
        String key = String.join("\u0000", userId, item.getItemId(), Integer.toString(interest.id()),
                renderer.promptVersion());
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

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
