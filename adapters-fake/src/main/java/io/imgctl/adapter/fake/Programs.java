package io.imgctl.adapter.fake;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a container's process does in the built-in engine. Nothing runs for real: a start works out
 * at once the output the program writes (each piece with the moment it appears), its exit code, and
 * how long it runs ({@link Run#runsFor()}: empty for a program that never ends by itself, such as a
 * server or {@code sleep infinity}).
 *
 * <p>The programs are the ones the image's file system holds ({@code /bin/sh}, {@code echo},
 * {@code sleep}, ... in alpine, only {@code /hello} in hello-world), found through the image's
 * {@code PATH} like a runtime does. {@code sh -c} scripts understand {@code ;}, {@code &&},
 * {@code ||}, quotes, {@code $VAR}, {@code exit N} and the same programs.
 */
final class Programs {

    static final String HELLO = """

            Hello from Docker!
            This message shows that your installation appears to be working correctly.

            To generate this message, Docker took the following steps:
             1. The Docker client contacted the Docker daemon.
             2. The Docker daemon pulled the "hello-world" image from the Docker Hub.
                (amd64)
             3. The Docker daemon created a new container from that image which runs the
                executable that produces the output you are currently reading.
             4. The Docker daemon streamed that output to the Docker client, which sent it
                to your terminal.

            To try something more ambitious, you can run an Ubuntu container with:
             $ docker run -it ubuntu bash

            Share images, automate workflows, and more with a free Docker ID:
             https://hub.docker.com/

            For more examples and ideas, visit:
             https://docs.docker.com/get-started/

            """;

    private static final String KERNEL = "5.10.0-28-amd64";
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss 'UTC' yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter NGINX_TIME =
            DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** A piece of output and how long after the start it appears. */
    record Chunk(Duration at, String text) {
    }

    /** What starting a container comes to. */
    sealed interface Outcome {
    }

    /** The process ran (or runs): its output, and, once {@code runsFor} has passed, its exit code. */
    record Run(List<Chunk> output, int exitCode, Optional<Duration> runsFor, Map<String, String> files)
            implements Outcome {
        Run {
            output = List.copyOf(output);
            files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
        }

        Run(List<Chunk> output, int exitCode, Optional<Duration> runsFor) {
            this(output, exitCode, runsFor, Map.of());
        }
    }

    /** The runtime could not start the process at all (Docker leaves the container created, exit code 127). */
    record NotStarted(String message, int exitCode) implements Outcome {
    }

    /** Everything a process can see: its image's programs and environment, its host name, the time. */
    record Context(List<String> programs, List<String> env, String workingDir, String user, String hostname,
                   Instant now, Map<String, String> files) {
        Context {
            programs = List.copyOf(programs);
            env = List.copyOf(env);
            files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
        }

        Context(List<String> programs, List<String> env, String workingDir, String user, String hostname,
                Instant now) {
            this(programs, env, workingDir, user, hostname, now, Map.of());
        }
    }

    private final Context context;
    private final Map<String, String> variables = new LinkedHashMap<>();
    /** The files the container's writable layer and image hold, by absolute path; shell redirections write here. */
    private final Map<String, String> files = new LinkedHashMap<>();
    private final List<Chunk> output = new ArrayList<>();
    /** How long the process has run so far; empty once it runs forever. */
    private Optional<Duration> elapsed = Optional.of(Duration.ZERO);

    private Programs(Context context) {
        this.context = context;
        this.files.putAll(context.files());
        for (String entry : context.env()) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                variables.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        variables.putIfAbsent("PATH", Catalogue.PATH.substring("PATH=".length()));
        variables.put("HOSTNAME", context.hostname());
        variables.putIfAbsent("HOME", context.user().isEmpty() || "root".equals(context.user()) ? "/root" : "/");
    }

