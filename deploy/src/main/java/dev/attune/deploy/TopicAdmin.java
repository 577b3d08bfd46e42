package dev.attune.deploy;

import dev.attune.kafka.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Attune's topics before any service starts, so their partition counts are ours and not
 * the broker's auto-create default, and the latest-value topics are compacted.
 */
public final class TopicAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);
    /** The latest value per key is what matters (DESIGN.md; the schemas' docs say "compacted"). */
    public static final Set<String> COMPACTED = Set.of(Topics.ITEM_VECTORS, Topics.TERM_VECTORS, Topics.RECOMMENDATIONS);
    public static final List<String> ALL = List.of(Topics.ITEMS, Topics.CLICKS, Topics.QUERIES, Topics.ITEM_VECTORS,
            Topics.QUERY_VECTORS, Topics.TERM_VECTORS, Topics.RECOMMENDATIONS, Topics.EXPLANATION_REQUESTS, Topics.DEAD_LETTER);

    private TopicAdmin() {
    }

    /** The topic definitions: one replica (a single local broker), {@code partitions} each. */
    public static List<NewTopic> definitions(int partitions) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : ALL) {
            NewTopic topic = new NewTopic(name, partitions, (short) 1);
            if (COMPACTED.contains(name)) {
                topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            }
            topics.add(topic);
        }
        return topics;
    }

    /** Creates the missing topics and warns where an existing one has another partition count. */
    public static void ensureTopics(String bootstrapServers, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<String> existing = new ArrayList<>();
            for (NewTopic topic : definitions(partitions)) {
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + topic.name(), e.getCause());
                    }
                    existing.add(topic.name());
                }
            }
            if (existing.isEmpty()) {
                return;
            }
            // Only the topics that were there before: metadata of ones created a moment ago may not have propagated yet.
            Map<String, TopicDescription> described = admin.describeTopics(existing).allTopicNames().get(30, TimeUnit.SECONDS);
            described.forEach((name, description) -> {
                if (description.partitions().size() != partitions) {
                    LOG.warn("topic {} already exists with {} partitions (not {}); start with --fresh to recreate it",
                            name, description.partitions().size(), partitions);
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topics on " + bootstrapServers, e);
        }
    }
}
