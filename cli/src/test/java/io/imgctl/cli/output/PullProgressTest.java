package io.imgctl.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.imgctl.application.port.out.PullEvent;
import io.imgctl.application.port.out.PullResult;
import io.imgctl.domain.image.Digest;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PullProgressTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static void pull(PullProgress p) {
        p.onEvent(PullEvent.of("Pulling from library/alpine"));
        p.onEvent(PullEvent.layer("a1b2c3d4e5f6", "Pulling fs layer"));
        p.onEvent(PullEvent.layer("0f1e2d3c4b5a", "Already exists"));
        p.onEvent(PullEvent.progress("a1b2c3d4e5f6", "Downloading", 1_200_000, 2_800_000));
        p.onEvent(PullEvent.progress("a1b2c3d4e5f6", "Downloading", 2_800_000, 2_800_000));
        p.onEvent(PullEvent.layer("a1b2c3d4e5f6", "Pull complete"));
        p.onEvent(PullEvent.of("Digest: sha256:" + "e".repeat(64)));
    }

    @Test
    void prints_one_plain_line_per_change_of_state_when_not_a_terminal() {
        pull(new PullProgress(err, false, "3.13"));
        assertThat(text()).doesNotContain("\u001b").doesNotContain("\r");
        assertThat(text().lines()).containsExactly(
                "3.13: Pulling from library/alpine",
                "a1b2c3d4e5f6: Pulling fs layer",
                "0f1e2d3c4b5a: Already exists",
                "a1b2c3d4e5f6: Downloading",
                "a1b2c3d4e5f6: Pull complete");
    }

    @Test
    void redraws_each_layer_line_in_place_on_a_terminal() {
        pull(new PullProgress(err, true, "3.13"));
        String out = text();
        // The first layer is two lines above the cursor once the second layer's line is printed.
        assertThat(out).contains("\u001b[2A\r\u001b[2Ka1b2c3d4e5f6: Downloading [" + "=".repeat(21) + ">"
                + " ".repeat(29) + "]    1.2MB/2.8MB\r\u001b[2B");
        assertThat(out).contains("\u001b[2A\r\u001b[2Ka1b2c3d4e5f6: Pull complete\r\u001b[2B");
        assertThat(out.lines().filter(l -> l.startsWith("0f1e2d3c4b5a"))).containsExactly("0f1e2d3c4b5a: Already exists");
    }

    @Test
    void ends_with_the_digest_and_status_lines() {
        PullProgress p = new PullProgress(err, false, "3.13");
        p.finish(new PullResult(ImageReference.parse("alpine:3.13"), ImageId.parse("f".repeat(64)),
                Optional.of(Digest.parse("sha256:" + "e".repeat(64))), true));
        p.finish(new PullResult(ImageReference.parse("alpine:3.13"), ImageId.parse("f".repeat(64)),
                Optional.empty(), false));
        assertThat(text().lines()).containsExactly(
                "Digest: sha256:" + "e".repeat(64),
                "Status: Downloaded newer image for alpine:3.13",
                "Status: Image is up to date for alpine:3.13");
    }

    @Test
    void runs_its_header_once_before_the_first_event() {
        PullProgress p = new PullProgress(err, false, "latest")
                .beforeFirstEvent(() -> err.println("Unable to find image 'hello-world:latest' locally"));
        p.onEvent(PullEvent.of("Pulling from library/hello-world"));
        p.onEvent(PullEvent.layer("c1ec31eb5944", "Pull complete"));
        assertThat(text().lines()).containsExactly(
                "Unable to find image 'hello-world:latest' locally",
                "latest: Pulling from library/hello-world",
                "c1ec31eb5944: Pull complete");
    }
}
