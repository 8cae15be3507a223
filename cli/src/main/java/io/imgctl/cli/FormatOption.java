package io.imgctl.cli;

import picocli.CommandLine.Option;

/** {@code --format table|json}: the command line's, else the config file's {@code "format"}, else table. */
final class FormatOption {

    @Option(names = "--format", paramLabel = "table|json",
            description = "Output format (default: table, or \"format\" in the config file).")
    Format given;

    Format resolve(Session session) {
        return given != null ? given : session.defaultFormat();
    }

    boolean json(Session session) {
        return resolve(session) == Format.JSON;
    }
}
