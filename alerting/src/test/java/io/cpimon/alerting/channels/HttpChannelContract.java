package io.cpimon.alerting.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The part of the channel contract only HTTP peers can show: the peer's status decides delivered / retry
 * (with its Retry-After) / failed by one table, and no reason carries a secret.
 */
abstract class HttpChannelContract extends ChannelContract {

    /** Makes the peer answer {@code status} (with {@code Retry-After} when given) until {@link #peerHealthy()}. */
    protected abstract void peerFails(int status, Duration retryAfter);

    static Stream<Arguments> statuses() {
        return Stream.of(
                argumentSet("400 bad request → failed", 400, null, Delivery.Failed.class, null),
                argumentSet("401 unauthorized → failed", 401, null, Delivery.Failed.class, null),
                argumentSet("403 forbidden → failed", 403, null, Delivery.Failed.class, null),
                argumentSet("404 unknown → failed", 404, null, Delivery.Failed.class, null),
                argumentSet("408 timeout → retry", 408, null, Delivery.Retry.class, null),
                argumentSet("429 with Retry-After 7 → retry after 7 s", 429, Duration.ofSeconds(7), Delivery.Retry.class,
                        Duration.ofSeconds(7)),
                argumentSet("429 without Retry-After → retry", 429, null, Delivery.Retry.class, null),
                argumentSet("500 → retry", 500, null, Delivery.Retry.class, null),
                argumentSet("503 with Retry-After 30 → retry after 30 s", 503, Duration.ofSeconds(30), Delivery.Retry.class,
                        Duration.ofSeconds(30)));
    }

    @ParameterizedTest
    @MethodSource("statuses")
    void send_peerAnswersStatus_classifiedByTheTable(int status, Duration retryAfter, Class<? extends Delivery> expected,
                                                      Duration expectedRetryAfter) {
        assertThat(channel().send(notice("firing"))).isInstanceOf(Delivery.Delivered.class); // warm up tokens
        peerFails(status, retryAfter);

        Delivery d = channel().send(notice("firing"));

        assertThat(d).isInstanceOf(expected);
        if (d instanceof Delivery.Retry r) {
            assertThat(r.retryAfter()).isEqualTo(expectedRetryAfter);
        }
        assertThat(reason(d)).contains(Integer.toString(status));
        assertNoSecret(reason(d));
    }

}
