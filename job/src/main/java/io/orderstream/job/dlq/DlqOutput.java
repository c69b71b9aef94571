package io.orderstream.job.dlq;

import io.orderstream.job.model.DlqRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/** The side output every stage writes its rejected records to; the pipeline unions them into the DLQ sink. */
public final class DlqOutput {
    private DlqOutput() {}

    public static final OutputTag<DlqRecord> TAG = new OutputTag<>("dlq", TypeInformation.of(DlqRecord.class));
}
