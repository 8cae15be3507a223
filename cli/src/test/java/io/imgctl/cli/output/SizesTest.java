package io.imgctl.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SizesTest {

    @ParameterizedTest(name = "{0} bytes is {1}")
    @CsvSource({
        "0, 0B",
        "512, 512B",
        "999, 999B",
        "1000, 1kB",
        "5600, 5.6kB",
        "13256, 13.3kB",
        "7050000, 7.05MB",
        "7054321, 7.05MB",
        "5614000, 5.61MB",
        "2800000, 2.8MB",
        "1000000, 1MB",
        "112000000, 112MB",
        "1234567890, 1.23GB",
        // Go's %.3g switches to exponent form when rounding reaches 1000 of a unit, and Docker prints it so.
        "999999, 1e+03kB",
    })
    void prints_sizes_with_three_significant_digits_in_SI_units_like_docker_images(long bytes, String expected) {
        assertThat(Sizes.human(bytes)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} bytes is {1} with four digits")
    @CsvSource({
        "1000, 1kB",
        "1024, 1.024kB",
        "1048576, 1.049MB",
        "2000000, 2MB",
        "3420000000, 3.42GB",
        "5372000000000, 5.372TB",
    })
    void prints_go_units_HumanSize_with_four_significant_digits(long bytes, String expected) {
        assertThat(Sizes.human(bytes, 4)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "%.{1}g of {0} is {2}")
    @CsvSource({
        "1.25, 2, 1.2",
        "1.35, 2, 1.4",
        "0.0001234, 3, 0.000123",
        "0.00001234, 3, 1.23e-05",
        "123456, 3, 1.23e+05",
        "100, 3, 100",
    })
    void formats_like_gos_percent_g(double value, int precision, String expected) {
        assertThat(Sizes.formatG(value, precision)).isEqualTo(expected);
    }
}
