package io.cpimon.alerting.channels;

/**
 * What a channel test ({@code POST /api/v1/channels/{name}/test}) got from the peer. Never holds a secret.
 * @param outcome {@code delivered}, {@code retry} or {@code failed}
 * @param detail nullable: the channel's reason (status, peer message) when not delivered
 * @param retryAfterSeconds nullable: the peer's Retry-After
 * @param externalRef nullable: the peer's id (incident sys_id, Message-ID)
 */
public record ChannelTestResult(String channel, String type, String outcome, String detail, Long retryAfterSeconds,
                                String externalRef) {

    public static ChannelTestResult of(Channel channel, Delivery d) {
        return switch (d) {
            case Delivery.Delivered x -> new ChannelTestResult(channel.name(), channel.type(), "delivered", null, null, x.externalRef());
            case Delivery.Retry r -> new ChannelTestResult(channel.name(), channel.type(), "retry", r.reason(),
                    r.retryAfter() == null ? null : r.retryAfter().toSeconds(), null);
            case Delivery.Failed f -> new ChannelTestResult(channel.name(), channel.type(), "failed", f.reason(), null, null);
        };
    }
}
