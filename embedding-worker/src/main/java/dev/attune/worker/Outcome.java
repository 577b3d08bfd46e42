package dev.attune.worker;

import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What one batch of input records becomes: the records to send in its transaction (vectors, tombstones,
 * terms and dead letters, in input order) and the term keys to remember once that transaction commits.
 */
record Outcome(List<ProducerRecord<byte[], byte[]>> records, Set<String> newTerms) {
}
