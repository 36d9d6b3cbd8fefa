package io.cpimon.ingest;

/** Supplies the Authorization header of a tenant's API calls. Blocking: call from a virtual thread. */
public interface TokenSource {
    /** The value of the {@code Authorization} header, e.g. {@code Bearer …} or {@code Basic …}. */
    String authorization();

    /** The last value was rejected (401): the next {@link #authorization()} must obtain a fresh one. */
    void invalidate();
}
