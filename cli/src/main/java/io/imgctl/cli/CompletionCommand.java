package io.imgctl.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Prints a completion script made by picocli's generator from the commands themselves, so it always
 * knows every command, option and fixed value. zsh runs the same script through {@code bashcompinit}
 * (the script turns it on when it runs in zsh).
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a shell completion script for bash or zsh.",
            "bash: save it where bash-completion finds it, or source it from ~/.bashrc. zsh: source it from ~/.zshrc"
                + " (it enables bashcompinit)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  imgctl completion bash > ~/.local/share/bash-completion/completions/imgctl",
            "  echo 'source <(imgctl completion bash)' >> ~/.bashrc",
            "  echo 'source <(imgctl completion zsh)' >> ~/.zshrc"})
final class CompletionCommand extends Subcommand {

    enum Shell {
        BASH, ZSH;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Parameters(index = "0", paramLabel = "bash|zsh", description = "The shell.")
    Shell shell;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String script = AutoComplete.bash("imgctl", spec.root().commandLine());
        if (shell == Shell.ZSH) {
            out().println("# imgctl completion for zsh: bash completion through bashcompinit, which the script enables.");
            out().println("# Use: source <(imgctl completion zsh)   (e.g. in ~/.zshrc)");
        }
        out().print(script);
        return ExitCodes.OK;
    }
}
