package io.cpimon.ingest.testing;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Resources a test owns, closed last-opened first. Every close is attempted even when an earlier one fails: the
 * first failure is the one reported, later ones are added to it as suppressed. Not thread-safe.
 */
final class OwnedResources {
    private final Deque<AutoCloseable> open = new ArrayDeque<>();

    /** Takes {@code resource} over (closed by the next {@link #closeAll}); returns it. */
    <T extends AutoCloseable> T add(T resource) {
        open.push(resource);
        return resource;
    }

    /**
     * Closes everything added so far, newest first, and forgets it.
     *
     * @param failure a failure that happened before closing (null if none): later failures are suppressed into it
     * @return {@code failure}, or else the first failure of a close (a checked one wrapped), or null when all went
     *         well; when that first failure is an {@link Error} it is thrown instead, once every close was attempted
     */
    RuntimeException closeAll(RuntimeException failure) {
        Throwable first = failure;
        while (!open.isEmpty()) {
            try {
                open.pop().close();
            } catch (Throwable e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        return switch (first) {
            case null -> null;
            case RuntimeException r -> r;
            case Error e -> throw e;
            default -> new IllegalStateException("closing a test resource failed", first);
        };
    }
}
