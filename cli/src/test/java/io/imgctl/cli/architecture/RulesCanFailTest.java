package io.imgctl.cli.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * The rules are only worth something if they can fail: each is evaluated here against a deliberately
 * bad class in the test sources ({@code io.imgctl.domain.archfixture.PicocliInTheDomain}), and must
 * report it.
 */
class RulesCanFailTest {

    private static final JavaClasses FIXTURE = new ClassFileImporter()
            .importPackages("io.imgctl.domain.archfixture");

    private static EvaluationResult evaluate(ArchRule rule) {
        return rule.evaluate(FIXTURE);
    }

    @Test
    void the_fixture_is_imported() {
        assertThat(FIXTURE.contain("io.imgctl.domain.archfixture.PicocliInTheDomain")).isTrue();
    }

    @Test
    void the_domain_rule_reports_a_domain_class_that_uses_picocli() {
        EvaluationResult result = evaluate(ArchitectureTest.the_domain_depends_only_on_itself_and_the_JDK);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anyMatch(line -> line.contains("PicocliInTheDomain") && line.contains("picocli.CommandLine"));
    }

    @Test
    void the_picocli_rule_reports_picocli_outside_the_cli() {
        EvaluationResult result = evaluate(ArchitectureTest.picocli_is_used_only_in_the_cli);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("picocli is used only in the cli");
    }

    @Test
    void the_guice_rule_reports_guice_outside_modules() {
        assertThat(evaluate(ArchitectureTest.guice_is_used_only_in_the_cli_and_in_modules).hasViolation()).isTrue();
    }

    @Test
    void the_system_out_rule_reports_printing_outside_the_cli() {
        assertThat(evaluate(ArchitectureTest.nothing_outside_the_cli_writes_to_System_out).hasViolation()).isTrue();
    }
}
