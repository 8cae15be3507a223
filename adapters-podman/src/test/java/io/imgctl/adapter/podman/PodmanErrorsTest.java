package io.imgctl.adapter.podman;

import static org.assertj.core.api.Assertions.assertThat;

import io.imgctl.application.port.out.ConflictException;
import io.imgctl.application.port.out.EngineException;
import io.imgctl.application.port.out.EngineFailureException;
import io.imgctl.application.port.out.NotFoundException;
import org.junit.jupiter.api.Test;

/** Error answers recorded from Podman 4.3.1. */
class PodmanErrorsTest {

    private static EngineException map(int status, String body) {
        return PodmanErrors.fromResponse("do it", status, body, LibpodMappingTest.MAPPER);
    }

    @Test
    void missingThingsAreNotFound() {
        assertThat(map(404, "{\"cause\":\"image not known\",\"message\":\"failed to find image x:1: x:1: image not known\","
                + "\"response\":404}"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("Tried to do it on podman but failed because failed to find image x:1: x:1: image not known");
        // libpod container create from a missing image answers 500
        assertThat(map(500, "{\"cause\":\"image not known\",\"message\":\"localhost/none:1: image not known\",\"response\":500}"))
                .isInstanceOf(NotFoundException.class);
        // untag of a tag the image does not have
        assertThat(map(500, "{\"cause\":\"tag not known\",\"message\":\"localhost/x:2: tag not known\",\"response\":500}"))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void inUseAndImproperStateAreConflicts() {
        assertThat(map(409, "{\"cause\":\"image is in use by a container\",\"message\":\"image used by ca52: image is in use "
                + "by a container: consider listing external containers and force-removing image\",\"response\":409}"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("image used by ca52");
        assertThat(map(500, "{\"cause\":\"container state improper\",\"message\":\"cannot remove container c as it is "
                + "running - running or paused containers cannot be removed without force: container state improper\","
                + "\"response\":500}"))
                .isInstanceOf(ConflictException.class);
        assertThat(map(500, "{\"cause\":\"unable to delete image \\\"e512\\\" by ID with more than one tag ([a b]): please "
                + "force removal\",\"message\":\"unable to delete image by ID with more than one tag: please force removal\","
                + "\"response\":500}"))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void anythingElseIsAFailureWithTheStatus() {
        assertThat(map(500, "{\"cause\":\"boom\",\"message\":\"something\\nbroke\",\"response\":500}"))
                .isInstanceOf(EngineFailureException.class)
                .hasMessage("Tried to do it on podman but failed because something; broke (HTTP 500)");
        assertThat(map(502, "Bad Gateway")).isInstanceOf(EngineFailureException.class).hasMessageContaining("Bad Gateway");
        assertThat(map(500, "")).hasMessageContaining("HTTP 500");
    }
}