    /** Starts {@code argv} (entrypoint and command) as a container's process. */
    static Outcome start(List<String> argv, Context context) {
        if (argv.isEmpty()) {
            return new NotStarted("No command specified", 127);
        }
        Programs process = new Programs(context);
        Optional<String> executable = process.lookup(argv.get(0));
        if (executable.isEmpty()) {
            String name = argv.get(0);
            String why = name.contains("/")
                    ? "exec: \"" + name + "\": stat " + name + ": no such file or directory"
                    : "exec: \"" + name + "\": executable file not found in $PATH";
            return new NotStarted("OCI runtime create failed: container_linux.go:380: starting container process"
                    + " caused: " + why + ": unknown", 127);
        }
        int status = process.exec(executable.get(), argv.subList(1, argv.size()));
        return new Run(process.output, status, process.elapsed, process.files);
    }

    /** The path of an executable, found as the runtime (or a shell) finds it. */
    private Optional<String> lookup(String name) {
        if (name.contains("/")) {
            return context.programs().contains(name) ? Optional.of(name) : Optional.empty();
        }
        for (String dir : variables.getOrDefault("PATH", "").split(":")) {
            String candidate = (dir.endsWith("/") ? dir : dir + "/") + name;
            if (context.programs().contains(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private boolean ended() {
        return elapsed.isEmpty();
    }

    private void print(String text) {
        if (!ended() && !text.isEmpty()) {
            output.add(new Chunk(elapsed.get(), text));
        }
    }

    private void runForever() {
        elapsed = Optional.empty();
    }

    /** Runs a found executable; returns its exit status. */
    private int exec(String path, List<String> args) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        switch (name) {
            case "hello":
                print(HELLO);
                return 0;
            case "echo":
                return echo(args);
            case "true":
                return 0;
            case "false":
                return 1;
            case "sleep":
                return sleep(args);
            case "sh", "ash", "dash", "bash":
                return shell(shellName(name), args);
            case "cat":
                return cat(args);
            case "env", "printenv":
                return env(name, args);
            case "hostname":
                print(context.hostname() + "\n");
                return 0;
            case "pwd":
                print((context.workingDir().isEmpty() ? "/" : context.workingDir()) + "\n");
                return 0;
            case "whoami":
                print((context.user().isEmpty() ? "root" : context.user()) + "\n");
                return 0;
            case "uname":
                return uname(args);
            case "date":
                print(DATE.format(context.now().plus(elapsed.orElse(Duration.ZERO))) + "\n");
                return 0;
            case "ls":
                return ls(args);
            case "tail":
                if (args.contains("-f") || args.contains("-F") || args.contains("--follow")) {
                    runForever();
                }
                return 0;
            case "node":
                return node(args);
            case "npm":
                return version(args, "8.1.2", "npm <command>");
            case "yarn":
                return version(args, "1.22.15", "yarn [command] [flags]");
            case "docker-entrypoint.sh":
                return "/docker-entrypoint.sh".equals(path) ? nginxEntrypoint(args) : nodeEntrypoint(args);
            case "nginx":
                return nginx(args);
            default:
                return 0;
        }
    }

    /** Which shell answers to {@code name}: ubuntu's {@code sh} is dash, alpine's is busybox. */
    private String shellName(String name) {
        return "sh".equals(name) && context.programs().contains("/bin/dash") ? "dash" : name;
    }

    private int echo(List<String> args) {
        boolean newline = true;
        List<String> words = args;
        if (!words.isEmpty() && "-n".equals(words.get(0))) {
            newline = false;
            words = words.subList(1, words.size());
        }
        print(String.join(" ", words) + (newline ? "\n" : ""));
        return 0;
    }

    private int sleep(List<String> args) {
        if (args.isEmpty()) {
            print("sleep: missing operand\n");
            return 1;
        }
        Duration total = Duration.ZERO;
        for (String arg : args) {
            Optional<Duration> d = parseSleep(arg);
            if (d == null) {
                print("sleep: invalid number '" + arg + "'\n");
                return 1;
            }
            if (d.isEmpty()) {
                runForever();
                return 0;
            }
            total = total.plus(d.get());
        }
        Duration slept = total;
        elapsed = elapsed.map(e -> e.plus(slept));
        return 0;
    }

    /** A sleep operand: empty for {@code infinity}, null when it is not a number. */
    static Optional<Duration> parseSleep(String arg) {
        if ("infinity".equals(arg) || "inf".equals(arg)) {
            return Optional.empty();
        }
        String number = arg;
        long unitMillis = 1000;
        if (!arg.isEmpty() && "smhd".indexOf(arg.charAt(arg.length() - 1)) >= 0) {
            number = arg.substring(0, arg.length() - 1);
            unitMillis = switch (arg.charAt(arg.length() - 1)) {
                case 'm' -> 60_000L;
                case 'h' -> 3_600_000L;
                case 'd' -> 86_400_000L;
                default -> 1000L;
            };
        }
        if (!number.matches("[0-9]+(\\.[0-9]*)?|\\.[0-9]+")) {
            return null;
        }
        double value = Double.parseDouble(number) * unitMillis;
        if (value > Long.MAX_VALUE / 2) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) value));
    }

