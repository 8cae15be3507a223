package io.imgctl.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;

/** A subcommand: reaches the session (streams, options, use cases) through the root command. */
abstract class Subcommand implements Callable<Integer> {

    @ParentCommand
    ImgctlCommand root;

    Session session() {
        return root.session;
    }

    PrintStream out() {
        return root.session.out;
    }

    PrintStream err() {
        return root.session.err;
    }

    <T> T use(Class<T> port) {
        return root.session.use(port);
    }
}
