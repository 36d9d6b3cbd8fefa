package io.cpimon.forward.row;

import io.cpimon.db.ForwardChange;
import java.util.Map;

/**
 * One row ready to send: the change it comes from, its columns (in schema order) and its JSON object text, whose
 * length is what batching counts. Immutable by convention (the map is unmodifiable, the bytes are never changed).
 */
public record EncodedRow(ForwardChange change, Map<String, Object> columns, byte[] json) {}