    private int cat(List<String> args) {
        int status = 0;
        for (String file : args) {
            if (files.containsKey(absolute(file))) {
                print(files.get(absolute(file)));
            } else if ("/etc/hostname".equals(file)) {
                print(context.hostname() + "\n");
            } else if (!"-".equals(file)) {
                print("cat: can't open '" + file + "': No such file or directory\n");
                status = 1;
            }
        }
        return status;
    }

    /** A path as the process sees it: relative ones are in its working directory. */
    private String absolute(String path) {
        if (path.startsWith("/")) {
            return path;
        }
        String dir = context.workingDir().isEmpty() ? "/" : context.workingDir();
        return (dir.endsWith("/") ? dir : dir + "/") + path;
    }

    private int env(String name, List<String> args) {
        if ("env".equals(name) && !args.isEmpty()) {
            Optional<String> found = lookup(args.get(0));
            if (found.isEmpty()) {
                print("env: can't execute '" + args.get(0) + "': No such file or directory\n");
                return 127;
            }
            return exec(found.get(), args.subList(1, args.size()));
        }
        if ("printenv".equals(name) && !args.isEmpty()) {
            int status = 0;
            for (String variable : args) {
                if (variables.containsKey(variable)) {
                    print(variables.get(variable) + "\n");
                } else {
                    status = 1;
                }
            }
            return status;
        }
        StringBuilder all = new StringBuilder();
        variables.forEach((k, v) -> all.append(k).append('=').append(v).append('\n'));
        print(all.toString());
        return 0;
    }

    private int uname(List<String> args) {
        if (args.contains("-a")) {
            print("Linux " + context.hostname() + " " + KERNEL + " #1 SMP Debian 5.10.209-2 (2024-01-31) x86_64 Linux\n");
        } else if (args.contains("-r")) {
            print(KERNEL + "\n");
        } else if (args.contains("-m")) {
            print("x86_64\n");
        } else {
            print("Linux\n");
        }
        return 0;
    }

    private int ls(List<String> args) {
        List<String> paths = args.stream().filter(a -> !a.startsWith("-")).toList();
        if (paths.isEmpty() || paths.stream().allMatch("/"::equals)) {
            boolean ubuntu = context.programs().contains("/bin/bash");
            print(ubuntu
                    ? "bin\nboot\ndev\netc\nhome\nlib\nlib32\nlib64\nlibx32\nmedia\nmnt\nopt\nproc\nroot\nrun\nsbin\nsrv\nsys\ntmp\nusr\nvar\n"
                    : "bin\ndev\netc\nhome\nlib\nmedia\nmnt\nopt\nproc\nroot\nrun\nsbin\nsrv\nsys\ntmp\nusr\nvar\n");
            return 0;
        }
        for (String path : paths) {
            if (!"/".equals(path)) {
                print("ls: " + path + ": No such file or directory\n");
            }
        }
        return 1;
    }

