package io.imgctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Provides;
import com.google.inject.ProvisionException;
import io.imgctl.application.port.in.InvalidInputException;
import io.imgctl.application.port.out.ConflictException;
import io.imgctl.application.port.out.EngineFailureException;
import io.imgctl.application.port.out.EngineUnavailableException;
import io.imgctl.application.port.out.NotFoundException;
import io.imgctl.application.port.out.RegistryException;
import io.imgctl.domain.image.InvalidReferenceException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExitCodesTest {

    private final PortsDouble ports = new PortsDouble();

    private CliRun failingWith(RuntimeException failure, String... extra) {
        ports.failure = failure;
        String[] args = new String[extra.length + 3];
        args[0] = "--engine";
        args[1] = "fake";
        System.arraycopy(extra, 0, args, 2, extra.length);
        args[args.length - 1] = "images";
        return CliRun.withDouble(ports, args);
    }

    @Test
    void maps_each_failure_to_its_exit_code() {
        assertThat(ExitCodes.of(new InvalidReferenceException("Foo", "repository name must be lowercase"))).isEqualTo(2);
        assertThat(ExitCodes.of(new InvalidInputException("color=red", "unknown filter key: color"))).isEqualTo(2);
        assertThat(ExitCodes.of(new EngineUnavailableException("down"))).isEqualTo(3);
        assertThat(ExitCodes.of(new io.imgctl.application.port.out.InvalidEngineSettingException("ftp://x"))).isEqualTo(2);
        assertThat(ExitCodes.of(new NotFoundException("No such image: foo:latest"))).isEqualTo(1);
        assertThat(ExitCodes.of(new ConflictException("in use"))).isEqualTo(1);
        assertThat(ExitCodes.of(new RegistryException("unauthorized"))).isEqualTo(1);
        assertThat(ExitCodes.of(new EngineFailureException("boom"))).isEqualTo(1);
    }

    @Test
    void looks_through_guice_provision_errors_to_the_engine_failure() {
        ProvisionException wrapped = null;
        try {
            Guice.createInjector(new AbstractModule() {
                @Provides
                String engine() {
                    throw new EngineUnavailableException("Tried to reach docker at unix:///nowhere but failed");
                }
            }).getInstance(String.class);
        } catch (ProvisionException e) {
            wrapped = e;
        }
        assertThat(wrapped).isNotNull();
        assertThat(ExitCodes.of(wrapped)).isEqualTo(3);
        assertThat(ExitCodes.message(wrapped)).isEqualTo("Tried to reach docker at unix:///nowhere but failed");
    }

    @Test
    void an_unreachable_engine_exits_three_with_one_line() {
        CliRun run = failingWith(new EngineUnavailableException(
                "Tried to list images on docker at unix:///var/run/docker.sock but it did not answer"));

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.errLines()).containsExactly(
                "Error: Tried to list images on docker at unix:///var/run/docker.sock but it did not answer");
    }

    @Test
    void stack_traces_appear_only_with_verbose() {
        CliRun quiet = failingWith(new NotFoundException("No such image: foo:latest"));
        CliRun verbose = failingWith(new NotFoundException("No such image: foo:latest"), "--verbose");

        assertThat(quiet.exitCode()).isEqualTo(1);
        assertThat(quiet.errLines()).containsExactly("Error: No such image: foo:latest");
        assertThat(verbose.exitCode()).isEqualTo(1);
        assertThat(verbose.errLines()).contains("imgctl: using the fake engine (--engine fake)",
                "Error: No such image: foo:latest");
        assertThat(verbose.err()).contains("NotFoundException: No such image: foo:latest", "\tat ");
        assertThat(quiet.err()).doesNotContain("\tat ");
    }

    @Test
    void bad_input_from_a_use_case_exits_two_with_its_message() {
        CliRun run = failingWith(new InvalidInputException("color=red", "invalid filter 'color'"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("Error: invalid filter 'color'");
    }

    @Test
    void an_unexpected_failure_is_one_line_that_points_at_verbose() {
        CliRun run = failingWith(new IllegalStateException("bug"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly(
                "Error: imgctl failed unexpectedly: IllegalStateException: bug (run with --verbose for details)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--bogus", "--format=yaml"})
    void bad_usage_exits_two_with_one_line(String option) {
        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "images", option);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.err()).startsWith("Error: ").contains("imgctl images --help");
    }

    @Test
    void an_unknown_engine_or_command_is_bad_usage() {
        assertThat(CliRun.withDouble(ports, "--engine", "lxc", "images").exitCode()).isEqualTo(2);
        assertThat(CliRun.withDouble(ports, "--engine", "fake", "frobnicate").exitCode()).isEqualTo(2);
        assertThat(CliRun.withDouble(ports, "images", "--engine", "fake").exitCode())
                .as("global options go before the command").isEqualTo(2);
    }

    @Test
    void no_command_prints_usage() {
        CliRun run = CliRun.withDouble(ports);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: imgctl").contains("images", "rmi", "demo");
    }

    @Test
    void main_run_returns_the_code_instead_of_exiting() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = ServedRuns.main(new java.io.PrintStream(out), new java.io.PrintStream(err), Map.of(), "ref", "UPPER");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("Error: ");
    }
}
