package io.imgctl.cli;

import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.image.InvalidReferenceException;
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

    /** Parses what the user typed; a failure names the text as typed, not as normalised. */
    static ImageReference parseReference(String text) {
        try {
            return ImageReference.parse(text);
        } catch (InvalidReferenceException e) {
            throw new InvalidReferenceException(text, e.getMessage());
        }
    }
}
