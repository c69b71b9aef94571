package io.orderstream.job.sink.firehose;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.model.Record;

/**
 * Checkpoints the records still buffered in a writer ({@link BufferedRequestState}), so that they
 * are sent after a restore instead of being lost. A record is only its data bytes; the base class
 * writes each record's size before it. Same format as the official connector's serializer.
 */
public class FirehoseStateSerializer extends AsyncSinkWriterStateSerializer<Record> {

    private static final int VERSION = 1;

    @Override
    protected void serializeRequestToStream(Record request, DataOutputStream out)
            throws IOException {
        out.write(request.data().asByteArrayUnsafe());
    }

    @Override
    protected Record deserializeRequestFromStream(long requestSize, DataInputStream in)
            throws IOException {
        byte[] data = new byte[Math.toIntExact(requestSize)];
        in.readFully(data);
        return Record.builder().data(SdkBytes.fromByteArrayUnsafe(data)).build();
    }

    @Override
    public int getVersion() {
        return VERSION;
    }
}
