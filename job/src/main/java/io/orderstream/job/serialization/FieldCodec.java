package io.orderstream.job.serialization;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Nullable field values in the hand-written serializers' formats. Strings as Flink's
 * {@code StringSerializer} writes them; money compactly: a {@link BigDecimal} of up to 18 digits (every
 * amount an order carries) as its scale and unscaled {@code long}, not as the unscaled value's byte
 * array that Flink's {@code BigDecimalSerializer} builds and strips again on every record.
 */
final class FieldCodec {
    private static final byte NULL = 0;
    private static final byte COMPACT = 1;
    private static final byte BIG = 2;

    private FieldCodec() {}

    static void writeString(String value, DataOutputView out) throws IOException {
        StringValue.writeString(value, out); // writes null too
    }

    static String readString(DataInputView in) throws IOException {
        return StringValue.readString(in);
    }

    static void copyString(DataInputView in, DataOutputView out) throws IOException {
        StringValue.copyString(in, out);
    }

    static void writeDecimal(BigDecimal value, DataOutputView out) throws IOException {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value.precision() <= 18) {
            out.writeByte(COMPACT);
            out.writeInt(value.scale());
            out.writeLong(value.unscaledValue().longValue());
        } else {
            out.writeByte(BIG);
            out.writeInt(value.scale());
            byte[] unscaled = value.unscaledValue().toByteArray();
            out.writeInt(unscaled.length);
            out.write(unscaled);
        }
    }

    static BigDecimal readDecimal(DataInputView in) throws IOException {
        byte kind = in.readByte();
        switch (kind) {
            case NULL:
                return null;
            case COMPACT: {
                int scale = in.readInt();
                return BigDecimal.valueOf(in.readLong(), scale);
            }
            case BIG: {
                int scale = in.readInt();
                byte[] unscaled = new byte[in.readInt()];
                in.readFully(unscaled);
                return new BigDecimal(new BigInteger(unscaled), scale);
            }
            default:
                throw new IOException("Unknown decimal encoding " + kind + ": corrupt or foreign data");
        }
    }

    static void copyDecimal(DataInputView in, DataOutputView out) throws IOException {
        byte kind = in.readByte();
        out.writeByte(kind);
        if (kind == COMPACT) {
            out.write(in, 4 + 8);
        } else if (kind == BIG) {
            out.writeInt(in.readInt());
            int length = in.readInt();
            out.writeInt(length);
            out.write(in, length);
        } else if (kind != NULL) {
            throw new IOException("Unknown decimal encoding " + kind + ": corrupt or foreign data");
        }
    }

    static void writeBytes(byte[] value, DataOutputView out) throws IOException {
        if (value == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(value.length);
            out.write(value);
        }
    }

    static byte[] readBytes(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] value = new byte[length];
        in.readFully(value);
        return value;
    }

    static void copyBytes(DataInputView in, DataOutputView out) throws IOException {
        int length = in.readInt();
        out.writeInt(length);
        if (length > 0) {
            out.write(in, length);
        }
    }
}
