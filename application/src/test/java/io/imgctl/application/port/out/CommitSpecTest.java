package io.imgctl.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imgctl.domain.image.ImageConfig;
import io.imgctl.domain.image.ImageReference;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommitSpecTest {

    private static final String ID = "a".repeat(64);
    private static final ImageReference REF = ImageReference.parse("localhost:5000/me/app:1");
    private static final ImageConfig BASE = new ImageConfig(List.of("sh"), List.of(), List.of("PATH=/bin", "A=old"),
            "/app", "", Map.of("keep", "me"), "amd64", "linux");

    private static CommitSpec spec(String... changes) {
        return new CommitSpec(ID, REF, Optional.of("m"), Optional.of("a"), List.of(changes));
    }

    @Test
    void execFormAndShellFormCommands() {
        assertThat(spec("CMD [\"cat\", \"/greeting\"]").applyTo(BASE).cmd()).containsExactly("cat", "/greeting");
        assertThat(spec("cmd echo hi").applyTo(BASE).cmd()).containsExactly("/bin/sh", "-c", "echo hi");
        assertThat(spec("CMD [\"a\\\"b\", \"c\\\\d\"]").applyTo(BASE).cmd()).containsExactly("a\"b", "c\\d");
        assertThat(spec("CMD [not json").applyTo(BASE).cmd()).containsExactly("/bin/sh", "-c", "[not json");
    }

    @Test
    void anEntrypointResetsTheInheritedCmdUnlessACmdCameFirst() {
        ImageConfig reset = spec("ENTRYPOINT [\"/bin/cat\"]").applyTo(BASE);
        assertThat(reset.entrypoint()).containsExactly("/bin/cat");
        assertThat(reset.cmd()).isEmpty();
        assertThat(spec("CMD [\"/x\"]", "ENTRYPOINT [\"/bin/cat\"]").applyTo(BASE).cmd()).containsExactly("/x");
    }

    @Test
    void envLabelWorkdirAndUser() {
        ImageConfig c = spec("ENV A=new B=\"two words\"", "ENV C legacy form", "LABEL x=1 y='q r'",
                "WORKDIR sub", "USER nobody", "EXPOSE 80/tcp").applyTo(BASE);
        assertThat(c.env()).containsExactly("PATH=/bin", "A=new", "B=two words", "C=legacy form");
        assertThat(c.labels()).containsEntry("keep", "me").containsEntry("x", "1").containsEntry("y", "q r");
        assertThat(c.workingDir()).isEqualTo("/app/sub");
        assertThat(c.user()).isEqualTo("nobody");
        assertThat(c.cmd()).isEqualTo(BASE.cmd());
    }

    @Test
    void onlyTheSupportedInstructionsAreAccepted() {
        assertThatThrownBy(() -> spec("RUN rm -rf /")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported change \"RUN rm -rf /\"");
        assertThatThrownBy(() -> spec("CMD")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no argument");
        assertThatThrownBy(() -> spec("LABEL novalue").applyTo(BASE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KEY=VALUE");
    }

    @Test
    void aDigestCannotBeTheNewTag() {
        ImageReference digest = ImageReference.parse("localhost:5000/me/app@sha256:" + "b".repeat(64));
        assertThatThrownBy(() -> CommitSpec.of(ID, digest)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void severalPairsBecomeOneChangeEach() {
        assertThat(spec("LABEL a=1 b=\"x \\\"y\\\"\"", "ENV K V W", "CMD [\"x\"]").onePairPerChange())
                .containsExactly("LABEL a=\"1\"", "LABEL b=\"x \\\"y\\\"\"", "ENV K V W", "CMD [\"x\"]");
        ImageConfig split = new CommitSpec(ID, REF, Optional.empty(), Optional.empty(),
                spec("LABEL a=1 b=\"x \\\"y\\\"\"").onePairPerChange()).applyTo(BASE);
        assertThat(split.labels()).containsEntry("a", "1").containsEntry("b", "x \"y\"");
    }
}
