package io.cpimon.forward.row;

import io.cpimon.db.ForwardChange;
import java.util.Map;

/**
 * One row ready to send: the change it comes from and its JSON object text, whose length is what batching counts;
 * its columns as a map are built on demand (only the OTLP sink needs them). Immutable by convention (the bytes are
 * never changed); thread-safe.
 */
public final class EncodedRow {
    private final ForwardChange change;
    private final MplRowSchema schema;
    private final byte[] json;

    EncodedRow(ForwardChange change, MplRowSchema schema, byte[] json) {
        this.change = change;
        this.schema = schema;
        this.json = json;
    }

    public ForwardChange change() {
        return change;
    }

    /** The row's JSON object, UTF-8. */
    public byte[] json() {
        return json;
    }

    /** The row's columns in schema order (absent values null), the same as its JSON text. */
    public Map<String, Object> columns() {
        return schema.columns(change);
    }
}
