package io.cpimon.simulator.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.cpimon.simulator.Http;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chat peers (Slack, Google Chat, Mattermost, Rocket.Chat) enforce their services' documented limits and answer
 * with their documented words (docs/channels.md §7–§10): one row per rule, a request as a client sends it, the status
 * and the word the peer must answer, and whether it shows the message.
 */
class ChatPeerTest {
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    static Simulator sim;

    @BeforeAll
    static void start() {
        sim = Simulator.start(SimClock.fixed(T0));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void clear() {
        sim.slack().clear();
        sim.googleChat().clear();
        sim.googleChat().enforceRate(false);
        sim.mattermost().clear();
        sim.rocketChat().clear();
    }

    /** One request: where it goes, with which Authorization (nullable), and its body. */
    record Call(String url, String authorization, String body) {
        HttpResponse<String> send() {
            return Http.post(url, authorization, "application/json", body);
        }
    }

    static JsonObject text(String t) {
        return new JsonObject().put("text", t);
    }

    static JsonObject blocks(int n, int sectionLength) {
        JsonArray b = new JsonArray();
        for (int i = 0; i < n; i++) {
            b.add(new JsonObject().put("type", "section").put("text", new JsonObject().put("type", "mrkdwn")
                    .put("text", "x".repeat(sectionLength))));
        }
        return text("fallback").put("blocks", b);
    }

    static JsonObject attachments(int n) {
        JsonArray a = new JsonArray();
        for (int i = 0; i < n; i++) {
            a.add(new JsonObject().put("color", "#E01E5A").put("text", "alert " + i));
        }
        return new JsonObject().put("attachments", a);
    }

    static JsonObject card(String paragraph) {
        return new JsonObject().put("cardsV2", new JsonArray().add(new JsonObject().put("cardId", "c").put("card",
                new JsonObject().put("sections", new JsonArray().add(new JsonObject().put("widgets", new JsonArray()
                        .add(new JsonObject().put("textParagraph", new JsonObject().put("text", paragraph)))))))));
    }

    static Function<Simulator, Call> slackHook(Object body) {
        return s -> new Call(s.slack().webhookUrl(), null, body.toString());
    }

    static Function<Simulator, Call> slackApi(JsonObject body, boolean withToken) {
        return s -> new Call(s.slack().apiUrl() + "/chat.postMessage", withToken ? "Bearer " + s.slack().token() : null,
                body.encode());
    }

    static Function<Simulator, Call> googleChat(Object body) {
        return s -> new Call(s.googleChat().url(), null, body.toString());
    }

    static Function<Simulator, Call> mattermost(Object body) {
        return s -> new Call(s.mattermost().url(), null, body.toString());
    }

    static Function<Simulator, Call> rocketChat(Object body) {
        return s -> new Call(s.rocketChat().url(), null, body.toString());
    }

    static Stream<Arguments> rules() {
        JsonObject header151 = text("t").put("blocks", new JsonArray().add(new JsonObject().put("type", "header")
                .put("text", new JsonObject().put("type", "plain_text").put("text", "h".repeat(151)))));
        JsonObject button76 = text("t").put("blocks", new JsonArray().add(new JsonObject().put("type", "actions")
                .put("elements", new JsonArray().add(new JsonObject().put("type", "button").put("url", "http://x/")
                        .put("text", new JsonObject().put("type", "plain_text").put("text", "b".repeat(76)))))));
        JsonObject longAttachment = new JsonObject().put("attachments", new JsonArray()
                .add(new JsonObject().put("text", "x".repeat(16_400))));
        ToIntFunction<Simulator> slackPosts = s -> s.slack().posts().size();
        ToIntFunction<Simulator> chatPosts = s -> s.googleChat().posts().size();
        ToIntFunction<Simulator> mmPosts = s -> s.mattermost().posts().size();
        ToIntFunction<Simulator> rcPosts = s -> s.rocketChat().posts().size();
        return Stream.of(
                argumentSet("Slack webhook: text → 200 ok", slackHook(text("hi")), 200, "ok", slackPosts, 1),
                argumentSet("Slack webhook: 50 sections of 3,000 → 200 ok", slackHook(blocks(50, 3_000)), 200, "ok",
                        slackPosts, 1),
                argumentSet("Slack webhook: not JSON → 400 invalid_payload", slackHook("{text"), 400, "invalid_payload",
                        slackPosts, 0),
                argumentSet("Slack webhook: nothing to show → 400 no_text", slackHook(new JsonObject()), 400, "no_text",
                        slackPosts, 0),
                argumentSet("Slack webhook: 51 blocks → 400 invalid_blocks", slackHook(blocks(51, 10)), 400,
                        "invalid_blocks", slackPosts, 0),
                argumentSet("Slack webhook: section of 3,001 → 400 invalid_blocks", slackHook(blocks(1, 3_001)), 400,
                        "invalid_blocks", slackPosts, 0),
                argumentSet("Slack webhook: header of 151 → 400 invalid_blocks", slackHook(header151), 400,
                        "invalid_blocks", slackPosts, 0),
                argumentSet("Slack webhook: button text of 76 → 400 invalid_blocks", slackHook(button76), 400,
                        "invalid_blocks", slackPosts, 0),
                argumentSet("Slack webhook: 101 attachments → 400 too_many_attachments", slackHook(attachments(101)), 400,
                        "too_many_attachments", slackPosts, 0),
                argumentSet("Slack webhook: unknown hook → 404 no_service",
                        (Function<Simulator, Call>) s -> new Call(s.slack().baseUrl() + "/services/T0/B0/x", null, "{}"),
                        404, "no_service", slackPosts, 0),
                argumentSet("Slack Web API: text to the channel → ok", slackApi(text("hi").put("channel", "C0CPIMON01"),
                        true), 200, "\"ok\":true", slackPosts, 1),
                argumentSet("Slack Web API: no token → not_authed", slackApi(text("hi").put("channel", "C0CPIMON01"),
                        false), 200, "not_authed", slackPosts, 0),
                argumentSet("Slack Web API: unknown channel → channel_not_found",
                        slackApi(text("hi").put("channel", "#elsewhere"), true), 200, "channel_not_found", slackPosts, 0),
                argumentSet("Slack Web API: thread it never gave → thread_not_found",
                        slackApi(text("hi").put("channel", "C0CPIMON01").put("thread_ts", "1.000001"), true), 200,
                        "thread_not_found", slackPosts, 0),
                argumentSet("Slack Web API: 51 blocks → invalid_blocks",
                        slackApi(blocks(51, 10).put("channel", "C0CPIMON01"), true), 200, "invalid_blocks", slackPosts, 0),
                argumentSet("Google Chat: card → 200 with the message's name", googleChat(card("hi")), 200,
                        "\"name\":\"spaces/", chatPosts, 1),
                argumentSet("Google Chat: nothing to show → 400 INVALID_ARGUMENT", googleChat(new JsonObject()), 400,
                        "INVALID_ARGUMENT", chatPosts, 0),
                argumentSet("Google Chat: over 32,000 bytes → 400 INVALID_ARGUMENT", googleChat(card("x".repeat(32_001))),
                        400, "INVALID_ARGUMENT", chatPosts, 0),
                argumentSet("Google Chat: card without sections → 400 INVALID_ARGUMENT",
                        googleChat(new JsonObject().put("cardsV2", new JsonArray().add(new JsonObject().put("cardId", "c")
                                .put("card", new JsonObject())))), 400, "INVALID_ARGUMENT", chatPosts, 0),
                argumentSet("Google Chat: wrong token → 401 UNAUTHENTICATED",
                        (Function<Simulator, Call>) s -> new Call(s.googleChat().url().replace("token=", "token=x"), null,
                                card("hi").encode()), 401, "UNAUTHENTICATED", chatPosts, 0),
                argumentSet("Mattermost: text → 200 ok", mattermost(text("hi")), 200, "ok", mmPosts, 1),
                argumentSet("Mattermost: text of 20,000 → 200 ok, split in two posts", mattermost(text("x".repeat(20_000))),
                        200, "ok", mmPosts, 2),
                argumentSet("Mattermost: nothing to show → 400 text.app_error", mattermost(new JsonObject()), 400,
                        "web.incoming_webhook.text.app_error", mmPosts, 0),
                argumentSet("Mattermost: not JSON → 400 parse.app_error", mattermost("{text"), 400,
                        "web.incoming_webhook.parse.app_error", mmPosts, 0),
                argumentSet("Mattermost: attachments over 16,383 → 400 split_props_length", mattermost(longAttachment), 400,
                        "web.incoming_webhook.split_props_length.app_error", mmPosts, 0),
                argumentSet("Mattermost: unknown hook → 400 invalid.app_error",
                        (Function<Simulator, Call>) s -> new Call(s.mattermost().baseUrl() + "/hooks/x", null, "{}"), 400,
                        "web.incoming_webhook.invalid.app_error", mmPosts, 0),
                argumentSet("Rocket.Chat: attachments → 200 success", rocketChat(attachments(2).put("text", "hi")), 200,
                        "{\"success\":true}", rcPosts, 1),
                argumentSet("Rocket.Chat: empty object → 200 success, nothing posted", rocketChat(new JsonObject()), 200,
                        "{\"success\":true}", rcPosts, 0),
                argumentSet("Rocket.Chat: channel override → 400 refused", rocketChat(text("hi").put("channel", "#ops")),
                        400, "overriding destination channel is disabled", rcPosts, 0),
                argumentSet("Rocket.Chat: javascript: link → 400 Invalid href", rocketChat(new JsonObject().put("attachments",
                        new JsonArray().add(new JsonObject().put("title", "t").put("title_link", "javascript:alert(1)")))),
                        400, "Invalid href value provided", rcPosts, 0),
                argumentSet("Rocket.Chat: colour as a number → 400 Match error", rocketChat(new JsonObject().put("attachments",
                        new JsonArray().add(new JsonObject().put("color", 5)))), 400, "Match error", rcPosts, 0),
                argumentSet("Rocket.Chat: field value as an object → 400 Match error",
                        rocketChat(new JsonObject().put("attachments", new JsonArray().add(new JsonObject().put("fields",
                                new JsonArray().add(new JsonObject().put("title", "t").put("value", new JsonObject())))))),
                        400, "Match error", rcPosts, 0),
                argumentSet("Rocket.Chat: unknown token → 401",
                        (Function<Simulator, Call>) s -> new Call(s.rocketChat().baseUrl() + "/hooks/x/y", null, "{}"), 401,
                        "You must be logged in", rcPosts, 0));
    }

    @ParameterizedTest
    @MethodSource("rules")
    void peer_request_answersAsTheServiceDocuments(Function<Simulator, Call> call, int status, String word,
                                                    ToIntFunction<Simulator> shown, int expectedShown) {
        HttpResponse<String> r = call.apply(sim).send();

        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).contains(word);
        assertThat(shown.applyAsInt(sim)).isEqualTo(expectedShown);
    }

