package io.cpimon.db;

import java.util.Objects;

/**
 * Proof of holding a lease: its name, the holder (an instance id) and the epoch of the acquisition. A write fenced by
 * a token commits only while the lease row still shows this holder and epoch. Immutable.
 */
public record LeaseToken(String name, String holder, long epoch) {
    public LeaseToken {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(holder, "holder");
    }
}
