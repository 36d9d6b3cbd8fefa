package io.cpimon.db;

/**
 * Thrown by a write fenced with a {@link LeaseToken} when the lease has moved on (another holder or a later epoch):
 * nothing of that write was committed.
 */
public final class LeaseLostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LeaseLostException(LeaseToken token) {
        super("lease " + token.name() + " is no longer held by " + token.holder() + " at epoch " + token.epoch());
    }
}
