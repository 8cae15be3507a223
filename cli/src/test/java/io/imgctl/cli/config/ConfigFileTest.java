package io.imgctl.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imgctl.cli.engine.EngineChoice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The config file: where it is, what it holds, and one line naming the file and the key for every problem. */
class ConfigFileTest {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("imgctl").resolve("config.json");
    }

    private Config load(String json) throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), json);
        return ConfigFile.load(file());
    }

    @Test
    void xdg_config_home_wins_then_home() {
        assertThat(ConfigFile.locate(Map.of("XDG_CONFIG_HOME", "/x/cfg", "HOME", "/home/u")))
                .isEqualTo(Path.of("/x/cfg/imgctl/config.json"));
        assertThat(ConfigFile.locate(Map.of("HOME", "/home/u"))).isEqualTo(Path.of("/home/u/.config/imgctl/config.json"));
        assertThat(ConfigFile.locate(Map.of("XDG_CONFIG_HOME", "relative/dir", "HOME", "/home/u")))
                .as("the XDG spec ignores a relative XDG_CONFIG_HOME")
                .isEqualTo(Path.of("/home/u/.config/imgctl/config.json"));
        assertThat(ConfigFile.locate(Map.of()))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".config", "imgctl", "config.json"));
    }

    @Test
    void no_file_means_no_settings() {
        Config config = ConfigFile.load(file());

        assertThat(config.found()).isFalse();
        assertThat(config.engine()).isEmpty();
        assertThat(config.policies()).isEmpty();
        assertThat(config.location()).isEqualTo(file());
    }

    @Test
    void reads_every_setting() throws IOException {
        Config config = load("""
                {
                  "engine": "Docker",
                  "host": "unix:///run/user/1000/docker.sock",
                  "format": "JSON",
                  "policies": {
                    "nightly": {"unused": true, "older-than": "7d", "keep": ["nginx:*", "redis:7"], "min-age": "1h",
                                "age-basis": "last-used", "keep-last": 2, "until-size": "80%",
                                "containers-exited-for": "24h", "filter": "reference=localhost:5000/*"},
                    "empty": {}
                  }
                }
                """);

        assertThat(config.found()).isTrue();
        assertThat(config.engine()).contains(EngineChoice.DOCKER);
        assertThat(config.host()).contains("unix:///run/user/1000/docker.sock");
        assertThat(config.format()).contains("json");
        assertThat(config.policy("nightly")).isEqualTo(new PolicyOptions(false, true, Optional.of("7d"),
                Optional.of("last-used"), OptionalInt.of(2), List.of("nginx:*", "redis:7"), Optional.of("80%"),
                Optional.of("24h"), Optional.of("1h"), List.of("reference=localhost:5000/*")));
        assertThat(config.policy("empty")).isEqualTo(new PolicyOptions(false, false, Optional.empty(), Optional.empty(),
                OptionalInt.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), List.of()));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"engine\": \"dockr\"}                                  | \"engine\" is \"dockr\": expected auto, docker, podman or fake",
        "{\"engine\": 3}                                          | \"engine\" must be a string, not a number",
        "{\"host\": \"/var/run/docker.sock\"}                     | \"host\" is \"/var/run/docker.sock\": expected unix:///path/to/socket or tcp://host:port",
        "{\"format\": \"yaml\"}                                   | \"format\" is \"yaml\": expected table or json",
        "{\"format\": \"\"}                                       | \"format\" is empty",
        "{\"resident\": \"no\"}                                 | \"resident\" must be true or false, not a string",
        "{\"engines\": \"docker\"}                                | \"engines\" is not a setting imgctl knows (known: engine, format, host, policies, resident)",
        "{\"policies\": []}                                       | \"policies\" must be an object of named policies",
        "{\"policies\": {\"n\": true}}                            | \"policies.n\" must be an object of prune options",
        "{\"policies\": {\"n\": {\"olderThan\": \"7d\"}}}         | \"policies.n.olderThan\" is not a setting imgctl knows (known: age-basis, containers-exited-for, dangling, filter, keep, keep-last, min-age, older-than, until-size, unused)",
        "{\"policies\": {\"n\": {\"older-than\": \"7x\"}}}        | \"policies.n.older-than\": invalid duration \"7x\": use a number and a unit, e.g. 10m, 24h, 7d or 2w",
        "{\"policies\": {\"n\": {\"min-age\": 3600}}}             | \"policies.n.min-age\" must be a string, not a number",
        "{\"policies\": {\"n\": {\"unused\": \"yes\"}}}           | \"policies.n.unused\" must be true or false, not a string",
        "{\"policies\": {\"n\": {\"keep-last\": -1}}}             | \"policies.n.keep-last\" must be a whole number, 0 or more, not -1",
        "{\"policies\": {\"n\": {\"keep-last\": 1.5}}}            | \"policies.n.keep-last\" must be a whole number, 0 or more, not 1.5",
        "{\"policies\": {\"n\": {\"until-size\": \"lots\"}}}      | \"policies.n.until-size\": invalid size \"lots\"",
        "{\"policies\": {\"n\": {\"age-basis\": \"pulled-or-used\"}}} | \"policies.n.age-basis\": invalid age basis \"pulled-or-used\": use created, pulled or last-used",
        "{\"policies\": {\"n\": {\"keep\": [\"nginx:*\", 3]}}}    | \"policies.n.keep\" must be a string or an array of strings, but holds a number",
        "{\"policies\": {\"n\": {\"keep\": [\"[\"]}}}             | \"policies.n.keep\": invalid --keep pattern \"[\"",
        "{\"policies\": {\"n\": {\"filter\": \"dangling=true\"}}} | \"policies.n.filter\": invalid --filter \"dangling=true\": use reference=PATTERN or label=KEY[=VALUE]",
        "{\"engine\": \"docker\"} {}                              | it is not valid JSON: Trailing token",
        "{\"engine\": \"docker\", \"engine\": \"podman\"}         | it is not valid JSON: Duplicate field 'engine' (line 1, column",
        "{\"engine\": \"docker\",}                                | it is not valid JSON: Unexpected character ('}' (code 125)): was expecting double-quote to start field name (line 1, column 21)",
        "[\"docker\"]                                             | it must hold one JSON object",
        "``                                                       | it must hold one JSON object",
    })
    void every_problem_is_one_line_naming_the_file_and_the_key(String json, String problem) {
        assertThatThrownBy(() -> load(json))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Tried to read the config file " + file() + " but failed because " + problem)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void a_toml_file_is_not_ignored_silently() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file().resolveSibling("config.toml"), "engine = \"docker\"\n");

        assertThatThrownBy(() -> ConfigFile.load(file())).isInstanceOf(ConfigException.class)
                .hasMessage("Tried to read the config file " + file().resolveSibling("config.toml")
                        + " but failed because imgctl reads only JSON: write the same settings to " + file());
    }

    @Test
    void an_unreadable_file_is_one_line_naming_it() throws IOException {
        Files.createDirectories(file()); // a directory where the file should be

        assertThatThrownBy(() -> ConfigFile.load(file())).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Tried to read the config file " + file() + " but failed because ");
    }

    @Test
    void an_unknown_policy_names_the_file_and_the_policies_it_has() throws IOException {
        Config config = load("{\"policies\": {\"weekly\": {\"unused\": true}, \"daily\": {}}}");

        assertThatThrownBy(() -> config.policy("nightly")).isInstanceOf(ConfigException.class)
                .hasMessage("Tried to use the prune policy \"nightly\" but failed because " + file()
                        + " has no policy of that name under \"policies\" (it has daily, weekly)");
        assertThatThrownBy(() -> ConfigFile.load(dir.resolve("none.json")).policy("nightly"))
                .hasMessage("Tried to use the prune policy \"nightly\" but failed because there is no config file ("
                        + dir.resolve("none.json") + " does not exist)");
    }
}
