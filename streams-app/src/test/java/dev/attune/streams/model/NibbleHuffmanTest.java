package dev.attune.streams.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attune.schema.QuantizedVector;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NibbleHuffmanTest {

    @Test
    void shouldReadBackEveryPairOfCodesAsWritten() {
        byte[] every = new byte[256]; // each byte value once: all 16 codes in both nibbles, next to each other
        for (int i = 0; i < every.length; i++) {
            every[i] = (byte) i;
        }

        assertThat(roundTrip(every)).containsExactly(every);
    }

    @Test
    void shouldStoreA384dUnitVectorsCodesInAboutThreeQuartersOfTheirBytes() {
        SplittableRandom random = new SplittableRandom(7);
        long plain = 0;
        long coded = 0;
        for (int v = 0; v < 200; v++) {
            float[] vector = new float[384];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = (float) random.nextGaussian();
            }
            QuantizedVector q = Quantizer.encode(dev.attune.vector.Vectors.normalizeInPlace(vector), 4);
            byte[] codes = q.getCodes().array();
            assertThat(roundTrip(codes)).containsExactly(codes);
            plain += codes.length;
            coded += NibbleHuffman.encodedBytes(ByteBuffer.wrap(codes));
        }
        // random normal vectors (MovieLens centroids measured 0.82: their largest component stands out more)
        assertThat((double) coded / plain).isBetween(0.75, 0.9);
    }

    @Test
    void shouldTakeTwoBitsForAZeroAndEightForTheLargestCodes() {
        assertThat(NibbleHuffman.encodedBytes(ByteBuffer.wrap(new byte[8]))).isEqualTo(4); // 16 zeros: 32 bits
        byte[] extremes = new byte[4];
        Arrays.fill(extremes, (byte) 0x97); // 7 and -7
        assertThat(NibbleHuffman.encodedBytes(ByteBuffer.wrap(extremes))).isEqualTo(8);
        assertThat(roundTrip(extremes)).containsExactly(extremes);
    }

    @Test
    void shouldLeaveTheReaderAfterTheLastByteOfTheCodesAndReadOnlyItsOwn() {
        byte[] codes = {0x12, (byte) 0xF0, 0x3D, 0x00, (byte) 0x88};
        ByteBuffer out = ByteBuffer.allocate(64);
        out.put((byte) 42);
        NibbleHuffman.encode(ByteBuffer.wrap(codes), out);
        int end = out.position();
        out.put((byte) 0xFF).put((byte) 0xFF).flip(); // what follows in a record must not be taken for codes

        ByteBuffer in = out.position(1);
        assertThat(NibbleHuffman.decode(in, 2 * codes.length)).containsExactly(codes);
        assertThat(in.position()).isEqualTo(end);
        assertThat(end - 1).isEqualTo(NibbleHuffman.encodedBytes(ByteBuffer.wrap(codes)));
    }

    @Test
    void shouldRejectCodesThatEndEarlyOrAreNoCodeAndAnOddCount() {
        byte[] codes = new byte[20];
        Arrays.fill(codes, (byte) 0x77);
        ByteBuffer out = ByteBuffer.allocate(64);
        NibbleHuffman.encode(ByteBuffer.wrap(codes), out);
        byte[] truncated = Arrays.copyOf(out.array(), out.position() - 2);

        assertThatThrownBy(() -> NibbleHuffman.decode(ByteBuffer.wrap(truncated), 40))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("end early or are corrupt");
        // eight ones is the one 8-bit pattern that is no code
        assertThatThrownBy(() -> NibbleHuffman.decode(ByteBuffer.wrap(new byte[] {(byte) 0xFF}), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("component 0 of 2");
        assertThatThrownBy(() -> NibbleHuffman.decode(ByteBuffer.wrap(new byte[4]), 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("even");
    }

    private static byte[] roundTrip(byte[] codes) {
        ByteBuffer out = ByteBuffer.allocate(codes.length * 2 + 1);
        NibbleHuffman.encode(ByteBuffer.wrap(codes), out);
        assertThat(out.position()).isEqualTo(NibbleHuffman.encodedBytes(ByteBuffer.wrap(codes)));
        ByteBuffer in = ByteBuffer.wrap(out.array(), 0, out.position());
        byte[] read = NibbleHuffman.decode(in, 2 * codes.length);
        assertThat(in.hasRemaining()).isFalse();
        return read;
    }
}
