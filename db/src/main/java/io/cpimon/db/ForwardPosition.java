package io.cpimon.db;

/**
 * Where a stored MPL change sits in the order forwarders read: the id of the transaction that wrote it, then a
 * sequence number. {@link #START} is before every change. Immutable.
 */
public record ForwardPosition(long xid, long seq) implements Comparable<ForwardPosition> {
    public static final ForwardPosition START = new ForwardPosition(0, 0);

    @Override
    public int compareTo(ForwardPosition o) {
        int c = Long.compare(xid, o.xid);
        return c != 0 ? c : Long.compare(seq, o.seq);
    }

    @Override
    public String toString() {
        return xid + ":" + seq;
    }
}
