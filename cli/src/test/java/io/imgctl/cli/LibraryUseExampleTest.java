package io.imgctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's library example (section "Library use"), taken from the README itself, compiled
 * against the application and adapter jars and run: the use cases work without the CLI.
 */
class LibraryUseExampleTest {

    private static final String START = "<!-- library-example:start";
    private static final String END = "<!-- library-example:end -->";

    @TempDir
    Path dir;

    @Test
    void the_readme_example_compiles_and_lists_the_image_it_pulled() throws Exception {
        String source = example(Files.readString(VersionTest.REPO.resolve("README.md")));
        assertThat(source).contains("public class ListImages").doesNotContain("io.imgctl.cli");
        Path file = Files.writeString(Files.createDirectories(dir.resolve("src")).resolve("ListImages.java"), source);
        Path classes = Files.createDirectories(dir.resolve("classes"));

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean compiled = javac.getTask(diagnostics, null, null,
                List.of("-classpath", classPath(), "-d", classes.toString(), "-Xlint:all", "-Werror"), null,
                javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(file)).call();
        assertThat(compiled).as(diagnostics.toString()).isTrue();

        String printed = runMain(classes, dir.resolve("state.json").toString());

        assertThat(printed.lines().toList()).containsExactly("cd678b0e3ab9 alpine:3.13 5613949 bytes");
        assertThat(dir.resolve("state.json")).as("the engine's state went where the example said").exists();
    }

    /** The java block between the markers. */
    static String example(String readme) {
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertThat(start).as("README has the library example markers").isNotNegative();
        assertThat(end).isGreaterThan(start);
        String block = readme.substring(start, end);
        int code = block.indexOf("```java\n");
        int close = block.lastIndexOf("```");
        assertThat(code).isNotNegative();
        return block.substring(code + "```java\n".length(), close);
    }

    /** The test class path, where surefire keeps it (its own java.class.path may be a manifest-only jar). */
    private static String classPath() {
        return Objects.requireNonNullElse(System.getProperty("surefire.test.class.path"),
                System.getProperty("java.class.path"));
    }

    private static String runMain(Path classes, String... args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                LibraryUseExampleTest.class.getClassLoader())) {
            Method main = loader.loadClass("ListImages").getMethod("main", String[].class);
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) args);
        } catch (IOException e) {
            throw new AssertionError(e);
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
