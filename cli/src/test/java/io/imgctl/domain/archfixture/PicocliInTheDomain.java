package io.imgctl.domain.archfixture;

import com.google.inject.Inject;
import picocli.CommandLine;

/**
 * A deliberately bad class for {@code RulesCanFailTest}: it sits in a domain package, yet uses
 * picocli and Guice and prints to System.out. It lives only in the cli module's test sources.
 */
public class PicocliInTheDomain {

    @Inject
    public PicocliInTheDomain() {
    }

    public int run(String... args) {
        System.out.println("never in the domain");
        return new CommandLine(this).execute(args);
    }
}
