package io.cpimon.alerting.channels;

/**
 * A notification channel: renders a {@link GroupNotice} into its wire format and makes exactly one
 * attempt to deliver it. No retry loops here (the outbox dispatcher owns them), and no secret (URL,
 * password, token) in a returned reason. Blocking: called from the dispatcher's virtual thread (or a
 * channel test's worker).
 */
public interface Channel {
    String name();

    /** The YAML {@code type} of the channel ({@code teams}, {@code email}, …). */
    String type();

    Delivery send(GroupNotice notice);
}
