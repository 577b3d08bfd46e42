package dev.attune.bench.pipeline;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.Topology;

/**
 * The baseline: clicks copied byte for byte to an output topic, no decoding, no state. Run with the
 * app's own Kafka Streams properties (exactly_once_v2, commit interval, threads), its rate is what
 * Kafka itself costs on this machine.
 */
public final class PassThroughTopology {

    static final String SOURCE = "passthrough-source";
    static final String SINK = "passthrough-sink";

    private PassThroughTopology() {
    }

    public static Topology build(String input, String output) {
        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), input);
        topology.addSink(SINK, output, new ByteArraySerializer(), new ByteArraySerializer(), SOURCE);
        return topology;
    }
}
