package io.cpimon.alerting;

/**
 * A notification channel: renders an {@link AlertNotice} into its wire format and makes exactly one
 * attempt to deliver it. No retry loops here (the {@link Dispatcher} owns them), and no secret (URL,
 * password, token) in a returned reason. Blocking: called from the dispatcher's virtual thread.
 */
public interface Channel {
    String name();

    Delivery send(AlertNotice notice);
}
