package io.imgctl.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretScanTest {

    private static final String SECRET = "imgctl-secret";

    @Test
    void findsThePasswordInsideAnyBase64FormOfALongerText() {
        String registryAuth = "{\"username\":\"imgctl\",\"password\":\"" + SECRET + "\",\"serveraddress\":\"localhost:5001\"}";
        for (String hidden : new String[] {
            Base64.getEncoder().encodeToString(("imgctl:" + SECRET).getBytes(StandardCharsets.UTF_8)),
            Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8)),
            Base64.getUrlEncoder().encodeToString(registryAuth.getBytes(StandardCharsets.UTF_8)),
            Base64.getEncoder().withoutPadding().encodeToString(("x" + registryAuth).getBytes(StandardCharsets.UTF_8)),
            Base64.getEncoder().encodeToString(("xy" + registryAuth).getBytes(StandardCharsets.UTF_8)).substring(1)}) {
            String text = "podman: POST /v1.41/images/push -> 200\nX-Registry-Auth: " + hidden + "\n\tat io.imgctl.Something";

            assertThat(SecretScan.decodedTokensContaining(text, SECRET)).as(hidden).isNotEmpty();
        }
    }

    @Test
    void ordinaryOutputHasNone() {
        String text = "Error: Tried to push localhost:5001/imgctl-cred-1/app:1 on docker at unix:///var/run/docker.sock"
                + " but the registry answered: unauthorized: authentication required\n"
                + "1: digest: sha256:" + "ab".repeat(32) + " size: 527\nDeleted: sha256:" + "0f".repeat(32);

        assertThat(SecretScan.decodedTokensContaining(text, SECRET)).isEmpty();
    }
}
