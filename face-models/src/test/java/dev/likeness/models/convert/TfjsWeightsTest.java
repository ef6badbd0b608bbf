package dev.likeness.models.convert;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading tfjs weights: each stored type expanded as tfjs expands it, and a shard that does not fit refused. */
class TfjsWeightsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void halfPrecisionValuesExpandExactly() {
        assertThat(TfjsWeights.halfToFloat((short) 0x3c00)).isEqualTo(1f);
        assertThat(TfjsWeights.halfToFloat((short) 0xc000)).isEqualTo(-2f);
        assertThat(TfjsWeights.halfToFloat((short) 0x3555)).isEqualTo(0.33325195f);
        assertThat(TfjsWeights.halfToFloat((short) 0x0001)).as("smallest subnormal").isEqualTo(0x1p-24f);
        assertThat(TfjsWeights.halfToFloat((short) 0x8000)).isEqualTo(-0f);
        assertThat(TfjsWeights.halfToFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(TfjsWeights.halfToFloat((short) 0x7e00)).isNaN();
    }

    @Test
    void everyStoredTypeIsReadInManifestOrder(@TempDir Path folder) throws IOException {
        ByteBuffer shard = ByteBuffer.allocate(8 + 2 + 2 * 2 + 4).order(ByteOrder.LITTLE_ENDIAN);
        shard.putFloat(1.5f).putFloat(-3f);                 // float32 [2]
        shard.put((byte) 0).put((byte) 200);                // uint8-quantised [2]
        shard.putShort((short) 0x3c00).putShort((short) 0xc000);   // float16-quantised [2]
        shard.putInt(-1);                                   // int32 [1]
        Files.write(folder.resolve("w.bin"), shard.array());
        var manifest = JSON.readTree("""
                [{"paths": ["w.bin"], "weights": [
                  {"name": "f", "shape": [2], "dtype": "float32"},
                  {"name": "q", "shape": [2], "dtype": "float32", "quantization": {"dtype": "uint8", "scale": 0.5, "min": -1}},
                  {"name": "h", "shape": [1, 2], "dtype": "float32", "quantization": {"dtype": "float16", "original_dtype": "float32"}},
                  {"name": "i", "shape": [1], "dtype": "int32"}]}]""");
        Map<String, TfjsTensor> tensors = TfjsWeights.read(manifest, folder);
        assertThat(tensors.get("f").floats()).containsExactly(1.5f, -3f);
        assertThat(tensors.get("q").floats()).containsExactly(-1f, 99f);
        assertThat(tensors.get("h").floats()).containsExactly(1f, -2f);
        assertThat(tensors.get("h").shape()).containsExactly(1, 2);
        assertThat(tensors.get("i").ints()).containsExactly(-1);
    }

    @Test
    void aShardLongerThanItsManifestIsRefused(@TempDir Path folder) throws IOException {
        Files.write(folder.resolve("w.bin"), new byte[12]);
        var manifest = JSON.readTree("""
                [{"paths": ["w.bin"], "weights": [{"name": "f", "shape": [2], "dtype": "float32"}]}]""");
        assertThatThrownBy(() -> TfjsWeights.read(manifest, folder)).isInstanceOf(IOException.class).hasMessageContaining("4 bytes");
    }

    @Test
    void sameAndValidPaddingAsTensorFlowComputesThem() {
        assertThat(TfjsGraphConverter.pads(true, 128, 128, 3, 3, 2)).containsExactly(0, 0, 1, 1);   // even input, stride 2: pad after only
        assertThat(TfjsGraphConverter.pads(true, 127, 127, 3, 3, 2)).containsExactly(1, 1, 1, 1);
        assertThat(TfjsGraphConverter.pads(true, 64, 64, 5, 5, 1)).containsExactly(2, 2, 2, 2);
        assertThat(TfjsGraphConverter.pads(false, 64, 64, 5, 5, 1)).containsExactly(0, 0, 0, 0);
    }
}
