package io.imgctl.domain.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.imgctl.domain.image.ImageId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 18: the listing order of containers is total (created desc, then name, then ID). */
class ContainerOrderTest {

    private static final Instant T = Instant.parse("2024-05-01T12:00:00Z");

    private static Container container(char idDigit, String name, Instant created) {
        return new Container(String.valueOf(idDigit).repeat(64), name, "alpine", ImageId.parse("a".repeat(64)),
                List.of("sh"), ContainerState.EXITED, 0, created, Optional.empty(), Optional.empty(), 0);
    }

    @Test
    void newerContainersComeFirstThenByNameThenByIdWhateverTheInputOrder() {
        Container newest = container('1', "zulu", T.plusSeconds(1));
        Container alpha = container('f', "alpha", T); // IDs in the opposite order of the names
        Container beta = container('d', "beta", T);
        Container betaTwin = container('e', "beta", T); // same name: only the ID tells them apart

        List<Container> expected = List.of(newest, alpha, beta, betaTwin);
        assertThat(List.of(betaTwin, beta, alpha, newest).stream().sorted(Container.NEWEST_FIRST).toList())
                .containsExactlyElementsOf(expected);
        assertThat(List.of(alpha, newest, betaTwin, beta).stream().sorted(Container.NEWEST_FIRST).toList())
                .containsExactlyElementsOf(expected);
    }
}
