package io.orderstream.job.serialization;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Nullable field values in the hand-written serializers' formats. Strings as their Latin-1 bytes when
 * every character fits (ids, codes, names of most orders), else as UTF-16 chars, so that any string,
 * unpaired surrogates included, reads back equal. Flink's {@code StringValue} format was used before: it
 * looks up a thread-local buffer per string read, which profiled at ~4 % of the job's CPU. Money compactly: a {@link BigDecimal} of up to 18 digits (every
 * amount an order carries) as its scale and unscaled {@code long}, not as the unscaled value's byte
 * array that Flink's {@code BigDecimalSerializer} builds and strips again on every record.
 */
final class FieldCodec {
    private static final byte NULL = 0;
    private static final byte COMPACT = 1;
    private static final byte BIG = 2;

    private FieldCodec() {}

    /** Header of a null string; else the header is the length times two, plus one for UTF-16 chars. */
    private static final int NULL_STRING = -1;

    static void writeString(String value, DataOutputView out) throws IOException {
        if (value == null) {
            out.writeInt(NULL_STRING);
        } else if (isLatin1(value)) {
            out.writeInt(value.length() << 1);
            out.write(value.getBytes(StandardCharsets.ISO_8859_1));
        } else {
            out.writeInt(value.length() << 1 | 1);
            out.writeChars(value);
        }
    }

    static String readString(DataInputView in) throws IOException {
        int header = in.readInt();
        if (header == NULL_STRING) {
            return null;
        } else if (header < 0) {
            throw new IOException("Negative string header " + header + ": corrupt or foreign data");
        }
        int length = header >>> 1;
        if ((header & 1) == 0) {
            byte[] latin1 = new byte[length];
            in.readFully(latin1);
            return new String(latin1, StandardCharsets.ISO_8859_1);
        }
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = in.readChar();
        }
        return new String(chars);
    }

    static void copyString(DataInputView in, DataOutputView out) throws IOException {
        int header = in.readInt();
        out.writeInt(header);
        if (header != NULL_STRING) {
            int length = header >>> 1;
            copyRaw(in, out, (header & 1) == 0 ? length : 2 * length);
        }
    }

    private static boolean isLatin1(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
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
            copyRaw(in, out, 4 + 8);
        } else if (kind == BIG) {
            out.writeInt(in.readInt());
            int length = in.readInt();
            out.writeInt(length);
            copyRaw(in, out, length);
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
            copyRaw(in, out, length);
        }
    }

    /** Through an array: {@code DataOutputSerializer.write(DataInputView, int)} does not grow its buffer. */
    private static void copyRaw(DataInputView in, DataOutputView out, int length) throws IOException {
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        out.write(bytes);
    }
}
