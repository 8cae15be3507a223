package io.imgctl.cli;

import io.imgctl.application.service.ListingMemory;
import io.imgctl.cli.engine.EngineWiring;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * imgctl's resident server: one JVM per user that stays up and runs imgctl's commands for the
 * launcher, which hands them over a UNIX socket through its client, {@code lib/resident.pl}, instead
 * of starting a JVM per command. The launcher starts it on first use ({@code imgctl resident start}
 * by hand). Each command runs exactly as in a JVM of its own: a fresh {@link Cli}, with the client's
 * environment, arguments and terminal, and the same output and exit code.
 *
 * <p>A command must stop as a JVM of its own stops when its client is gone (Ctrl-C kills the
 * launcher's client): while it runs, a watcher waits for the connection's end, then cancels it (its
 * engine's connections are closed, so a call blocked on the engine ends) and interrupts it; a removal
 * starts no further action.
 *
 * <p>Only the socket's owner is served: the socket sits in an owner-only directory, is itself
 * {@code rw-------}, and each connection's peer credentials are checked. The server stops on a stop
 * request or after a time without commands ({@value #IDLE_PROPERTY}, seconds; 0: never).
 */
final class ResidentServer implements Closeable {

    static final String SOCKET_PROPERTY = "imgctl.resident.socket";
    static final String HOME_PROPERTY = "imgctl.home";
    static final String IDLE_PROPERTY = "imgctl.resident.idle";
    static final Duration DEFAULT_IDLE = Duration.ofHours(1);
    /** Milliseconds an image listing must take to be kept between commands (see {@link ListingMemory}). */
    static final String REMEMBER_PROPERTY = "imgctl.resident.remember";

    /**
     * Environment variables that hold a path. A relative one would be resolved against the server's
     * working directory, not the client's, so such a command is not served.
     */
    static final List<String> PATH_VARIABLES = List.of("HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR",
            "IMGCTL_FAKE_STATE", "IMGCTL_LOCK_DIR", "DOCKER_CONFIG", "DOCKER_CERT_PATH", "REGISTRY_AUTH_FILE");

    /**
     * Commands served at once. A command can run for long (a pull, a container's output), so each has
     * a thread while it runs; past this many, a command is left to a JVM of its own.
     */
    static final int MAX_AT_ONCE = 64;
    private static final int MAX_REQUEST_FRAMES = 100_000;

    private final ServerSocketChannel channel;
    private final Path socket;
    private final String installation;
    private final Duration idle;
    private final Function<Request, Cli> clis;
    private final String owner;
    private final ListingMemory memory;
    private final ThreadPoolExecutor workers = new ThreadPoolExecutor(0, MAX_AT_ONCE, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "imgctl-resident");
                t.setDaemon(true);
                return t;
            });
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong served = new AtomicLong();
    private final Instant started = Instant.now();
    private volatile long lastActive = System.nanoTime();
    private volatile String stopReason;

    private ResidentServer(ServerSocketChannel channel, Path socket, String installation, Duration idle,
            ListingMemory memory, Function<Request, Cli> clis, String owner) {
        this.channel = channel;
        this.socket = socket;
        this.installation = installation;
        this.idle = idle;
        this.memory = memory;
        this.clis = clis;
        this.owner = owner;
    }

    /** Runs the server the launcher started ({@value #SOCKET_PROPERTY} set) until it stops; returns the JVM's exit code. */
    static int main() {
        Path socket = Path.of(System.getProperty(SOCKET_PROPERTY));
        Duration idle = Duration.ofSeconds(Long.getLong(IDLE_PROPERTY, DEFAULT_IDLE.toSeconds()));
        ListingMemory memory = new ListingMemory(Duration.ofMillis(
                Math.max(0, Long.getLong(REMEMBER_PROPERTY, ListingMemory.DEFAULT_WORTH_KEEPING.toMillis()))));
        try (ResidentServer server = bind(socket, installation(System.getProperty(HOME_PROPERTY, "")), idle, memory,
                request -> new Cli(() -> EngineWiring.standard().remembering(memory), Clock.systemUTC(), request.terminal()))) {
            log("listening on " + socket + " (pid " + ProcessHandle.current().pid() + ", "
                    + (idle.isZero() ? "no idle limit" : "stops after " + human(idle) + " without commands") + ")");
            server.serve();
            log("stopped: " + server.stopReason + "; " + server.served.get() + " commands served");
            return ExitCodes.OK;
        } catch (IOException | RuntimeException e) {
            log("cannot serve on " + socket + ": " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }

    /**
     * Which installation a server runs: its home and the modification time of its
     * {@code lib/imgctl-cli.jar} in seconds, so that a rebuilt or another installation's launcher
     * is not served by this JVM's classes.
     */
    static String installation(String home) {
        try {
            return home + "\n" + Files.getLastModifiedTime(Path.of(home, "lib", "imgctl-cli.jar")).to(TimeUnit.SECONDS);
        } catch (IOException | RuntimeException e) {
            return home + "\n?";
        }
    }

    /**
     * Listens on {@code socket}: makes its directory owner-only (or refuses one that others may
     * write), removes a socket left by a server that is gone, and refuses when one still answers.
     */
    /** {@code memory}: what the commands {@code clis} makes keep between them, for {@code status} to count. */
    static ResidentServer bind(Path socket, String installation, Duration idle, ListingMemory memory,
            Function<Request, Cli> clis) throws IOException {
        Path dir = socket.toAbsolutePath().getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (posix) {
            ownerOnlyDirectory(dir);
        } else {
            Files.createDirectories(dir);
        }
        if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            if (answers(socket)) {
                throw new IOException("a resident server already listens on " + socket);
            }
            Files.delete(socket);
        }
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(socket));
            if (posix) {
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            }
            String owner = Files.getOwner(socket, LinkOption.NOFOLLOW_LINKS).getName();
            return new ResidentServer(channel, socket, installation, idle, memory, clis, owner);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void ownerOnlyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        String me = System.getProperty("user.name");
        String dirOwner = Files.getOwner(dir).getName();
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
        if (!dirOwner.equals(me)) {
            throw new IOException(dir + " belongs to " + dirOwner + ", not " + me);
        }
        if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException(dir + " can be written by others (" + PosixFilePermissions.toString(perms)
                    + "): make it owner-only (chmod 700)");
        }
    }

    private static boolean answers(Path socket) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return probe.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    /** Accepts connections until a stop request or the idle limit; each is handled on a worker thread. */
    void serve() {
        warmUp();
        Thread watch = new Thread(this::watchIdle, "imgctl-resident-idle");
        watch.setDaemon(true);
        watch.start();
        while (true) {
            SocketChannel client;
            try {
                client = channel.accept();
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException e) {
                if (!channel.isOpen()) {
                    break;
                }
                log("accept failed: " + e.getMessage());
                continue;
            }
            lastActive = System.nanoTime();
            running.incrementAndGet();
            try {
                workers.execute(() -> handle(client));
            } catch (RejectedExecutionException e) {
                // as busy as it may be: closing unanswered makes the client run the command in a JVM
                running.decrementAndGet();
                closeQuietly(client);
            }
        }
        workers.shutdown();
        try {
            workers.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Loads and links what every command needs (picocli's model, the output classes) before the first client waits for it. */
    private void warmUp() {
        PrintStream none = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        Cli cli = clis.apply(new Request('R', installation, false, Map.of(), List.of()));
        cli.run(none, none, Map.of(), "--version");
        cli.run(none, none, Map.of(), "ref", "localhost:5000/imgctl/warm-up:1");
        cli.run(none, none, Map.of(), "images", "--help");
    }

    private void watchIdle() {
        if (idle.isZero() || idle.isNegative()) {
            return;
        }
        long step = Math.max(10, Math.min(1000, idle.toMillis() / 4));
        while (channel.isOpen()) {
            try {
                Thread.sleep(step);
            } catch (InterruptedException e) {
                return;
            }
            if (running.get() == 0 && System.nanoTime() - lastActive >= idle.toNanos()) {
                stop("no command for " + human(idle));
            }
        }
    }

    /** Stops listening: the socket goes first, so that new commands start a JVM of their own; running ones end. */
    void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            log("cannot remove " + socket + ": " + e.getMessage());
        }
        try {
            channel.close();
        } catch (IOException e) {
            log("cannot close " + socket + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        stop("closed");
        workers.shutdownNow();
    }

    boolean listening() {
        return channel.isOpen();
    }

    private void handle(SocketChannel client) {
        try (client) {
            UnixDomainPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (!peer.user().getName().equals(owner)) {
                log("refused a connection from " + peer.user().getName() + ": only " + owner + " is served");
                return;
            }
            InputStream in = new BufferedInputStream(Channels.newInputStream(client));
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(client), 1 << 16);
            Request request = Request.read(in);
            if (request == null) {
                return; // connected and closed without a word: a probe (is a server listening?)
            }
            switch (request.action()) {
                case 'R' -> {
                    if (!run(request, out, client)) {
                        return; // the client is gone: nobody to answer
                    }
                }
                case 'P' -> {
                    ResidentFrames.write(out, 'O', status(request));
                    ResidentFrames.write(out, 'X', "0");
                }
                default -> {
                    ResidentFrames.write(out, 'O', "stopped the resident server (pid " + ProcessHandle.current().pid()
                            + ", " + served.get() + " commands served)\n");
                    ResidentFrames.write(out, 'X', "0");
                    out.flush();
                    stop("a stop request");
                }
            }
            out.flush();
        } catch (IOException | RuntimeException e) {
            if (channel.isOpen()) {
                log("a connection failed: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            }
        } finally {
            lastActive = System.nanoTime();
            running.decrementAndGet();
        }
    }

    /** Runs a command line, or answers why not; false when its client went away while it ran. */
    private boolean run(Request request, OutputStream socketOut, SocketChannel client) throws IOException {
        Optional<String> why = whyNotServed(request);
        if (why.isPresent()) {
            ResidentFrames.write(socketOut, 'F', why.get());
            return true;
        }
        Charset charset = charset(request.env());
        FrameStream stdout = new FrameStream(socketOut, 'O');
        FrameStream stderr = new FrameStream(socketOut, 'E');
        int code;
        String[] argv = request.args().toArray(String[]::new);
        Cancellation cancellation = new Cancellation();
        try (PrintStream out = new PrintStream(stdout, false, charset); PrintStream err = new PrintStream(stderr, false, charset);
             ClientWatch watch = ClientWatch.start(client, cancellation)) {
            try {
                code = clis.apply(request).run(out, err, request.env(), cancellation, argv);
            } catch (RuntimeException e) {
                err.println("Error: " + ExitCodes.message(e));
                code = ExitCodes.of(e);
            }
            if (watch.clientGone()) {
                log("the client of '" + commandName(argv) + "' went away; the command was cut off");
                return false;
            }
        }
        ResidentFrames.write(socketOut, 'X', Integer.toString(code));
        served.incrementAndGet();
        return true;
    }

    /** The subcommand a command line names, for the log: never its arguments, which may hold anything. */
    private static String commandName(String[] argv) {
        List<String> needed = ImgctlCommand.neededBy(argv);
        return needed.size() == 1 ? needed.get(0) : needed.isEmpty() ? "--version" : "imgctl";
    }

    /**
     * Waits, on a thread of its own, for the client's end of the connection to close (the client sends
     * nothing after its request) and then cancels the command and interrupts the thread that runs it,
     * once, and only while the command runs. It reads the channel itself: a stream from {@link Channels} would hold the
     * channel's blocking lock while it waits and so block the command's output.
     */
    static final class ClientWatch implements AutoCloseable {

        private final Thread command = Thread.currentThread();
        private final Cancellation cancellation;
        private boolean running = true;
        private boolean gone;

        private ClientWatch(Cancellation cancellation) {
            this.cancellation = cancellation;
        }

        static ClientWatch start(SocketChannel client, Cancellation cancellation) {
            ClientWatch watch = new ClientWatch(cancellation);
            Thread t = new Thread(() -> watch.await(client), "imgctl-resident-client-watch");
            t.setDaemon(true);
            t.start();
            return watch;
        }

        private void await(SocketChannel client) {
            ByteBuffer one = ByteBuffer.allocate(1);
            try {
                while (client.read(one) >= 0) {
                    one.clear(); // the client sends nothing more; ignore what it might
                }
            } catch (IOException e) {
                // closed by either side: gone as far as this command is concerned
            }
            synchronized (this) {
                if (!running) {
                    return;
                }
                gone = true;
            }
            cancellation.cancel();
            command.interrupt();
        }

        synchronized boolean clientGone() {
            return gone;
        }

        @Override
        public void close() {
            synchronized (this) {
                running = false;
            }
            Thread.interrupted(); // an interrupt meant for this command does not outlive it
        }
    }

    /** Why a command is left to a JVM of its own, if it is. */
    Optional<String> whyNotServed(Request request) {
        if (!installation.equals(request.installation())) {
            return Optional.of("it runs the installation " + installation.replace('\n', '@') + ", not "
                    + String.valueOf(request.installation()).replace('\n', '@'));
        }
        List<String> args = request.args();
        for (String name : PATH_VARIABLES) {
            String value = request.env().get(name);
            if (value != null && !value.isEmpty() && !value.startsWith("/")) {
                return Optional.of(name + " is a relative path");
            }
        }
        for (String value : List.of(request.env().getOrDefault("DOCKER_HOST", ""), request.env().getOrDefault("CONTAINER_HOST", ""))) {
            if (relativeSocket(value)) {
                return Optional.of("the engine's socket is a relative path");
            }
        }
        if (args.stream().anyMatch(ResidentServer::relativeSocket)) {
            return Optional.of("the engine's socket is a relative path");
        }
        return Optional.empty();
    }

    /** A {@code unix://} endpoint with a path that is not absolute (an empty one is malformed, refused alike everywhere). */
    private static boolean relativeSocket(String text) {
        int at = text.indexOf("unix://");
        int path = at + "unix://".length();
        return at >= 0 && path < text.length() && text.charAt(path) != '/';
    }

    private String status(Request request) {
        String rss = "";
        try {
            rss = Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).map(l -> ", resident memory " + l.substring(6).trim())
                    .findFirst().orElse("");
        } catch (IOException | RuntimeException e) {
            // not Linux: no figure
        }
        String home = installation.substring(0, installation.indexOf('\n'));
        return "imgctl resident server: pid " + ProcessHandle.current().pid() + ", socket " + socket + "\n"
                + "  installation " + home + (installation.equals(request.installation()) ? "" : " (a different build: "
                        + "the next command of this launcher replaces the server)") + "\n"
                + "  up " + human(Duration.between(started, Instant.now())) + ", " + served.get() + " commands served"
                + rss + "\n"
                + memory.worthKeeping().map(d -> "  listings that take " + d.toMillis() + " ms or more (any where the events are "
                        + "quick to read) are kept while the engine's events show no change to them; " + memory.reused()
                        + " answered from them\n").orElse("")
                + "  " + (idle.isZero() ? "no idle limit" : "stops after " + human(idle) + " without commands") + "\n";
    }

    private static Charset charset(Map<String, String> env) {
        for (String name : List.of("LC_ALL", "LC_CTYPE", "LANG")) {
            String value = env.get(name);
            if (value != null && !value.isEmpty()) {
                String v = value.toUpperCase(Locale.ROOT).replace("-", "");
                return v.contains("UTF8") ? StandardCharsets.UTF_8 : Charset.defaultCharset();
            }
        }
        return Charset.defaultCharset();
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + (s % 60 == 0 ? "" : " " + s % 60 + "s");
        }
        return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + "m");
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // nothing more to do with it
        }
    }

    private static void log(String line) {
        System.out.println(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " imgctl resident server: " + line);
        System.out.flush();
    }

    /** One request: what to do, for which installation, and the command line with its environment. */
    record Request(char action, String installation, boolean terminal, Map<String, String> env, List<String> args) {

        /** The request, or null when the stream ends before its first frame. */
        static Request read(InputStream in) throws IOException {
            String installation = null;
            boolean terminal = false;
            Map<String, String> env = new HashMap<>();
            List<String> args = new ArrayList<>();
            for (int n = 0; n < MAX_REQUEST_FRAMES; n++) {
                ResidentFrames.Frame frame = ResidentFrames.read(in);
                if (frame == null && n == 0) {
                    return null;
                }
                if (frame == null) {
                    throw new EOFException("the request ended before its action (R, P or S)");
                }
                switch (frame.type()) {
                    case 'I' -> installation = frame.text();
                    case 'T' -> terminal = frame.text().equals("1");
                    case 'E' -> {
                        String entry = frame.text();
                        int eq = entry.indexOf('=');
                        if (eq > 0) {
                            env.put(entry.substring(0, eq), entry.substring(eq + 1));
                        }
                    }
                    case 'A' -> args.add(frame.text());
                    case 'R', 'P', 'S' -> {
                        return new Request(frame.type(), installation, terminal, env, List.copyOf(args));
                    }
                    default -> throw new IOException("unknown frame type " + (int) frame.type());
                }
            }
            throw new IOException("a request of more than " + MAX_REQUEST_FRAMES + " frames");
        }
    }

    /** A command's stdout or stderr: bytes go to the client in frames of their type. */
    private static final class FrameStream extends OutputStream {

        private final OutputStream sink;
        private final char type;
        private final byte[] buffer = new byte[8192];
        private int size;

        FrameStream(OutputStream sink, char type) {
            this.sink = sink;
            this.type = type;
        }

        @Override
        public void write(int b) throws IOException {
            if (size == buffer.length) {
                frame();
            }
            buffer[size++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                if (size == buffer.length) {
                    frame();
                }
                int n = Math.min(length, buffer.length - size);
                System.arraycopy(bytes, offset, buffer, size, n);
                size += n;
                offset += n;
                length -= n;
            }
        }

        private void frame() throws IOException {
            if (size > 0) {
                synchronized (sink) {
                    ResidentFrames.write(sink, type, buffer, 0, size);
                }
                size = 0;
            }
        }

        @Override
        public void flush() throws IOException {
            frame();
        }

        @Override
        public void close() throws IOException {
            frame();
        }
    }
}
