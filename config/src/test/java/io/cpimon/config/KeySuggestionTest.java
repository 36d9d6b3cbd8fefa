package io.cpimon.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeySuggestionTest {
    private static final List<String> POLL = List.of("interval", "overlap", "pageSize", "initialLookback");

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.argumentSet("one letter too many", "intervall", " (did you mean 'interval'?)"),
                Arguments.argumentSet("one letter missing", "overlp", " (did you mean 'overlap'?)"),
                Arguments.argumentSet("case", "pagesize", " (did you mean 'pageSize'?)"),
                Arguments.argumentSet("snake case", "initial_lookback", " (did you mean 'initialLookback'?)"),
                Arguments.argumentSet("kebab case", "page-size", " (did you mean 'pageSize'?)"),
                Arguments.argumentSet("nothing close", "url", " (known keys: interval, overlap, pageSize, initialLookback)"));
    }

    @ParameterizedTest
    @MethodSource("rows")
    void hint_unknownKey_suggestsTheClosestKnownKey(String key, String hint) {
        assertThat(KeySuggestion.hint(key, POLL)).isEqualTo(hint);
    }
}
