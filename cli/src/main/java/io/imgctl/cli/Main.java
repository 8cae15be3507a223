package io.imgctl.cli;

import java.io.PrintStream;
import java.util.Map;

/** The {@code imgctl} entry point. Only {@link #main} exits the JVM; everything else returns exit codes. */
public final class Main {

    /** The system property that makes {@link #main} run the AppCDS training run. */
    public static final String CDS_TRAINING = "imgctl.cds.training";

    private Main() {
    }

    /**
     * Runs one command line and exits with its code. With the system property {@value #CDS_TRAINING}
     * set to true it runs instead the training run of the AppCDS archive ({@link CdsTraining}),
     * through the same launcher and class path as every later run (the release's {@code install.sh}).
     * With {@value ResidentServer#SOCKET_PROPERTY} set (by {@code imgctl resident start}) it runs the
     * resident server on that socket until it stops.
     */
    public static void main(String[] args) throws Exception {
        if (Boolean.getBoolean(CDS_TRAINING)) {
            CdsTraining.main(args);
            return;
        }
        if (System.getProperty(ResidentServer.SOCKET_PROPERTY) != null) {
            System.exit(ResidentServer.main());
        }
        int code = run(System.out, System.err, System.getenv(), args);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /**
     * Runs one imgctl command line.
     *
     * @param out  where data goes (tables, JSON, IDs)
     * @param err  where progress, notes and errors go
     * @param env  the environment to read ({@code DOCKER_HOST}, {@code NO_COLOR}, {@code IMGCTL_FAKE_STATE}, ...)
     * @return the exit code: 0 done, 1 refused or failed, 2 bad usage or input, 3 engine unreachable, 4 partly done
     */
    public static int run(PrintStream out, PrintStream err, Map<String, String> env, String... args) {
        return Cli.standard().run(out, err, env, args);
    }
}
