package io.cpimon.alerting.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The message templates: the defaults over the model, strict user templates, the fallback that loses nothing. */
class MessageTemplateTest {

    @ParameterizedTest
    @EnumSource(MessageTemplate.Flavour.class)
    void defaultTemplate_sample_namesTheAlertsAndLinksBack(MessageTemplate.Flavour flavour) {
        MessageTemplate.Rendered r = MessageTemplate.of("ops", null, flavour).render(MessageModel.sample());

        assertThat(r.problem()).isNull();
        assertThat(r.text()).contains("Order_Replication failed 12 times").contains("Invoice_Out failed 3 times")
                .contains("https://cpimon.example/alerts/42?do=ack").contains("https://cpimon.example/alerts/42?do=silence")
                .contains("https://prd-weu.example/shell/monitoring/Messages/");
    }

    @Test
    void userTemplate_sample_rendersTheDocumentedModel() {
        String source = "{{status}} {{title}} [{{tenant}}/{{pair}}]\n"
                + "{{#alerts}}{{iflow}} {{severity}} {{errorExcerpt}} {{links.ack}}\n{{/alerts}}"
                + "{{#commonLabels}}{{name}}={{value}};{{/commonLabels}}";
        MessageTemplate t = MessageTemplate.of("ops", new TemplateConfig(source, null), MessageTemplate.Flavour.TEXT);

        MessageTemplate.Rendered r = t.render(MessageModel.sample());

        assertThat(r.problem()).isNull();
        assertThat(r.text()).isEqualTo("firing [FIRING:2] failed_messages prd-weu [prd-weu/prod]\n"
                + "Order_Replication critical com.sap.it.rt.adapter.http.api.exception.HttpResponseException: 503 "
                + "https://cpimon.example/alerts/42?do=ack\n"
                + "Invoice_Out critical  https://cpimon.example/alerts/43?do=ack\n"
                + "pair=prod;rule=failed_messages;severity=critical;tenant=prd-weu;");
    }

    static Stream<Arguments> brokenTemplates() {
        return Stream.of(
                argumentSet("misspelt name", "{{title}}\n{{sumary}}", "template line 2: no value named 'sumary'"),
                argumentSet("misspelt name in a section", "{{#alerts}}\n{{iflw}}\n{{/alerts}}",
                        "template line 2: no value named 'iflw'"),
                argumentSet("unknown section", "{{#alarms}}x{{/alarms}}", "template line 1: no value named 'alarms'"),
                argumentSet("section closed by another name", "{{#alerts}}\n{{/alert}}", "template line 2"),
                argumentSet("partial (nothing is loaded)", "{{> header}}", "template"));
    }

    @ParameterizedTest
    @MethodSource("brokenTemplates")
    void problem_brokenTemplate_namesItsLine(String source, String expected) {
        assertThat(new TemplateConfig(source, null).problem(MessageTemplate.Flavour.TEXT)).startsWith(expected);
    }

    @Test
    void render_userTemplateFailsAtSendTime_defaultTextAndTheProblem() {
        MessageTemplate t = MessageTemplate.of("ops", new TemplateConfig("ok\n{{nosuch}}", null),
                MessageTemplate.Flavour.MARKDOWN);

        MessageTemplate.Rendered r = t.render(MessageModel.sample());

        assertThat(r.text()).isEqualTo(MessageTemplate.of("ops", null, MessageTemplate.Flavour.MARKDOWN)
                .render(MessageModel.sample()).text());
        assertThat(r.problem()).contains("line 2").contains("nosuch").contains("the default template was used");
    }

    @Test
    void render_userTemplateThatDoesNotCompile_defaultTextAndTheProblem() {
        MessageTemplate t = MessageTemplate.of("ops", new TemplateConfig("{{#alerts}}", null),
                MessageTemplate.Flavour.TEXT);

        MessageTemplate.Rendered r = t.render(MessageModel.sample());

        assertThat(r.text()).contains("Order_Replication failed 12 times");
        assertThat(r.problem()).contains("the default template was used");
    }

    @Test
    void slackFlavour_valuesWithControlCharacters_areEscaped() {
        GroupNotice sample = MessageModel.sample();
        AlertNotice a = sample.firing().get(0);
        AlertNotice odd = new AlertNotice(a.alertId(), a.fingerprint(), a.rule(), a.status(), a.labels(),
                Map.of("summary", "<!channel> & <b>"), a.startedAt(), null, a.dashboardUrl());
        GroupNotice n = GroupNotice.single(odd, "ops", "first notification", a.startedAt());
        TemplateConfig t = new TemplateConfig("{{#alerts}}{{summary}}{{/alerts}}", null);

        assertThat(MessageTemplate.of("ops", t, MessageTemplate.Flavour.SLACK).render(n).text())
                .isEqualTo("&lt;!channel&gt; &amp; &lt;b&gt;");
        assertThat(MessageTemplate.of("ops", t, MessageTemplate.Flavour.TEXT).render(n).text())
                .isEqualTo("<!channel> & <b>");
    }
}
