package io.orderstream.job.model;

/**
 * Which slice of its payload one part of a split DLQ record carries: bytes {@code [from, to)}, part
 * {@code index} of {@code count}. See {@code SplitOversizedDlqRecords}.
 */
public class DlqRecordPart {
    public int index;
    public int count;
    public int from;
    public int to;

    public DlqRecordPart() {}

    public DlqRecordPart(int index, int count, int from, int to) {
        this.index = index;
        this.count = count;
        this.from = from;
        this.to = to;
    }
}
