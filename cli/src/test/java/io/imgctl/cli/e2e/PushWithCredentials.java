package io.imgctl.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code push} and {@code pull} with the password-protected registry on {@code 127.0.0.1:5001} (user
 * {@code imgctl}, password {@code imgctl-secret}), credentials from a temporary
 * {@code $DOCKER_CONFIG/config.json} and {@code $REGISTRY_AUTH_FILE}: the right password pushes and pulls,
 * a wrong one gives exit 1 and one line, and neither password appears in any byte printed, in the clear or
 * in any base64 form (the {@code auth} of {@code user:password}, the engines' {@code X-Registry-Auth}),
 * {@code --verbose} traces and stack traces included: besides imgctl's own streams, everything written to
 * the JVM's {@code System.out} and {@code System.err} while a command runs is captured and searched.
 */
abstract class PushWithCredentials {

    static final String REGISTRY = "localhost:5001";
    static final String USER = "imgctl";
    static final String PASSWORD = "imgctl-secret";
    static final String WRONG = "not-the-" + PASSWORD + "-at-all";
    private static final Pattern PUSHED = Pattern.compile("1: digest: (sha256:[0-9a-f]{64}) size: \\d+");

    @TempDir
    Path dir;

    final String runId = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    final String repository = "imgctl-cred-" + runId + "/app";
    final String ref = REGISTRY + "/" + repository + ":1";
    private String pushedDigest;

    abstract String engine();

    private Imgctl imgctl(String password, String... args) throws IOException {
        Path config = dir.resolve(password.equals(PASSWORD) ? "right" : "wrong");
        Files.createDirectories(config);
        String auth = Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        Path file = config.resolve("config.json");
        Files.writeString(file, "{\"auths\": {\"" + REGISTRY + "\": {\"auth\": \"" + auth + "\"}}}");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DOCKER_CONFIG", config.toString());
        env.put("REGISTRY_AUTH_FILE", file.toString());
        List<String> line = new ArrayList<>(List.of("--engine", engine()));
        line.addAll(List.of(args));
        return Imgctl.runCapturingEverything(env, line);
    }

    private static void assertNoSecret(Imgctl run) {
        for (String password : List.of(PASSWORD, WRONG)) {
            String auth = Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
            assertThat(run.out() + run.err()).as("no credentials in the output of %s", run.args())
                    .doesNotContain(password).doesNotContain(auth);
            assertThat(SecretScan.decodedTokensContaining(run.out() + run.err(), password))
                    .as("no base64 form of the password in the output of %s", run.args()).isEmpty();
        }
    }

    private void requireRegistry() throws IOException {
        Optional<String> why = Optional.empty();
        Imgctl probe = imgctl(PASSWORD, "images", "-q");
        if (probe.exitCode() == 3) {
            why = Optional.of("imgctl cannot reach " + engine() + ": " + probe.err().strip());
        } else {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:5001/v2/").toURL().openConnection();
                c.setConnectTimeout(2000);
                c.setReadTimeout(2000);
                c.getResponseCode();
                c.disconnect();
            } catch (IOException e) {
                why = Optional.of("no registry answers on 127.0.0.1:5001 (" + e.getMessage() + ")");
            }
        }
        if (why.isPresent()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true and " + why.get() + ". Start the engines with: bash scripts/engines.sh up");
            }
            Assumptions.abort("Skipped: " + why.get());
        }
    }

    @Test
    void the_right_password_pushes_a_wrong_one_fails_in_one_line_and_no_secret_is_ever_printed() throws IOException {
        requireRegistry();
        assertThat(imgctl(PASSWORD, "pull", "-q", "localhost:5000/imgctl/base:1").exitCode()).isZero();
        assertThat(imgctl(PASSWORD, "tag", "localhost:5000/imgctl/base:1", ref).exitCode()).isZero();

        for (String[] options : List.of(new String[] {}, new String[] {"--verbose"})) {
            List<String> args = new ArrayList<>(List.of(options));
            args.addAll(List.of("push", ref));
            Imgctl wrong = imgctl(WRONG, args.toArray(String[]::new));
            assertThat(wrong.exitCode()).as("%s", wrong).isEqualTo(1);
            assertThat(wrong.out()).as("%s", wrong).isEmpty();
            if (options.length == 0) {
                assertThat(wrong.errLines().stream().filter(l -> l.startsWith("Error")).toList()).as("%s", wrong)
                        .singleElement().asString().contains(REGISTRY);
                assertThat(wrong.errLines().get(wrong.errLines().size() - 1)).startsWith("Error");
            }
            assertNoSecret(wrong);

            Imgctl right = imgctl(PASSWORD, args.toArray(String[]::new));
            assertThat(right.exitCode()).as("%s", right).isZero();
            Matcher pushed = PUSHED.matcher(right.lastOutLine());
            assertThat(pushed.matches()).as("%s", right).isTrue();
            pushedDigest = pushed.group(1);
            assertNoSecret(right);
            if (options.length > 0) {
                assertThat(right.err()).as("the --verbose engine trace was captured: %s", right).contains(engine() + ": ");
            }
        }
    }

    @Test
    void a_wrong_password_fails_a_pull_in_one_line_and_no_secret_is_ever_printed() throws IOException {
        requireRegistry();
        assertThat(imgctl(PASSWORD, "pull", "-q", "localhost:5000/imgctl/base:1").exitCode()).isZero();
        assertThat(imgctl(PASSWORD, "tag", "localhost:5000/imgctl/base:1", ref).exitCode()).isZero();
        Imgctl pushed = imgctl(PASSWORD, "push", ref);
        assertThat(pushed.exitCode()).as("%s", pushed).isZero();
        Matcher digest = PUSHED.matcher(pushed.lastOutLine());
        assertThat(digest.matches()).as("%s", pushed).isTrue();
        pushedDigest = digest.group(1);
        assertThat(imgctl(PASSWORD, "rmi", ref).exitCode()).isZero();

        for (String[] options : List.of(new String[] {}, new String[] {"--verbose"})) {
            List<String> args = new ArrayList<>(List.of(options));
            args.addAll(List.of("pull", ref));
            Imgctl wrong = imgctl(WRONG, args.toArray(String[]::new));
            assertThat(wrong.exitCode()).as("%s", wrong).isEqualTo(1);
            assertThat(wrong.out()).as("%s", wrong).isEmpty();
            if (options.length == 0) {
                assertThat(wrong.errLines()).as("%s", wrong).filteredOn(l -> l.startsWith("Error")).singleElement()
                        .asString().contains(REGISTRY);
                assertThat(wrong.err()).as("no stack trace without --verbose").doesNotContain("\tat ");
            } else {
                assertThat(wrong.err()).as("--verbose shows the trace and the engine calls: %s", wrong)
                        .contains("\tat ").contains(engine() + ": ");
            }
            assertNoSecret(wrong);

            List<String> missing = new ArrayList<>(List.of(options));
            missing.addAll(List.of("pull", REGISTRY + "/" + repository + ":no-such-tag"));
            Imgctl notThere = imgctl(PASSWORD, missing.toArray(String[]::new));
            assertThat(notThere.exitCode()).as("%s", notThere).isEqualTo(1);
            assertNoSecret(notThere);

            Imgctl right = imgctl(PASSWORD, args.toArray(String[]::new));
            assertThat(right.exitCode()).as("%s", right).isZero();
            assertNoSecret(right);
            assertThat(imgctl(PASSWORD, "rmi", ref).exitCode()).isZero();
        }
    }

    @AfterEach
    void cleanUp() throws IOException {
        imgctl(PASSWORD, "rmi", ref);
        if (pushedDigest == null) {
            return;
        }
        String auth = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        try {
            HttpRequest delete = HttpRequest.newBuilder(URI.create("http://127.0.0.1:5001/v2/" + repository
                    + "/manifests/" + pushedDigest)).header("Authorization", "Basic " + auth)
                    .DELETE().timeout(Duration.ofSeconds(10)).build();
            HttpClient.newHttpClient().send(delete, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            System.err.println("note: could not delete " + ref + " from the registry: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
