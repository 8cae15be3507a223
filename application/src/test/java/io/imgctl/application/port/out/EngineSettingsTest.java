package io.imgctl.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EngineSettingsTest {

    private static EngineSettings with(Map<String, String> env) {
        return new EngineSettings(Optional.empty(), env, false);
    }

    @Test
    void theCallTimeoutIsFiveMinutesUnlessImgctlTimeoutSaysHowManySeconds() {
        assertThat(with(Map.of()).callTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(with(Map.of("IMGCTL_TIMEOUT", "")).callTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(with(Map.of("IMGCTL_TIMEOUT", "1")).callTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(with(Map.of("IMGCTL_TIMEOUT", " 30 ")).callTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aTimeoutThatIsNoWholeNumberOfSecondsInRangeIsABadSetting() {
        for (String bad : new String[] {"0", "-5", "1.5", "10s", "abc", "86401", "99999999999999999999"}) {
            assertThatThrownBy(() -> with(Map.of("IMGCTL_TIMEOUT", bad)).callTimeout()).as(bad)
                    .isInstanceOf(InvalidEngineSettingException.class)
                    .hasMessage("Tried to read IMGCTL_TIMEOUT=" + bad.strip() + " but failed because it is not a whole number"
                            + " of seconds from 1 to 86400 (e.g. IMGCTL_TIMEOUT=30)");
        }
    }
}