    private int node(List<String> args) {
        if (args.isEmpty()) {
            return 0;
        }
        String first = args.get(0);
        if ("-v".equals(first) || "--version".equals(first)) {
            print("v17.1.0\n");
            return 0;
        }
        if (first.startsWith("-")) {
            return 0;
        }
        String file = first.startsWith("/") ? first : "/" + first;
        print("node:internal/modules/cjs/loader:936\n  throw err;\n  ^\n\nError: Cannot find module '" + file + "'\n");
        return 1;
    }

    private int version(List<String> args, String version, String usage) {
        if (args.contains("--version") || args.contains("-v")) {
            print(version + "\n");
            return 0;
        }
        print("Usage: " + usage + "\n");
        return 1;
    }

    /** node's entrypoint: runs {@code node "$@"} when the first argument is an option or not a command. */
    private int nodeEntrypoint(List<String> args) {
        if (args.isEmpty()) {
            return 0;
        }
        if (args.get(0).startsWith("-") || lookup(args.get(0)).isEmpty()) {
            List<String> withNode = new ArrayList<>();
            withNode.add("node");
            withNode.addAll(args);
            return execByName(withNode);
        }
        return execByName(args);
    }

    /** nginx's entrypoint: configures (and says so) when it starts nginx, then runs {@code "$@"}. */
    private int nginxEntrypoint(List<String> args) {
        if (args.isEmpty()) {
            return 0;
        }
        if ("nginx".equals(args.get(0)) || "nginx-debug".equals(args.get(0))) {
            String me = "/docker-entrypoint.sh: ";
            String ipv6 = "10-listen-on-ipv6-by-default.sh: info: ";
            print(me + "/docker-entrypoint.d/ is not empty, will attempt to perform configuration\n"
                    + me + "Looking for shell scripts in /docker-entrypoint.d/\n"
                    + me + "Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh\n"
                    + ipv6 + "Getting the checksum of /etc/nginx/conf.d/default.conf\n"
                    + ipv6 + "Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf\n"
                    + me + "Launching /docker-entrypoint.d/20-envsubst-on-templates.sh\n"
                    + me + "Launching /docker-entrypoint.d/30-tune-worker-processes.sh\n"
                    + me + "Configuration complete; ready for start up\n");
        }
        return execByName(args);
    }

    private int execByName(List<String> argv) {
        Optional<String> found = lookup(argv.get(0));
        if (found.isEmpty()) {
            print("exec: " + argv.get(0) + ": not found\n");
            return 127;
        }
        return exec(found.get(), argv.subList(1, argv.size()));
    }

    private int nginx(List<String> args) {
        if (args.contains("-v")) {
            print("nginx version: nginx/1.21.4\n");
            return 0;
        }
        if (args.contains("-t")) {
            print("nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n"
                    + "nginx: configuration file /etc/nginx/nginx.conf test is successful\n");
            return 0;
        }
        int g = args.indexOf("-g");
        boolean foreground = g >= 0 && g + 1 < args.size() && args.get(g + 1).replace(" ", "").contains("daemonoff");
        if (!foreground) {
            return 0;
        }
        String t = NGINX_TIME.format(context.now()) + " [notice] 1#1: ";
        print(t + "using the \"epoll\" event method\n"
                + t + "nginx/1.21.4\n"
                + t + "built by gcc 10.3.1 20210424 (Alpine 10.3.1_git20210424) \n"
                + t + "OS: Linux " + KERNEL + "\n"
                + t + "getrlimit(RLIMIT_NOFILE): 1048576:1048576\n"
                + t + "start worker processes\n"
                + t + "start worker process 32\n");
        runForever();
        return 0;
    }

    // --- a small POSIX shell -------------------------------------------------------------------