    @Test
    void googleChat_secondMessageWithinASecond_is429WithRetryAfter() {
        sim.googleChat().enforceRate(true);
        assertThat(Http.post(sim.googleChat().url(), null, "application/json", card("one").encode()).statusCode())
                .isEqualTo(200);

        HttpResponse<String> second = Http.post(sim.googleChat().url(), null, "application/json", card("two").encode());

        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.body()).contains("RESOURCE_EXHAUSTED");
        assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(sim.googleChat().posts()).hasSize(1);
    }

    @Test
    void googleChat_sameThreadKeyWithReplyOption_repliesInOneThread() {
        String url = sim.googleChat().url() + "&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD";
        JsonObject first = card("firing").put("thread", new JsonObject().put("threadKey", "episode-1"));
        JsonObject second = card("resolved").put("thread", new JsonObject().put("threadKey", "episode-1"));

        Http.post(url, null, "application/json", first.encode());
        Http.post(url, null, "application/json", second.encode());
        Http.post(sim.googleChat().url(), null, "application/json", second.encode());

        assertThat(sim.googleChat().posts()).hasSize(3);
        assertThat(sim.googleChat().posts().get(1).thread()).isEqualTo(sim.googleChat().posts().get(0).thread());
        assertThat(sim.googleChat().posts().get(2).thread()).as("without the reply option, a new thread")
                .isNotEqualTo(sim.googleChat().posts().get(0).thread());
    }

    @Test
    void slackWebApi_replyInThread_recordsItsParent() {
        HttpResponse<String> parent = slackApi(text("firing").put("channel", "cpimon-alerts"), true).apply(sim).send();
        String ts = new JsonObject(parent.body()).getString("ts");

        HttpResponse<String> reply = slackApi(text("resolved").put("channel", "C0CPIMON01").put("thread_ts", ts), true)
                .apply(sim).send();

        assertThat(new JsonObject(reply.body()).getBoolean("ok")).isTrue();
        assertThat(sim.slack().posts()).extracting(SlackPeer.Post::threadTs).containsExactly(null, ts);
    }
}
