package io.orderstream.job.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Strings of every kind read back equal, also after a byte copy (as Flink copies state and records). */
class FieldCodecTest {
    private static final String[] STRINGS = {
        null, "", "ORD-1", "CUST-ü ÿ", "客户-42", "emoji 🛒", "lone \uD800 surrogate", "\u0100", "x".repeat(70_000),
    };

    @Test
    void stringsReadBackEqual() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (String s : STRINGS) {
            FieldCodec.writeString(s, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (String s : STRINGS) {
            assertThat(FieldCodec.readString(in)).isEqualTo(s);
        }
        assertThat(in.available()).isZero();
    }

    @Test
    void copiedStringsReadBackEqual() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (String s : STRINGS) {
            FieldCodec.writeString(s, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        DataOutputSerializer copy = new DataOutputSerializer(64);
        for (int i = 0; i < STRINGS.length; i++) {
            FieldCodec.copyString(in, copy);
        }
        assertThat(copy.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
    }

    @Test
    void latin1StringsTakeOneBytePerCharacter() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        FieldCodec.writeString("CUST-ü", out);
        assertThat(out.length()).isEqualTo(4 + 6);
        out.clear();
        FieldCodec.writeString("客户", out);
        assertThat(out.length()).isEqualTo(4 + 2 * 2);
    }

    @Test
    void aCorruptHeaderIsAnError() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(8);
        out.writeInt(-7);
        assertThatThrownBy(() -> FieldCodec.readString(new DataInputDeserializer(out.getCopyOfBuffer())))
                .isInstanceOf(IOException.class).hasMessageContaining("corrupt");
    }
}