    private int shell(String shell, List<String> args) {
        if (args.isEmpty()) {
            return 0;
        }
        if (!"-c".equals(args.get(0))) {
            if ("bash".equals(shell)) {
                print("bash: " + args.get(0) + ": No such file or directory\n");
                return 127;
            }
            print(shell + ": can't open '" + args.get(0) + "': No such file or directory\n");
            return 2;
        }
        if (args.size() < 2) {
            print(shell + ": -c: option requires an argument\n");
            return 2;
        }
        List<List<String>> statements;
        List<String> connectors = new ArrayList<>();
        try {
            statements = ShellWords.split(args.get(1), connectors);
        } catch (IllegalArgumentException e) {
            print(shell + ": syntax error: " + e.getMessage() + "\n");
            return 2;
        }
        int status = 0;
        for (int i = 0; i < statements.size() && !ended(); i++) {
            String connector = i == 0 ? ";" : connectors.get(i - 1);
            if ("&&".equals(connector) && status != 0 || "||".equals(connector) && status == 0) {
                continue;
            }
            List<String> words = new ArrayList<>();
            for (String raw : statements.get(i)) {
                words.add(ShellWords.expand(raw, variables, status));
            }
            Optional<Integer> exit = exitOf(words, shell);
            if (exit.isPresent()) {
                return exit.get();
            }
            if (!words.isEmpty() && "exec".equals(words.get(0))) {
                // exec replaces the shell: what it runs is the last thing the script does
                return runStatement(shell, words.subList(1, words.size()));
            }
            status = runStatement(shell, words);
        }
        return status;
    }

    /** {@code exit [N]}: the status the script ends with, if this statement is an exit. */
    private Optional<Integer> exitOf(List<String> words, String shell) {
        if (words.isEmpty() || !"exit".equals(words.get(0))) {
            return Optional.empty();
        }
        if (words.size() == 1) {
            return Optional.of(0);
        }
        try {
            return Optional.of(Integer.parseInt(words.get(1)) & 0xff);
        } catch (NumberFormatException e) {
            print(shell + ": exit: Illegal number: " + words.get(1) + "\n");
            return Optional.of(2);
        }
    }

    private int runStatement(String shell, List<String> statement) {
        List<String> words = new ArrayList<>(statement);
        while (!words.isEmpty() && words.get(0).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
            String assignment = words.remove(0);
            int eq = assignment.indexOf('=');
            variables.put(assignment.substring(0, eq), assignment.substring(eq + 1));
        }
        boolean silenced = false;
        String file = null;
        boolean append = false;
        List<String> argv = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.matches("[12]?>>?(.*)")) {
                String target = w.replaceFirst("^[12]?>>?", "");
                if (target.isEmpty() && i + 1 < words.size()) {
                    target = words.get(++i);
                }
                if (!w.startsWith("2") && !target.startsWith("&")) {
                    silenced = true;
                    if (!"/dev/null".equals(target) && !target.isEmpty()) {
                        file = absolute(target);
                        append = w.replaceFirst("^[12]", "").startsWith(">>");
                    }
                }
                continue;
            }
            argv.add(w);
        }
        if (file != null) {
            // The shell creates (or truncates) the file before the command runs.
            files.put(file, append ? files.getOrDefault(file, "") : "");
        }
        if (argv.isEmpty()) {
            return 0;
        }
        int before = output.size();
        int status = builtinOrProgram(shell, argv);
        if (silenced) {
            StringBuilder written = new StringBuilder();
            while (output.size() > before) {
                written.insert(0, output.remove(output.size() - 1).text());
            }
            if (file != null) {
                files.merge(file, written.toString(), String::concat);
            }
        }
        return status;
    }

    private int builtinOrProgram(String shell, List<String> argv) {
        String name = argv.get(0);
        List<String> rest = argv.subList(1, argv.size());
        switch (name) {
            case ":", "true":
                return 0;
            case "false":
                return 1;
            case "echo":
                return echo(rest);
            case "cd", "export", "set", "unset", "trap", "wait":
                return 0;
            default:
                Optional<String> found = lookup(name);
                if (found.isEmpty()) {
                    print(switch (shell) {
                        case "bash" -> "bash: " + name + ": command not found\n";
                        case "dash" -> "/bin/sh: 1: " + name + ": not found\n";
                        default -> shell + ": " + name + ": not found\n";
                    });
                    return 127;
                }
                return exec(found.get(), rest);
        }
    }
}
