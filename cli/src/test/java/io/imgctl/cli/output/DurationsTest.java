package io.imgctl.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

    // The cases of go-units' own duration tests: seconds, then rounded hours, days, weeks, months, years.
    @ParameterizedTest(name = "{0}s reads {1}")
    @CsvSource({
        "0, Less than a second",
        "1, 1 second",
        "45, 45 seconds",
        "59, 59 seconds",
        "60, About a minute",
        "180, 3 minutes",
        "2140, 35 minutes",
        "3540, 59 minutes",
        "3600, About an hour",
        "5340, About an hour",
        "5460, 2 hours",
        "14340, 4 hours",
        "86400, 24 hours",
        "129600, 36 hours",
        "172800, 2 days",
        "1141200, 13 days",
        "1209600, 2 weeks",
        "2592000, 4 weeks",
        "3801600, 6 weeks",
        "5184000, 2 months",
        "62208000, 24 months",
        "63417600, 2 years",
        "99792000, 3 years",
    })
    void reads_like_go_units_HumanDuration(long seconds, String expected) {
        assertThat(Durations.human(Duration.ofSeconds(seconds))).isEqualTo(expected);
    }

    @Test
    void ago_appends_ago_and_treats_the_future_as_now() {
        Instant now = Instant.parse("2024-05-01T12:00:00Z");
        assertThat(Durations.ago(now.minusSeconds(120), now)).isEqualTo("2 minutes ago");
        assertThat(Durations.ago(now.plusSeconds(30), now)).isEqualTo("Less than a second ago");
    }
}
