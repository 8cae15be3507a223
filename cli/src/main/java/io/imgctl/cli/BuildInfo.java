package io.imgctl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code imgctl --version} prints: the version and git commit the build recorded in
 * {@code io/imgctl/cli/build-info.properties} (scripts/build-info.sh), {@code unknown} for what it did
 * not record, and the Java runtime.
 */
record BuildInfo(String version, String commit) {

    static final String RESOURCE = "build-info.properties";
    static final String UNKNOWN = "unknown";

    static BuildInfo current() {
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return new BuildInfo(UNKNOWN, UNKNOWN);
            }
            Properties p = new Properties();
            p.load(in);
            return of(p);
        } catch (IOException e) {
            throw new UncheckedIOException("Tried to read " + RESOURCE + " but failed because " + e.getMessage(), e);
        }
    }

    static BuildInfo of(Properties p) {
        return new BuildInfo(value(p, "version"), value(p, "commit"));
    }

    private static String value(Properties p, String key) {
        String v = p.getProperty(key, "").trim();
        return v.isEmpty() || v.startsWith("${") ? UNKNOWN : v;
    }

    /** The lines of {@code --version}. */
    String[] lines() {
        return new String[] {
            "imgctl " + version + ", commit " + commit,
            "Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + "), "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        };
    }

    /** picocli's hook for {@code --version}. */
    static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return current().lines();
        }
    }
}
