package dev.attune.deploy.cli;

import dev.attune.deploy.StackFile;
import dev.attune.kafka.Topics;
import dev.attune.schema.ClickEvent;
import dev.attune.schema.EventKind;
import dev.attune.schema.QueryEvent;
import dev.attune.serde.SerdeFactory;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Sends one click or one request by hand, as a live backend would, so a person can watch the page
 * react: {@code click <user> <item> [kind]} and {@code query <user> "<text>"}, stamped at the
 * user's own event time (see {@link UserClock}) or, with {@code --now}, the wall clock.
 */
public final class ProduceCommand {

    private ProduceCommand() {
    }

    static int run(StackFile stack, String command, List<String> args, boolean wallClock, PrintStream out) {
        SerdeFactory serdes = SerdeFactory.forUrl(stack.registryUrl());
        Instant now = Instant.now();
        Instant at = wallClock || args.isEmpty() ? now
                : UserClock.eventTimeFor(args.get(0), stack.httpUrls().stream().findFirst(), now);
        if (!at.equals(now)) {
            out.println("user " + args.get(0) + " lives at " + at + " (the replay's time), so the event is stamped then; --now uses the wall clock");
        }
        if (command.equals("click")) {
            ClickEvent click = click(args, at);
            return send(stack, Topics.CLICKS, click.getUserId(), click, serdes.value(ClickEvent.class).serializer(), out);
        }
        QueryEvent query = query(args, at);
        return send(stack, Topics.QUERIES, query.getUserId(), query, serdes.value(QueryEvent.class).serializer(), out);
    }

    /** {@code <user> <item> [kind]}; the kind is case-insensitive and defaults to CLICK. */
    static ClickEvent click(List<String> args, Instant now) {
        if (args.size() < 2 || args.size() > 3) {
            throw new IllegalArgumentException("click takes <user> <item> [kind]");
        }
        EventKind kind = args.size() == 3 ? kindOf(args.get(2)) : EventKind.CLICK;
        return ClickEvent.newBuilder().setUserId(args.get(0)).setItemId(args.get(1)).setKind(kind).setEventTime(now)
                .setDwellMillis(null).setContext(Map.of("source", "attune-cli")).build();
    }

    /** {@code <user> <text...>}; several words without quotes are joined with spaces. */
    static QueryEvent query(List<String> args, Instant now) {
        if (args.size() < 2) {
            throw new IllegalArgumentException("query takes <user> \"<text>\"");
        }
        String text = String.join(" ", args.subList(1, args.size())).strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the query text is empty");
        }
        return QueryEvent.newBuilder().setUserId(args.get(0)).setQueryId("cli-" + UUID.randomUUID()).setText(text)
                .setEventTime(now).build();
    }

    static EventKind kindOf(String text) {
        String name = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            EventKind kind = EventKind.valueOf(name);
            if (kind != EventKind.UNKNOWN) {
                return kind;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("unknown kind '" + text + "'; one of " + Arrays.stream(EventKind.values())
                .filter(k -> k != EventKind.UNKNOWN).map(Enum::name).toList());
    }

    private static <T extends SpecificRecord> int send(StackFile stack, String topic, String key, T value,
                                                       Serializer<T> serializer, PrintStream out) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.CLIENT_ID_CONFIG, "attune-cli", ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        try (KafkaProducer<String, T> producer = new KafkaProducer<>(config,
                new org.apache.kafka.common.serialization.StringSerializer(), serializer)) {
            RecordMetadata sent = producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
            out.printf("sent to %s (partition %d, offset %d): %s%n", topic, sent.partition(), sent.offset(), value);
            return 0;
        } catch (ExecutionException | TimeoutException e) {
            System.err.println("attune: could not send to " + topic + " at " + stack.bootstrapServers() + ": " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }
}
