package io.cpimon.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpimon.db.MplRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MplPageParserTest {
    static final String ENTRY = """
            {"__metadata":{"id":"https://t:443/api/v1/MessageProcessingLogs('AGk_xKgivsDaGSUpuvz-eEFzhKZO')","type":"com.sap.hci.api.MessageProcessingLog"},
             "MessageGuid":"AGk_xKgivsDaGSUpuvz-eEFzhKZO","CorrelationId":"AGk_c","ApplicationMessageId":"4500012345",
             "PredecessorMessageGuid":null,"ApplicationMessageType":"ORDERS05",
             "LogStart":"/Date(1765786792442)/","LogEnd":"/Date(1765786794800)/","Sender":"S4","Receiver":"WMS",
             "IntegrationFlowName":"Replicate_Orders","Status":"FAILED","AlternateWebLink":"https://ui/x",
             "IntegrationArtifact":{"__metadata":{"type":"com.sap.hci.api.IntegrationArtifact"},"Id":"Replicate_Orders",
               "Name":"Replicate Orders","Type":"INTEGRATION_FLOW","PackageId":"Orders","PackageName":"Orders"},
             "LogLevel":"INFO","CustomStatus":"FAILED","ArchivingStatus":"NOT_RELEVANT","ArchivingSenderChannelMessages":false,
             "TransactionId":"f116bfb5124f4f0cbda44f0e9fd33a11","LocalComponentName":"CPI_t","NewFieldFromSap":42,
             "CustomHeaderProperties":{"results":[{"Id":"1","Name":"po_number","Value":"PO-77"}]},
             "ErrorInformation":{"__deferred":{"uri":"https://t/x"}}}""";

    @Test
    void parse_realisticPage_mapsEveryField() {
        MplPage page = new MplPageParser("t1", "ApplicationMessageId")
                .parse("{\"d\":{\"__count\":\"1\",\"results\":[" + ENTRY + "],\"__next\":\"MessageProcessingLogs?$skiptoken=1000\"}}");
        assertThat(page.count()).isEqualTo(1);
        assertThat(page.next()).isEqualTo("MessageProcessingLogs?$skiptoken=1000");
        MplRecord r = page.rows().get(0);
        assertThat(r.tenantId()).isEqualTo("t1");
        assertThat(r.messageGuid()).isEqualTo("AGk_xKgivsDaGSUpuvz-eEFzhKZO");
        assertThat(r.logStart()).isEqualTo(Instant.ofEpochMilli(1765786792442L));
        assertThat(r.logEnd()).isEqualTo(Instant.ofEpochMilli(1765786794800L));
        assertThat(r.artifactId()).isEqualTo("Replicate_Orders");
        assertThat(r.packageName()).isEqualTo("Orders");
        assertThat(r.status()).isEqualTo("FAILED");
        assertThat(r.businessKey()).isEqualTo("4500012345");
        assertThat(r.customHeaders()).containsEntry("po_number", "PO-77");
    }

    @Test
    void parse_customHeaderBusinessKey_takesHeaderValue() {
        MplPage page = new MplPageParser("t1", "po_number").parse("{\"d\":{\"results\":[" + ENTRY + "]}}");
        assertThat(page.rows().get(0).businessKey()).isEqualTo("PO-77");
        assertThat(page.next()).isNull();
        assertThat(page.count()).isEqualTo(-1);
    }

    @Test
    void parse_nullDates_areKept() {
        MplPage page = new MplPageParser("t1", null).parse("""
                {"d":{"results":[{"MessageGuid":"g1","Status":"RETRY","LogStart":null,"LogEnd":null}]}}""");
        assertThat(page.rows().get(0).logEnd()).isNull();
        assertThat(page.rows().get(0).status()).isEqualTo("RETRY");
    }

    @Test
    void parse_fieldsInAnyOrder_nextAndCountBeforeResults_deferredHeaders() {
        MplPage page = new MplPageParser("t1", "po_number").parse("{\"d\":{\"__next\":\"n\",\"__count\":\"2\",\"results\":["
                + "{\"Status\":\"COMPLETED\",\"CustomHeaderProperties\":{\"__deferred\":{\"uri\":\"u\"}},\"MessageGuid\":\"g1\"},"
                + ENTRY + "]},\"extra\":[1,2]}");
        assertThat(page.next()).isEqualTo("n");
        assertThat(page.count()).isEqualTo(2);
        assertThat(page.rows()).extracting(MplRecord::messageGuid).containsExactly("g1", "AGk_xKgivsDaGSUpuvz-eEFzhKZO");
        assertThat(page.rows().get(0).customHeaders()).isNull();
        assertThat(page.rows().get(1).businessKey()).isEqualTo("PO-77");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "empty body||empty body",
            "not JSON|{\"d\":{\"results\":[|not valid JSON",
            "no d|{\"results\":[]}|missing object 'd'",
            "results not an array|{\"d\":{\"results\":{}}}|'d.results' is object, expected an array",
            "guid missing|{\"d\":{\"results\":[{\"Status\":\"COMPLETED\"}]}}|results[0].MessageGuid is missing",
            "date as number|{\"d\":{\"results\":[{\"MessageGuid\":\"g\",\"Status\":\"COMPLETED\",\"LogEnd\":1765786794800}]}}"
                    + "|results[0].LogEnd must be a string, got number",
            "date not /Date()/|{\"d\":{\"results\":[{\"MessageGuid\":\"g\",\"Status\":\"COMPLETED\",\"LogEnd\":\"2025-12-15\"}]}}"
                    + "|results[0].LogEnd must be /Date(ms)/",
            "status as number|{\"d\":{\"results\":[{\"MessageGuid\":\"g\",\"Status\":3}]}}|results[0].Status must be a string",
            "count not a number|{\"d\":{\"__count\":\"many\",\"results\":[]}}|'d.__count' is not a number",
            "results missing|{\"d\":{\"__count\":\"0\"}}|'d.results' is missing",
            "artifact a string|{\"d\":{\"results\":[{\"IntegrationArtifact\":\"x\",\"Status\":\"COMPLETED\",\"MessageGuid\":\"g\"}]}}"
                    + "|results[0].IntegrationArtifact must be an object (g)",
            "headers without results|{\"d\":{\"results\":[{\"MessageGuid\":\"g\",\"Status\":\"COMPLETED\",\"CustomHeaderProperties\":{}}]}}"
                    + "|results[0].CustomHeaderProperties must be deferred",
            "second entry not an object|{\"d\":{\"results\":[{\"MessageGuid\":\"g\",\"Status\":\"COMPLETED\"},7]}}|results[1] is not an object",
            "header value an object|{\"d\":{\"results\":[{\"MessageGuid\":\"g\",\"Status\":\"COMPLETED\",\"CustomHeaderProperties\":"
                    + "{\"results\":[{\"Name\":\"a\",\"Value\":{\"x\":1}}]}}]}}|results[0].Value must be a string, got object {\"x\":1}"})
    void parse_malformed_isRejectedWholeWithPreciseMessage(String name, String body, String expected) {
        assertThatThrownBy(() -> new MplPageParser("t1", null).parse(body))
                .isInstanceOfSatisfying(CpiException.class, e -> assertThat(e.kind()).isEqualTo(CpiException.Kind.MALFORMED))
                .hasMessageContaining("malformed MessageProcessingLogs page from t1")
                .hasMessageContaining(expected);
    }
}
