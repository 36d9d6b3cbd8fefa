package io.cpimon.simulator.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpimon.simulator.Http;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Teams, ServiceNow, Azure Monitor, webhook and SMTP peers through their real protocols. */
class ChannelPeerTest {
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    static Simulator sim;

    static final String CARD = """
            {"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","contentUrl":null,
             "content":{"$schema":"http://adaptivecards.io/schemas/adaptive-card.json","type":"AdaptiveCard","version":"1.4",
             "body":[{"type":"TextBlock","text":"[FIRING:1] IFlowFailed t1","wrap":true}],
             "actions":[{"type":"Action.OpenUrl","title":"Open","url":"http://127.0.0.1/x"}]}}]}""";

    @BeforeAll
    static void start() {
        sim = Simulator.start(SimClock.fixed(T0));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    // ---------------------------------------------------------------- Teams

    @Test
    void teamsWorkflow_validEnvelope_202EmptyAndRecorded() {
        TeamsPeer teams = sim.teams();
        teams.clear();
        HttpResponse<String> r = Http.post(teams.url(), null, "application/json", CARD);

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.body()).isEmpty();
        assertThat(teams.received()).hasSize(1);
        assertThat(teams.received().get(0).getJsonArray("attachments").getJsonObject(0).getJsonObject("content").getString("version")).isEqualTo("1.4");
        assertThat(teams.url()).startsWith("http://127.0.0.1:").contains("sig=");
    }

    @Test
    void teamsWorkflow_invalidEnvelopes_400AndRejected() {
        TeamsPeer teams = sim.teams();
        teams.clear();
        String bareCard = "{\"type\":\"AdaptiveCard\",\"version\":\"1.4\",\"body\":[]}";
        String messageCard = "{\"@type\":\"MessageCard\",\"summary\":\"x\"}";
        String tooNew = CARD.replace("\"1.4\"", "\"1.6\"");
        String submit = CARD.replace("Action.OpenUrl", "Action.Submit");
        for (String body : new String[] {bareCard, messageCard, tooNew, submit, "not json"}) {
            assertThat(Http.post(teams.url(), null, "application/json", body).statusCode()).as(body).isEqualTo(400);
        }
        assertThat(teams.rejected()).hasSize(5);
        assertThat(teams.received()).isEmpty();
    }

    @Test
    void teamsWorkflow_wrongSigOrNoApiVersion_rejected() {
        TeamsPeer teams = sim.teams();
        assertThat(Http.post(teams.url().replaceAll("sig=[^&]+", "sig=forged"), null, "application/json", CARD).statusCode()).isEqualTo(401);
        assertThat(Http.post(teams.url().replace("api-version=1&", ""), null, "application/json", CARD).statusCode()).isEqualTo(400);
    }

