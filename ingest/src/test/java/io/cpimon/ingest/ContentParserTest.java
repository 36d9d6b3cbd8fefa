package io.cpimon.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpimon.db.ContentRow;
import io.cpimon.db.ContentRow.Kind;
import io.cpimon.db.DataStoreRow;
import io.cpimon.db.JmsBrokerRow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link ContentParser}: names and dates only, the broker's numbers as numbers or strings, malformed pages named. */
class ContentParserTest {
    static final Instant SEEN = Instant.parse("2026-11-24T10:00:00Z");
    static final ContentParser PARSER = new ContentParser("t1");

    @Test
    void page_variable_nameScopeVisibilityDates() {
        ContentRow r = PARSER.page(Kind.VARIABLE, """
                {"d":{"results":[{"VariableName":"LocationId","IntegrationFlow":"","Visibility":"Global",
                "UpdatedAt":"/Date(1764000000000)/","RetainUntil":"/Date(1795536000000)/"}]}}""", SEEN).rows().getFirst();

        assertThat(r).isEqualTo(new ContentRow("t1", Kind.VARIABLE, "LocationId", "", "Global",
                Instant.ofEpochMilli(1764000000000L), Instant.ofEpochMilli(1795536000000L), SEEN));
    }

    @Test
    void page_userCredential_secretFieldsNeverKept() {
        ContentRow r = PARSER.page(Kind.USER_CREDENTIAL, """
                {"d":{"results":[{"Name":"SFTP","User":"u","Password":"LEAK-CANARY","DeployedOn":"/Date(0)/"}]}}""",
                SEEN).rows().getFirst();

        assertThat(r.toString()).doesNotContain("LEAK-CANARY");
        assertThat(r.name()).isEqualTo("SFTP");
    }

    @Test
    void page_partnerParameter_idScopedByPartner_valueNeverKept() {
        ContentRow r = PARSER.page(Kind.STRING_PARAMETER, """
                {"d":{"results":[{"Pid":"WMS_EU","Id":"ReceiverAddress","Value":"LEAK-CANARY",
                "LastModifiedTime":"/Date(1764000000000)/"}]}}""", SEEN).rows().getFirst();

        assertThat(r).isEqualTo(new ContentRow("t1", Kind.STRING_PARAMETER, "ReceiverAddress", "WMS_EU", null,
                Instant.ofEpochMilli(1764000000000L), null, SEEN));
        assertThat(r.toString()).doesNotContain("LEAK-CANARY");
        assertThat(ContentParser.query(Kind.BINARY_PARAMETER)).as("a binary parameter's content is never fetched")
                .contains("$select=Pid,Id,LastModifiedTime");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            parameter without Pid| STRING_PARAMETER| `{"d":{"results":[{"Id":"X"}]}}`                         | results[0].Pid is missing
            binary without Id    | BINARY_PARAMETER| `{"d":{"results":[{"Pid":"P"}]}}`                        | results[0].Id is missing
            no envelope          | VARIABLE        | `{"results":[]}`                                         | missing object 'd'
            results not an array | NUMBER_RANGE    | `{"d":{"results":{}}}`                                   | 'd.results' is object
            variable without name| VARIABLE        | `{"d":{"results":[{"IntegrationFlow":"F"}]}}`            | results[0].VariableName is missing
            credential blank name| USER_CREDENTIAL | `{"d":{"results":[{"Name":" "}]}}`                       | results[0].Name is missing
            bad RetainUntil | VARIABLE | `{"d":{"results":[{"VariableName":"V","RetainUntil":"2027"}]}}` | results[0].RetainUntil must be /Date(ms)/
            name not a string    | OAUTH2_CLIENT   | `{"d":{"results":[{"Name":42}]}}`                        | results[0].Name must be a string
            """)
    void page_malformed_rejectedWholeWithTheFieldNamed(String name, Kind kind, String body, String expected) {
        assertThatThrownBy(() -> PARSER.page(kind, body, SEEN)).isInstanceOf(CpiException.class)
                .hasMessageContaining(expected).hasMessageContaining("t1");
    }

    @Test
    void broker_int64AsStringsAndInt32AsNumbers_flagsAsZeroOne() {
        JmsBrokerRow b = PARSER.broker("""
                {"d":{"Capacity":"9000000000","MaxCapacity":"9500000000","QueueNumber":28,"MaxQueueNumber":30,
                "CapacityOk":25,"CapacityWarning":2,"CapacityError":1,"IsTransactedSessionsHigh":1,
                "IsConsumersHigh":0,"IsProducersHigh":true}}""", SEEN);

        assertThat(b).isEqualTo(new JmsBrokerRow("t1", 9_000_000_000L, 9_500_000_000L, 28, 30, 25, 2, 1, true, false,
                true, SEEN));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            capacity missing     | `{"d":{"MaxCapacity":1}}`                                    | d.Capacity must be a non-negative integer, got nothing
            capacity not numeric | `{"d":{"Capacity":"lots"}}`                                  | d.Capacity must be a non-negative integer, got "lots"
            negative queues      | `{"d":{"Capacity":1,"MaxCapacity":2,"QueueNumber":-1}}`      | d.QueueNumber must be a non-negative integer
            """)
    void broker_malformed_rejectedWithTheFieldNamed(String name, String body, String expected) {
        assertThatThrownBy(() -> PARSER.broker(body, SEEN)).isInstanceOf(CpiException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void broker_flagNeitherZeroNorOne_rejected() {
        String body = """
                {"d":{"Capacity":1,"MaxCapacity":2,"QueueNumber":1,"MaxQueueNumber":2,"CapacityOk":1,
                "CapacityWarning":0,"CapacityError":0,"IsTransactedSessionsHigh":2}}""";

        assertThatThrownBy(() -> PARSER.broker(body, SEEN)).isInstanceOf(CpiException.class)
                .hasMessageContaining("d.IsTransactedSessionsHigh must be 0 or 1");
    }

    @Test
    void dataStores_countsAsStringsOrNumbers_globalStoreWithEmptyIflow() {
        List<DataStoreRow> rows = PARSER.dataStores("""
                {"d":{"results":[{"DataStoreName":"Orders","IntegrationFlow":"OrderIn","Type":"","Visibility":
                "Integration Flow","NumberOfMessages":"12","NumberOfOverdueMessages":"3"},
                {"DataStoreName":"Shared","Visibility":"Global","NumberOfMessages":4,"NumberOfOverdueMessages":4}]}}""",
                SEEN).rows();

        assertThat(rows).containsExactly(
                new DataStoreRow("t1", "Orders", "OrderIn", "", "Integration Flow", 12, 3, SEEN),
                new DataStoreRow("t1", "Shared", "", "", "Global", 4, 4, SEEN));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            name missing      | `{"d":{"results":[{"NumberOfMessages":1,"NumberOfOverdueMessages":1}]}}` | DataStoreName is missing
            count missing     | `{"d":{"results":[{"DataStoreName":"S","NumberOfMessages":1}]}}` | NumberOfOverdueMessages must be
            count not numeric | `{"d":{"results":[{"DataStoreName":"S","NumberOfMessages":"x"}]}}` | NumberOfMessages must be
            overdue > entries | `{"d":{"results":[{"DataStoreName":"S","NumberOfMessages":1,"NumberOfOverdueMessages":2}]}}` | exceeds
            """)
    void dataStores_malformed_rejectedWithTheFieldNamed(String name, String body, String expected) {
        assertThatThrownBy(() -> PARSER.dataStores(body, SEEN)).isInstanceOf(CpiException.class)
                .hasMessageContaining(expected).hasMessageContaining("t1");
    }
}
