package io.imgctl.cli.e2e;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A short-lived distribution registry of the test's own (the binary {@code scripts/engines.sh} installs,
 * {@code docker-registry} on Debian), plain HTTP on a free loopback port, storage in the test's folder:
 * one the test may kill mid-push without touching the shared registries on 5000 and 5001. It writes
 * relative URLs, so that it can sit behind a TLS {@link FaultProxy} on another port.
 */
final class OwnRegistry implements AutoCloseable {

    private static final List<String> BINARIES = List.of("/usr/bin/docker-registry", "/usr/local/bin/registry", "/usr/bin/registry");

    private final Path binary;
    private final Path config;
    private final Path log;
    private final int port;
    private Process process;

    private OwnRegistry(Path binary, Path dir, int port) throws IOException {
        this.binary = binary;
        this.port = port;
        this.config = dir.resolve("registry.yml");
        this.log = dir.resolve("registry.log");
        Files.createDirectories(dir.resolve("storage"));
        Files.writeString(config, String.join("\n",
                "version: 0.1",
                "log:",
                "  level: info",
                "  accesslog:",
                "    disabled: true",
                "storage:",
                "  filesystem:",
                "    rootdirectory: " + dir.resolve("storage"),
                "  delete:",
                "    enabled: true",
                "http:",
                "  addr: 127.0.0.1:" + port,
                "  relativeurls: true",
                ""));
    }

    /** The registry binary, if this machine has one. */
    static Optional<Path> binary() {
        List<Path> candidates = new ArrayList<>();
        BINARIES.forEach(b -> candidates.add(Path.of(b)));
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /** Starts one in {@code dir} and waits until it answers. */
    static OwnRegistry start(Path binary, Path dir) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        OwnRegistry registry = new OwnRegistry(binary, dir, port);
        registry.launch();
        return registry;
    }

    int port() {
        return port;
    }

    private void launch() throws IOException {
        process = new ProcessBuilder(binary.toString(), "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        for (int attempt = 0; attempt < 300; attempt++) {
            if (!process.isAlive()) {
                throw new IOException("the registry exited at once; its log: " + Files.readString(log));
            }
            if (status("GET", "/v2/") == 200) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the registry started", e);
            }
        }
        kill();
        throw new IOException("the registry on 127.0.0.1:" + port + " did not answer; its log: " + Files.readString(log));
    }

    /** Kills it at once (SIGKILL), as a registry that dies mid-operation. */
    void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts it again on the same port and storage, to see what it kept. */
    void restart() throws IOException {
        kill();
        launch();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Whether the registry holds a manifest for {@code repository:tag}. */
    boolean hasManifest(String repository, String tag) throws IOException {
        return status("HEAD", "/v2/" + repository + "/manifests/" + tag) == 200;
    }

    /** The HTTP status of a request to the registry itself (not through any proxy); -1 when it does not answer. */
    int status(String method, String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
            c.setRequestMethod(method);
            c.setConnectTimeout(2000);
            c.setReadTimeout(5000);
            c.setRequestProperty("Accept", "application/vnd.docker.distribution.manifest.v2+json, "
                    + "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json");
            int code = c.getResponseCode();
            c.disconnect();
            return code;
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
