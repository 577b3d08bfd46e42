package dev.attune.bench.load;

import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a {@link Workload}'s events to the clicks and query-vectors topics, open loop: event i is
 * due at start + i / rate whatever happened before (a slow consumer does not slow the load, as in
 * production), or back to back when the rate is 0. Each event's time is the wall clock when it is
 * written, so a harness can tell which output reflects it.
 */
public final class LoadGenerator {

    /** Told of every event as it is handed to the producer. */
    @FunctionalInterface
    public interface Listener {
        void sent(LoadEvent event, long eventTimeMs);
    }

    /** What a run did: events written, seconds it took, and the rate reached. */
    public record Result(long events, double seconds) {
        public double rate() {
            return events / seconds;
        }
    }

    private final Producer<String, byte[]> producer;
    private final Workload workload;
    private final EventEncoder encoder;
    private final String clicksTopic;
    private final String queriesTopic;

    public LoadGenerator(Producer<String, byte[]> producer, Workload workload, EventEncoder encoder,
                         String clicksTopic, String queriesTopic) {
        this.producer = producer;
        this.workload = workload;
        this.encoder = encoder;
        this.clicksTopic = clicksTopic;
        this.queriesTopic = queriesTopic;
    }

    /** Mixed traffic at {@code rate} events/s (0: as fast as possible) for {@code seconds}. */
    public Result run(double rate, double seconds, Listener listener) {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long sent = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            if (rate > 0) {
                long due = start + (long) (sent * 1e9 / rate);
                if (due > now) {
                    LockSupport.parkNanos(Math.min(due - now, end - now));
                    continue;
                }
            }
            send(workload.next(), listener);
            sent++;
        }
        producer.flush();
        return new Result(sent, (System.nanoTime() - start) / 1e9);
    }

    /** {@code count} mixed events back to back. */
    public Result burst(long count) {
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            send(workload.next(), null);
        }
        producer.flush();
        return new Result(count, (System.nanoTime() - start) / 1e9);
    }

    /** {@code count} positive clicks back to back (the pipeline throughput input). */
    public Result clicks(long count) {
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            send(workload.nextClick(), null);
        }
        producer.flush();
        return new Result(count, (System.nanoTime() - start) / 1e9);
    }

    private void send(LoadEvent event, Listener listener) {
        long eventTime = System.currentTimeMillis();
        if (event instanceof LoadEvent.Click click) {
            producer.send(new ProducerRecord<>(clicksTopic, click.userId(), encoder.click(clicksTopic, click, eventTime)));
        } else if (event instanceof LoadEvent.Query query) {
            producer.send(new ProducerRecord<>(queriesTopic, query.userId(), encoder.query(queriesTopic, query, eventTime)));
        }
        if (listener != null) {
            listener.sent(event, eventTime);
        }
    }
}