    @Test
    void teams_failWith_untilCleared_withRetryAfter() {
        TeamsPeer teams = sim.teams();
        teams.clear();
        teams.failWith(429, Duration.ofSeconds(5));
        HttpResponse<String> r = Http.post(teams.url(), null, "application/json", CARD);
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).contains("5");
        teams.failWith(500);
        assertThat(Http.post(teams.url(), null, "application/json", CARD).statusCode()).isEqualTo(500);
        assertThat(teams.received()).isEmpty();
        teams.failWith(0);
        assertThat(Http.post(teams.url(), null, "application/json", CARD).statusCode()).isEqualTo(202);
        assertThat(teams.requests()).extracting(PeerRequest::status).containsExactly(429, 500, 202);
    }

    @Test
    void teams_downRefusesConnections_upOnSamePort() {
        TeamsPeer teams = sim.teams();
        int port = teams.port();
        teams.down();
        try {
            assertThatThrownBy(() -> Http.fresh(HttpRequest.newBuilder(URI.create(teams.url())).POST(HttpRequest.BodyPublishers.ofString(CARD)), null))
                    .hasCauseInstanceOf(ConnectException.class);
        } finally {
            teams.up();
        }
        assertThat(teams.port()).isEqualTo(port);
        assertThat(Http.post(teams.url(), null, "application/json", CARD).statusCode()).isEqualTo(202);
    }

    @Test
    void teamsLegacy_messageCardRules() {
        TeamsPeer teams = sim.teams();
        teams.clear();
        HttpResponse<String> ok = Http.post(teams.legacyUrl(), null, "application/json", "{\"@type\":\"MessageCard\",\"summary\":\"s\",\"title\":\"t\"}");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("1");
        HttpResponse<String> noSummary = Http.post(teams.legacyUrl(), null, "application/json", "{\"@type\":\"MessageCard\",\"title\":\"t\"}");
        assertThat(noSummary.statusCode()).isEqualTo(400);
        assertThat(noSummary.body()).isEqualTo("Summary or Text is required.");
        teams.throttleInBody(true);
        HttpResponse<String> throttled = Http.post(teams.legacyUrl(), null, "application/json", "{\"text\":\"x\"}");
        assertThat(throttled.statusCode()).isEqualTo(200);
        assertThat(throttled.body()).contains("HTTP error 429");
        assertThat(Http.post(teams.legacyUrl(), null, "application/json", "{\"text\":\"" + "x".repeat(30_000) + "\"}").statusCode()).isEqualTo(413);
        assertThat(teams.legacyReceived()).hasSize(1);
    }

    @Test
    void slowPeer_delaysAnswers() {
        TeamsPeer teams = sim.teams();
        teams.clear();
        teams.slow(Duration.ofMillis(300));
        long start = System.nanoTime();
        assertThat(Http.post(teams.url(), null, "application/json", CARD).statusCode()).isEqualTo(202);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        teams.clear();
    }

    // ---------------------------------------------------------------- ServiceNow

    @Test
    void serviceNow_createQueryResolve() {
        ServiceNowPeer sn = sim.serviceNow();
        sn.clear();
        String auth = Http.basic(sn.user(), sn.password());
        assertThat(Http.post(sn.instanceUrl() + "/api/now/table/incident", null, "application/json", "{}").statusCode()).isEqualTo(401);

        HttpResponse<String> created = Http.post(sn.instanceUrl() + "/api/now/table/incident", auth, "application/json",
                "{\"short_description\":\"[CPI t1] down\",\"urgency\":2,\"impact\":\"2\","
                        + "\"correlation_id\":\"cpimon:t1:TenantDown\",\"assignment_group\":\"abc\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode rec = Http.json(created).get("result");
        String sysId = rec.get("sys_id").asText();
        assertThat(created.headers().firstValue("Location")).contains(sn.instanceUrl() + "/api/now/table/incident/" + sysId);
        assertThat(rec.get("number").asText()).matches("INC\\d{7}");
        assertThat(rec.get("urgency").isTextual()).isTrue();
        assertThat(rec.get("state").asText()).isEqualTo("1");
        assertThat(rec.get("assignment_group").get("value").asText()).isEqualTo("abc");

        String query = sn.instanceUrl() + "/api/now/v2/table/incident?sysparm_query="
                + Http.enc("correlation_id=cpimon:t1:TenantDown^active=true^ORDERBYDESCsys_created_on")
                + "&sysparm_fields=sys_id,number,state&sysparm_limit=1";
        JsonNode found = Http.json(Http.get(query, auth)).get("result");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).get("sys_id").asText()).isEqualTo(sysId);
        assertThat(found.get(0).has("short_description")).isFalse();
        // unknown fields are ignored by a real instance: a typo matches everything
        assertThat(Http.json(Http.get(sn.instanceUrl() + "/api/now/v2/table/incident?sysparm_query="
                + Http.enc("correlaton_id=zzz"), auth)).get("result")).hasSize(1);
        assertThat(Http.json(Http.get(sn.instanceUrl() + "/api/now/v2/table/incident?sysparm_query="
                + Http.enc("correlation_id=zzz"), auth)).get("result")).isEmpty();
        assertThat(Http.get(sn.instanceUrl() + "/api/now/table/incident?sysparm_query=" + Http.enc("correlation_id=zzz"), auth).statusCode()).isEqualTo(404);

        String url = sn.instanceUrl() + "/api/now/table/incident/" + sysId;
        HttpResponse<String> noCode = Http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"state\":\"6\"}")), auth);
        assertThat(noCode.statusCode()).isEqualTo(403);
        assertThat(Http.json(noCode).get("status").asText()).isEqualTo("failure");
        HttpResponse<String> resolved = Http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"state\":\"6\",\"close_code\":\"Solution provided\","
                        + "\"close_notes\":\"auto\",\"work_notes\":\"cleared\"}")), auth);
        assertThat(resolved.statusCode()).isEqualTo(200);
        assertThat(sn.incident(sysId).getString("state")).isEqualTo("6");
        assertThat(sn.incident(sysId).getString("active")).isEqualTo("false");
        assertThat(sn.journal(sysId)).extracting(j -> j.getString("value")).containsExactly("cleared");
    }

    @Test
    void serviceNow_eventManagement_oauth_and429() {
        ServiceNowPeer sn = sim.serviceNow();
        sn.clear();
        HttpResponse<String> token = Http.post(sn.instanceUrl() + "/oauth_token.do", null, "application/x-www-form-urlencoded",
                "grant_type=password&client_id=" + sn.clientId() + "&client_secret=" + Http.enc(sn.clientSecret())
                        + "&username=" + Http.enc(sn.user()) + "&password=" + Http.enc(sn.password()));
        assertThat(token.statusCode()).isEqualTo(200);
        String bearer = "Bearer " + Http.json(token).get("access_token").asText();

        HttpResponse<String> em = Http.post(sn.instanceUrl() + "/api/global/em/jsonv2", bearer, "application/json",
                "{\"records\":[{\"source\":\"CPI-Monitor\",\"message_key\":\"k1\",\"severity\":\"2\"},"
                        + "{\"source\":\"CPI-Monitor\",\"message_key\":\"k1\",\"severity\":\"0\"}]}");
        assertThat(em.statusCode()).isEqualTo(200);
        assertThat(Http.json(em).get("result").get("Default Bulk Endpoint").asText()).isEqualTo("2 events were inserted");
        assertThat(sn.events()).extracting(e -> e.getString("severity")).containsExactly("2", "0");

        sn.failWith(429, Duration.ofSeconds(30));
        HttpResponse<String> limited = Http.post(sn.instanceUrl() + "/api/now/table/incident", bearer, "application/json", "{}");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("30");
        assertThat(limited.headers().firstValue("X-RateLimit-Limit")).isPresent();
        assertThat(Http.json(limited).get("error").get("message").asText()).isEqualTo("Rate limit exceeded");
        sn.clear();
    }

    // ---------------------------------------------------------------- Azure Monitor

    static HttpResponse<String> https(HttpRequest.Builder b) {
        HttpClient client = HttpClient.newBuilder().sslContext(sim.azureMonitor().certificate().sslContext()).build();
        try {
            return client.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @Test
    void azureMonitor_tokenThenGzipIngest_204_limits() throws IOException {
        AzureMonitorPeer az = sim.azureMonitor();
        az.clear();
        assertThat(az.endpoint()).startsWith("https://127.0.0.1:");
        HttpResponse<String> token = https(HttpRequest.newBuilder(URI.create(az.tokenUrl())).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + az.clientId() + "&client_secret="
                        + Http.enc(az.clientSecret()) + "&scope=" + Http.enc("https://monitor.azure.com//.default"))));
        assertThat(token.statusCode()).isEqualTo(200);
        String bearer = "Bearer " + Http.json(token).get("access_token").asText();
        String ingest = az.endpoint() + "/dataCollectionRules/" + az.dcrImmutableId() + "/streams/Custom-CpimonAlerts_CL?api-version=2023-01-01";

        HttpResponse<String> ok = https(HttpRequest.newBuilder(URI.create(ingest)).header("Authorization", bearer)
                .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip("[{\"TimeGenerated\":\"2026-05-01T10:00:00Z\",\"Tenant\":\"t1\"},{\"Tenant\":\"t2\"}]"))));
        assertThat(ok.statusCode()).isEqualTo(204);
        assertThat(az.rows("Custom-CpimonAlerts_CL")).extracting(r -> r.getString("Tenant")).containsExactly("t1", "t2");

        String big = "[" + ("{\"x\":\"" + "y".repeat(1000) + "\"},").repeat(1100) + "{}]";
        HttpResponse<String> tooBig = https(HttpRequest.newBuilder(URI.create(ingest)).header("Authorization", bearer)
                .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(gzip(big))));
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(Http.json(tooBig).get("error").get("code").asText()).isEqualTo("ContentLengthLimitExceeded");
        assertThat(https(HttpRequest.newBuilder(URI.create(ingest)).header("Authorization", bearer)
                .POST(HttpRequest.BodyPublishers.ofString("{\"not\":\"array\"}"))).statusCode()).isEqualTo(400);
        assertThat(https(HttpRequest.newBuilder(URI.create(ingest)).POST(HttpRequest.BodyPublishers.ofString("[]"))).statusCode()).isEqualTo(401);
        assertThat(https(HttpRequest.newBuilder(URI.create(ingest.replace(az.dcrImmutableId(), "dcr-other"))).header("Authorization", bearer)
                .POST(HttpRequest.BodyPublishers.ofString("[]"))).statusCode()).isEqualTo(404);

        az.failWith(429, Duration.ofSeconds(2));
        HttpResponse<String> limited = https(HttpRequest.newBuilder(URI.create(ingest)).header("Authorization", bearer)
                .POST(HttpRequest.BodyPublishers.ofString("[]")));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("2");
        az.clear();
    }

    @Test
    void azureMonitor_tokenWithWrongSecret_401() {
        AzureMonitorPeer az = sim.azureMonitor();
        HttpResponse<String> r = https(HttpRequest.newBuilder(URI.create(az.tokenUrl())).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + az.clientId()
                        + "&client_secret=nope&scope=" + Http.enc("https://monitor.azure.com//.default"))));

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(Http.json(r).get("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void azureMonitor_federatedTokenAssertion_tokenIssued_wrongAssertion401() {
        AzureMonitorPeer az = sim.azureMonitor();
        String form = "grant_type=client_credentials&client_id=" + az.clientId() + "&client_assertion_type="
                + Http.enc("urn:ietf:params:oauth:client-assertion-type:jwt-bearer") + "&scope="
                + Http.enc("https://monitor.azure.com//.default") + "&client_assertion=";
        HttpResponse<String> ok = https(HttpRequest.newBuilder(URI.create(az.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form + Http.enc(az.federatedToken()))));
        HttpResponse<String> wrong = https(HttpRequest.newBuilder(URI.create(az.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form + "eyJhbGciOiJSUzI1NiJ9.forged.sig")));

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(Http.json(ok).get("access_token").asText()).isNotBlank();
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(Http.json(wrong).get("error").asText()).isEqualTo("invalid_client");
        assertThat(Http.json(wrong).get("error_description").asText()).startsWith("AADSTS700213");
    }

    @Test
    void azureMonitor_managedIdentityEndpoint_tokenWithTheIdentityHeaderOnly() {
        AzureMonitorPeer az = sim.azureMonitor();
        az.clear();
        URI uri = URI.create(az.identityEndpoint() + "?api-version=2019-08-01&resource="
                + Http.enc("https://monitor.azure.com/"));
        HttpResponse<String> ok = https(HttpRequest.newBuilder(uri).header("X-IDENTITY-HEADER", az.identityHeader()));
        HttpResponse<String> noHeader = https(HttpRequest.newBuilder(uri));
        HttpResponse<String> otherResource = https(HttpRequest.newBuilder(URI.create(az.identityEndpoint()
                + "?api-version=2019-08-01&resource=" + Http.enc("https://vault.azure.net")))
                .header("X-IDENTITY-HEADER", az.identityHeader()));

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(Http.json(ok).get("token_type").asText()).isEqualTo("Bearer");
        assertThat(Long.parseLong(Http.json(ok).get("expires_on").asText()))
                .isGreaterThan(sim.clock().instant().getEpochSecond());
        assertThat(noHeader.statusCode()).isEqualTo(401);
        assertThat(otherResource.statusCode()).isEqualTo(400);
        assertThat(az.identityTokensIssued()).isEqualTo(1);

        String ingest = az.endpoint() + "/dataCollectionRules/" + az.dcrImmutableId()
                + "/streams/Custom-CpimonAlerts_CL?api-version=2023-01-01";
        assertThat(https(HttpRequest.newBuilder(URI.create(ingest))
                .header("Authorization", "Bearer " + Http.json(ok).get("access_token").asText())
                .POST(HttpRequest.BodyPublishers.ofString("[{\"Tenant\":\"t1\"}]"))).statusCode()).isEqualTo(204);
        az.clear();
    }

    // ---------------------------------------------------------------- webhook, SMTP, inbox API

    @Test
    void webhook_recordsJsonBodies() {
        WebhookPeer hook = sim.webhook();
        hook.clear();
        assertThat(Http.post(hook.url(), null, "application/json", "{\"version\":\"4\",\"status\":\"firing\"}").statusCode()).isEqualTo(200);
        assertThat(Http.post(hook.url(), null, "application/json", "[1]").statusCode()).isEqualTo(400);
        hook.failWith(503);
        assertThat(Http.post(hook.url(), null, "application/json", "{}").statusCode()).isEqualTo(503);

        assertThat(hook.received()).extracting(o -> o.getString("status")).containsExactly("firing");
        hook.clear();
    }

    @Test
    void smtp_receivesMail_downRefuses() throws Exception {
        SmtpPeer smtp = sim.smtp();
        smtp.clear();
        Properties props = new Properties();
        props.put("mail.smtp.host", smtp.host());
        props.put("mail.smtp.port", Integer.toString(smtp.port()));
        props.put("mail.smtp.connectiontimeout", "3000");
        Session session = Session.getInstance(props);
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("cpimon@example.com"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("ops@example.com"));
        m.setSubject("[CPI t1] TenantDown");
        m.setText("down");
        Transport.send(m);

        assertThat(smtp.messages()).extracting(MimeMessage::getSubject).containsExactly("[CPI t1] TenantDown");
        JsonNode inbox = Http.json(Http.get(sim.adminUrl() + "/peers/smtp/inbox", null));
        assertThat(inbox.get("messages").get(0).get("subject").asText()).isEqualTo("[CPI t1] TenantDown");
        smtp.down();
        assertThatThrownBy(() -> Transport.send(m)).isInstanceOf(MessagingException.class);
        smtp.up();
        Transport.send(m);
        assertThat(smtp.messages()).hasSize(1);
    }

    @Test
    void adminInbox_listsWhatAPeerReceived_andSwitchesFailures() {
        TeamsPeer teams = sim.teams();
        teams.clear();
        Http.post(teams.url(), null, "application/json", CARD);
        String admin = sim.adminUrl();

        JsonNode inbox = Http.json(Http.get(admin + "/peers/teams/inbox", null));
        assertThat(inbox.get("received")).hasSize(1);
        assertThat(inbox.get("requests").get(0).get("status").asInt()).isEqualTo(202);
        assertThat(Http.post(admin + "/peers/teams/fail", null, "application/json", "{\"status\":503}").statusCode()).isEqualTo(200);
        assertThat(Http.post(teams.url(), null, "application/json", CARD).statusCode()).isEqualTo(503);
        assertThat(Http.send(HttpRequest.newBuilder(URI.create(admin + "/peers/teams/inbox")).DELETE(), null).statusCode()).isEqualTo(200);
        assertThat(Http.post(teams.url(), null, "application/json", CARD).statusCode()).isEqualTo(202);
        assertThat(new JsonObject(Http.get(admin + "/peers/nope/inbox", null).body()).getString("error")).contains("no peer");
    }
}
