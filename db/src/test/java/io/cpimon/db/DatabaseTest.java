package io.cpimon.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatabaseTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            plain URL stays              | jdbc:postgresql://db:5432/cpimon                        | jdbc:postgresql://db:5432/cpimon
            user info is removed         | jdbc:postgresql://cpimon:s3cret@db:5432/cpimon          | jdbc:postgresql://db:5432/cpimon
            password parameter is masked | jdbc:postgresql://db/cpimon?user=cpimon&password=s3cret | jdbc:postgresql://db/cpimon?user=***&password=***
            other parameters stay        | jdbc:postgresql://db/cpimon?ssl=true&sslpassword=s3cret | jdbc:postgresql://db/cpimon?ssl=true&sslpassword=***
            """)
    void withoutCredentials_url_hidesSecrets(String name, String url, String expected) {
        assertThat(Database.withoutCredentials(url)).isEqualTo(expected).doesNotContain("s3cret");
    }
}
