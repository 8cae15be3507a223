package io.imgctl.cli;

import com.google.inject.ConfigurationException;
import com.google.inject.CreationException;
import com.google.inject.ProvisionException;
import com.google.inject.spi.Message;
import io.imgctl.application.port.in.InvalidInputException;
import io.imgctl.application.port.out.EngineUnavailableException;
import io.imgctl.application.port.out.InvalidEngineSettingException;
import io.imgctl.cli.config.ConfigException;
import io.imgctl.domain.image.InvalidReferenceException;
import picocli.CommandLine;

/**
 * The one mapping from failures to exit codes (SPEC 4.8) and to the one line users see.
 * Removal commands return {@code RemovalReport.exitCode()} themselves (0, 1 or 4).
 */
final class ExitCodes {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int UNAVAILABLE = 3;
    static final int PARTIAL = 4;

    private ExitCodes() {
    }

    /**
     * 2 for bad usage or input (an invalid reference, an unusable filter, a picocli parse error, an
     * endpoint or timeout setting imgctl cannot use, a bad config file), 3 when the engine cannot be
     * reached, and 1 for everything else: no such image or container,
     * a conflict, a registry or engine failure, and any unexpected error.
     */
    static int of(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof InvalidReferenceException || t instanceof InvalidInputException
                || t instanceof InvalidEngineSettingException || t instanceof CommandLine.ParameterException
                || t instanceof ConfigException) {
            return USAGE;
        }
        if (t instanceof EngineUnavailableException) {
            return UNAVAILABLE;
        }
        return FAILED;
    }

    /** The one line after {@code Error: }. */
    static String message(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof InvalidReferenceException bad) {
            return "\"" + bad.input() + "\" is not a valid image reference: " + bad.getMessage();
        }
        if (t instanceof io.imgctl.application.port.out.EngineException || t instanceof InvalidInputException
                || t instanceof CommandLine.ParameterException || t instanceof ConfigException) {
            return firstLine(t.getMessage());
        }
        String what = t.getMessage() == null ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + firstLine(t.getMessage());
        return "imgctl failed unexpectedly: " + what + " (run with --verbose for details)";
    }

    /** Looks through Guice's wrappers (an engine provider that throws) to the failure that matters. */
    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; depth < 10; depth++) {
            Throwable inner = null;
            if (t instanceof ProvisionException p) {
                inner = firstCause(p.getErrorMessages());
            } else if (t instanceof ConfigurationException c) {
                inner = firstCause(c.getErrorMessages());
            } else if (t instanceof CreationException c) {
                inner = firstCause(c.getErrorMessages());
            }
            if (inner == null) {
                return t;
            }
            t = inner;
        }
        return t;
    }

    private static Throwable firstCause(java.util.Collection<Message> messages) {
        for (Message m : messages) {
            if (m.getCause() != null) {
                return m.getCause();
            }
        }
        return null;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
