package dev.attune.streams.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.attune.schema.QuantizedVector;
import dev.attune.vector.Vectors;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

class QuantizerTest {

    private static float[] randomUnit(int dimension, long seed) {
        Random random = new Random(seed);
        float[] v = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Vectors.normalizeInPlace(v);
    }

    @Test
    void shouldKeepAn8BitVectorWithinACosineOf0999() {
        float[] v = randomUnit(384, 1);

        QuantizedVector q = Quantizer.encode(v);

        assertThat(q.getBits()).isEqualTo(8);
        assertThat(q.getCodes().remaining()).isEqualTo(384);
        assertThat(Vectors.dot(Quantizer.decode(q), v)).isGreaterThan(0.999f);
    }

    @Test
    void shouldEncodeTheLargestComponentAsTheLargestCodeAndAZeroVectorAsZeros() {
        byte[] codes = new byte[6];
        float scale = Quantizer.encode8(new float[] {0.5f, -0.125f, 0f}, codes, 3);
        assertThat(codes).containsExactly(0, 0, 0, 127, -32, 0);
        assertThat(scale).isCloseTo(0.5f / 127, within(1e-9f));

        byte[] zeros = new byte[3];
        assertThat(Quantizer.encode8(new float[3], zeros, 0)).isEqualTo(1f);
        assertThat(zeros).containsExactly(0, 0, 0);

        // the codes and scale encode() stores
        float[] v = {0.3f, -0.7f, 0.1f};
        byte[] inPlace = new byte[3];
        QuantizedVector stored = Quantizer.encode(v);
        assertThat(Quantizer.encode8(v, inPlace, 0)).isEqualTo(stored.getScale());
        assertThat(ByteBuffer.wrap(inPlace)).isEqualTo(stored.getCodes());
    }

    @Test
    void shouldDecodeCodesThatStartInsideALargerArrayOrOutsideTheHeapAlike() {
        for (int bits : new int[] {8, 6, 4}) {
            QuantizedVector q = Quantizer.encode(randomUnit(384, bits), bits);
            byte[] codes = new byte[q.getCodes().remaining()];
            q.getCodes().duplicate().get(codes);
            byte[] padded = new byte[codes.length + 12];
            System.arraycopy(codes, 0, padded, 7, codes.length);
            // a slice: array offset 5, then position 2, with bytes either side that are not codes
            ByteBuffer slice = ByteBuffer.wrap(padded, 5, codes.length + 2).slice();
            slice.position(2);
            ByteBuffer direct = ByteBuffer.allocateDirect(codes.length).put(codes).flip();

            float[] expected = Quantizer.decode(new QuantizedVector(q.getScale(), ByteBuffer.wrap(codes), bits));

            assertThat(Quantizer.decode(new QuantizedVector(q.getScale(), slice, bits))).containsExactly(expected);
            assertThat(Quantizer.decode(new QuantizedVector(q.getScale(), direct, bits))).containsExactly(expected);
            assertThat(slice.position()).isEqualTo(2);
            assertThat(direct.position()).isZero();
        }
    }

    @Test
    void shouldPackTwo4BitCodesPerByteWithinACosineOf098() {
        float[] v = randomUnit(384, 2);

        QuantizedVector q = Quantizer.encode(v, 4);

        assertThat(q.getBits()).isEqualTo(4);
        assertThat(q.getCodes().remaining()).isEqualTo(192);
        float[] back = Quantizer.decode(q);
        assertThat(back).hasSize(384);
        assertThat(Vectors.dot(back, v)).isGreaterThan(0.98f);
    }

    @Test
    void shouldPackFour6BitCodesInThreeBytesWithinACosineOf0995() {
        float[] v = randomUnit(384, 5);

        QuantizedVector q = Quantizer.encode(v, 6);

        assertThat(q.getBits()).isEqualTo(6);
        assertThat(q.getCodes().remaining()).isEqualTo(288);
        float[] back = Quantizer.decode(q);
        assertThat(back).hasSize(384);
        assertThat(Vectors.dot(back, v)).isGreaterThan(0.995f).isLessThan(Vectors.dot(Quantizer.decode(Quantizer.encode(v)), v));
    }

    @Test
    void shouldDecodeEvery6BitCodeFromMinus31To31InEachOfTheFourPositions() {
        // the largest component sets the scale to 1/31: every component is an exact code
        for (int position = 0; position < 4; position++) {
            for (int code = -31; code <= 31; code++) {
                float[] v = new float[8];
                v[7] = 31;
                v[position] = code;

                float[] back = Quantizer.decode(Quantizer.encode(v, 6));

                assertThat(back[position] * 31 / back[7]).isCloseTo(code, org.assertj.core.api.Assertions.within(1e-3f));
            }
        }
    }

    @Test
    void shouldFallBackTo8BitsFor6BitsWhenTheDimensionIsNotAMultipleOfFour() {
        QuantizedVector q = Quantizer.encode(randomUnit(6, 6), 6);

        assertThat(q.getBits()).isEqualTo(8);
        assertThat(Quantizer.decode(q)).hasSize(6);
    }

    @Test
    void shouldKeepTheSignOfEvery4BitComponentThatIsNotRoundedToZero() {
        float[] v = Vectors.normalizeInPlace(new float[] {-0.9f, 0.4f, 0.05f, -0.3f});

        float[] back = Quantizer.decode(Quantizer.encode(v, 4));

        assertThat(back[0]).isNegative();
        assertThat(back[1]).isPositive();
        assertThat(back[3]).isNegative();
    }

    @Test
    void shouldFallBackTo8BitsForAnOddDimension() {
        QuantizedVector q = Quantizer.encode(randomUnit(5, 3), 4);

        assertThat(q.getBits()).isEqualTo(8);
        assertThat(Quantizer.decode(q)).hasSize(5);
    }

    @Test
    void shouldReadAVectorWrittenBeforeTheBitsFieldExistedAs8Bit() throws Exception {
        // Given a QuantizedVector written with the schema as it was before 'bits' was added
        Schema old = new Schema.Parser().parse("""
                {"type": "record", "name": "QuantizedVector", "namespace": "dev.attune.schema", "fields": [
                  {"name": "scale", "type": "float"}, {"name": "codes", "type": "bytes"}]}""");
        float[] v = randomUnit(8, 4);
        QuantizedVector current = Quantizer.encode(v);
        GenericRecord written = new GenericData.Record(old);
        written.put("scale", current.getScale());
        written.put("codes", current.getCodes().duplicate());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(old).write(written, encoder);
        encoder.flush();

        // When today's code reads it
        QuantizedVector read = new SpecificDatumReader<QuantizedVector>(old, QuantizedVector.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));

        // Then it is 8-bit and decodes to the same vector
        assertThat(read.getBits()).isEqualTo(8);
        assertThat(Quantizer.decode(read)).containsExactly(Quantizer.decode(current));
    }
}
