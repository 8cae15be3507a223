package io.imgctl.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imgctl.application.port.in.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GlobTest {

    @ParameterizedTest
    @CsvSource({
            "alpine, alpine, true",
            "alpine, alpine:3.13, false",
            "alpine:*, alpine:3.13, true",
            "*, alpine, true",
            "*, library/alpine, false",
            "*/*, library/alpine, true",
            "alp?ne, alpine, true",
            "alp?ne, alp/ne, false",
            "alpine:3.1[0-4], alpine:3.13, true",
            "alpine:3.1[0-2], alpine:3.13, false",
            "alpine:3.1[^0-2], alpine:3.13, true",
            "a.b, a.b, true",
            "a.b, axb, false",
            "a\\*b, a*b, true",
            "a\\*b, axb, false",
            "localhost:5000/*, localhost:5000/base, true",
    })
    void matchesLikeGoPathMatch(String pattern, String text, boolean expected) {
        assertThat(Glob.compile(pattern).matches(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[", "a[", "[]", "a\\", "[z-a]"})
    void rejectsMalformedPatterns(String pattern) {
        assertThatThrownBy(() -> Glob.compile(pattern)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a valid pattern");
    }
}
