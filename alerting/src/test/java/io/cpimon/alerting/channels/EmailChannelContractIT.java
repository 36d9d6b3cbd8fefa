package io.cpimon.alerting.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.config.Secret;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ChannelContract} for email (GreenMail via the simulator), plus threading per episode. */
class EmailChannelContractIT extends ChannelContract {
    static final String PASSWORD = "smtp-canary-91c2";

    @BeforeEach
    void emptyMailbox() {
        sim.smtp().clear();
    }

    @Override
    protected Channel newChannel() {
        return new EmailChannel(new EmailChannelConfig(CHANNEL,
                // no user: the simulator's GreenMail refuses AUTH for unknown users (it has none), so only the
                // password's absence from payloads and logs is checked here
                new SmtpConfig(sim.smtp().host(), sim.smtp().port(), false, null, Secret.of(PASSWORD)),
                "cpimon@example.com", List.of("ops@example.com")), TIMEOUT);
    }

    @Override
    protected void peerDown() {
        sim.smtp().down();
    }

    @Override
    protected void peerHealthy() {
        sim.smtp().up();
    }

    @Override
    protected int received() {
        return sim.smtp().messages().size();
    }

    @Override
    protected List<String> payloads() {
        return sim.smtp().messages().stream().map(EmailChannelContractIT::raw).toList();
    }

    static String raw(MimeMessage m) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            m.writeTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected List<String> secrets() {
        return List.of(PASSWORD);
    }

    @Test
    void episode_firingThenResolved_threadedUnderADeterministicMessageId() throws Exception {
        GroupNotice firing = notice("firing");
        GroupNotice r = notice("resolved");
        GroupNotice resolved = new GroupNotice(firing.groupKey(), CHANNEL, "all alerts resolved", firing.groupLabels(),
                List.of(), r.resolved(), firing.episodeStart(), null, null, firing.sentAt().plusSeconds(600));

        Delivery first = channel().send(firing);
        channel().send(resolved);

        List<MimeMessage> mails = sim.smtp().messages();
        assertThat(mails).hasSize(2);
        MimeMessage f = mails.get(0);
        MimeMessage s = mails.get(1);
        String rootId = "<" + firing.groupHash() + "." + firing.episodeStart().toEpochMilli() + "@cpimon>";
        assertThat(f.getMessageID()).isEqualTo(rootId);
        assertThat(((Delivery.Delivered) first).externalRef()).isEqualTo(rootId);
        assertThat(s.getMessageID()).isNotEqualTo(rootId);
        assertThat(s.getHeader("In-Reply-To")).containsExactly(rootId);
        assertThat(s.getHeader("References")).containsExactly(rootId);
        assertThat(f.getHeader("In-Reply-To")).isNull();
        assertThat(s.getSubject()).isEqualTo(f.getSubject()).isEqualTo("[cpimon] tenant_down prd-weu");
        assertThat(f.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        Multipart parts = (Multipart) f.getContent();
        assertThat(f.getContentType()).startsWith("multipart/alternative");
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat((String) parts.getBodyPart(0).getContent()).contains("[FIRING] Tenant prd-weu is down");
        assertThat((String) ((Multipart) s.getContent()).getBodyPart(0).getContent()).contains("[RESOLVED]");
    }

    @Test
    void episode_sameEpisodeSentTwice_sameMessageId() throws Exception {
        GroupNotice firing = notice("firing");

        channel().send(firing);
        channel().send(firing);

        assertThat(sim.smtp().messages()).extracting(MimeMessage::getMessageID).containsOnly(EmailChannel.rootId(firing));
    }

    @Test
    void send_firing_bothPartsCarryAckAndSilenceLinks() throws Exception {
        channel().send(notice("firing"));

        Multipart parts = (Multipart) sim.smtp().messages().get(0).getContent();
        String text = (String) parts.getBodyPart(0).getContent();
        String html = (String) parts.getBodyPart(1).getContent();
        for (String part : List.of(text, html)) {
            assertThat(part).contains("http://localhost:8080/alerts/7?do=ack")
                    .contains("http://localhost:8080/alerts/7?do=silence");
        }
    }
}
