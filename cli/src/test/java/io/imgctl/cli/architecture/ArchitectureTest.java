package io.imgctl.cli.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The architecture, as rules named in sentences, checked against every production class of every
 * module (test classes are left out, so the deliberately bad fixture of {@link RulesCanFailTest}
 * is not seen here). ArchUnit's default stands: a rule that matches no classes fails.
 */
@AnalyzeClasses(packages = "io.imgctl", importOptions = ImportOption.DoNotIncludeTests.class)
public class ArchitectureTest {

    @ArchTest
    public static final ArchRule the_domain_depends_only_on_itself_and_the_JDK =
            classes().that().resideInAPackage("io.imgctl.domain..")
                    .should().onlyDependOnClassesThat().resideInAnyPackage("io.imgctl.domain..", "java..")
                    .as("the domain depends only on itself and the JDK");

    @ArchTest
    public static final ArchRule the_application_depends_only_on_the_domain_and_the_JDK =
            classes().that().resideInAPackage("io.imgctl.application..")
                    .should().onlyDependOnClassesThat()
                    .resideInAnyPackage("io.imgctl.application..", "io.imgctl.domain..", "java..")
                    .as("the application depends only on itself, the domain and the JDK");

    // One slice per adapter (fake, docker, podman). Until the docker and podman adapters have classes
    // this checks the fake adapter alone; it fails (no classes) if no adapter has any class at all.
    @ArchTest
    public static final ArchRule adapters_never_see_each_other =
            slices().matching("io.imgctl.adapter.(*)..")
                    .should().notDependOnEachOther()
                    .as("adapters never see each other");

    @ArchTest
    public static final ArchRule docker_java_is_used_only_in_the_docker_adapter =
            noClasses().that().resideOutsideOfPackage("io.imgctl.adapter.docker..")
                    .should().dependOnClassesThat().resideInAPackage("com.github.dockerjava..")
                    .as("docker-java is used only in the docker adapter");

    @ArchTest
    public static final ArchRule okhttp_is_used_only_in_the_podman_adapter =
            noClasses().that().resideOutsideOfPackage("io.imgctl.adapter.podman..")
                    .should().dependOnClassesThat().resideInAPackage("okhttp3..")
                    .as("okhttp is used only in the podman adapter");

    @ArchTest
    public static final ArchRule picocli_is_used_only_in_the_cli =
            noClasses().that().resideOutsideOfPackage("io.imgctl.cli..")
                    .should().dependOnClassesThat().resideInAPackage("picocli..")
                    .as("picocli is used only in the cli");

    @ArchTest
    public static final ArchRule guice_is_used_only_in_the_cli_and_in_modules =
            noClasses().that().resideOutsideOfPackage("io.imgctl.cli..")
                    .and().haveNameNotMatching(".*Module(\\$.*)?")
                    .should().dependOnClassesThat()
                    .resideInAnyPackage("com.google.inject..", "jakarta.inject..", "javax.inject..")
                    .as("Guice is used only in the cli and in classes named *Module");

    @ArchTest
    public static final ArchRule packages_are_free_of_cycles =
            slices().matching("io.imgctl.(**)")
                    .should().beFreeOfCycles()
                    .as("packages are free of cycles");

    @ArchTest
    public static final ArchRule nothing_outside_the_cli_writes_to_System_out =
            noClasses().that().resideOutsideOfPackage("io.imgctl.cli..")
                    .should().accessField(System.class, "out")
                    .as("nothing outside the cli writes to System.out");
}
