import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs one JUnit method ({@code class#method}) on the JUnit Platform; scripts/fuzz.sh starts it with
 * JAZZER_FUZZ=1, which makes a {@code @FuzzTest} fuzz instead of replaying its inputs. Exit 0 when the
 * test ran and passed, 1 otherwise (a finding, or nothing ran).
 */
public final class FuzzLauncher {

    private FuzzLauncher() {
    }

    public static void main(String[] args) throws ClassNotFoundException {
        if (args.length != 1 || !args[0].contains("#")) {
            System.err.println("usage: FuzzLauncher <fully.qualified.Class#method>");
            System.exit(2);
        }
        String className = args[0].substring(0, args[0].indexOf('#'));
        String methodName = args[0].substring(args[0].indexOf('#') + 1);
        Class<?> testClass = Class.forName(className);
        Method method = Arrays.stream(testClass.getDeclaredMethods())
                .filter(m -> m.getName().equals(methodName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no method " + methodName + " in " + className));
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(testClass, method))
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        PrintWriter err = new PrintWriter(System.err, true);
        summary.printFailuresTo(err, 25);
        err.printf("fuzz-launcher: %s tests=%d succeeded=%d failed=%d%n", args[0], summary.getTestsFoundCount(),
                summary.getTestsSucceededCount(), summary.getTotalFailureCount());
        System.exit(summary.getTotalFailureCount() == 0 && summary.getTestsSucceededCount() > 0 ? 0 : 1);
    }
}
