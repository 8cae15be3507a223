package io.imgctl.domain.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.imgctl.domain.image.ImageReference.PathMatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Go's {@code path/match_test.go} table, one row per Go case, for the {@code path.Match} port that
 * {@link ImageReference#familiarMatch} uses. {@code bad} rows expect ErrBadPattern.
 */
class GoPathMatchTest {

    private static final String BAD = "bad";

    static Stream<Arguments> matchTests() {
        return Stream.of(
                arguments("abc", "abc", true),
                arguments("*", "abc", true),
                arguments("*c", "abc", true),
                arguments("a*", "a", true),
                arguments("a*", "abc", true),
                arguments("a*", "ab/c", false),
                arguments("a*/b", "abc/b", true),
                arguments("a*/b", "a/c/b", false),
                arguments("a*b*c*d*e*/f", "axbxcxdxe/f", true),
                arguments("a*b*c*d*e*/f", "axbxcxdxexxx/f", true),
                arguments("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false),
                arguments("a*b*c*d*e*/f", "axbxcxdxexxx/fff", false),
                arguments("a*b?c*x", "abxbbxdbxebxczzx", true),
                arguments("a*b?c*x", "abxbbxdbxebxczzy", false),
                arguments("ab[c]", "abc", true),
                arguments("ab[b-d]", "abc", true),
                arguments("ab[e-g]", "abc", false),
                arguments("ab[^c]", "abc", false),
                arguments("ab[^b-d]", "abc", false),
                arguments("ab[^e-g]", "abc", true),
                arguments("a\\*b", "a*b", true),
                arguments("a\\*b", "ab", false),
                arguments("a?b", "a☺b", true),
                arguments("a[^a]b", "a☺b", true),
                arguments("a???b", "a☺b", false),
                arguments("a[^a][^a][^a]b", "a☺b", false),
                arguments("[a-ζ]*", "α", true),
                arguments("*[a-ζ]", "A", false),
                arguments("a?b", "a/b", false),
                arguments("a*b", "a/b", false),
                arguments("[\\]a]", "]", true),
                arguments("[\\-]", "-", true),
                arguments("[x\\-]", "x", true),
                arguments("[x\\-]", "-", true),
                arguments("[x\\-]", "z", false),
                arguments("[\\-x]", "x", true),
                arguments("[\\-x]", "-", true),
                arguments("[\\-x]", "a", false),
                arguments("[]a]", "]", BAD),
                arguments("[-]", "-", BAD),
                arguments("[x-]", "x", BAD),
                arguments("[x-]", "-", BAD),
                arguments("[x-]", "z", BAD),
                arguments("[-x]", "x", BAD),
                arguments("[-x]", "-", BAD),
                arguments("[-x]", "a", BAD),
                arguments("\\", "a", BAD),
                arguments("[a-b-c]", "a", BAD),
                arguments("[", "a", BAD),
                arguments("[^", "a", BAD),
                arguments("[^bc", "a", BAD),
                arguments("a[", "a", BAD),
                arguments("a[", "ab", BAD),
                arguments("a[", "x", BAD),
                arguments("a/b[", "x", BAD),
                arguments("*x", "xxx", true));
    }

    @Test
    void tableHasEveryGoCase() {
        assertThat(matchTests()).hasSize(56);
    }

    @ParameterizedTest(name = "[{index}] {0} ~ {1}")
    @MethodSource("matchTests")
    void match(String pattern, String s, Object expected) {
        if (BAD.equals(expected)) {
            assertThatThrownBy(() -> PathMatch.matches(pattern, s))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("syntax error in pattern");
            assertThat(PathMatch.matchesQuietly(pattern, s)).isFalse();
            return;
        }
        assertThat(PathMatch.matches(pattern, s)).isEqualTo(expected);
    }
}
