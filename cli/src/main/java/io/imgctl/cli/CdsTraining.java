package io.imgctl.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Not a command: the training run for the static class-data-sharing archive {@code lib/imgctl.jsa} that
 * the launcher maps (made by the release's {@code install.sh}, which {@code mvn package} runs on the
 * staged tree). Run with {@code -XX:DumpLoadedClassList}, it drives the commands people run most through
 * {@link Main#run}: {@code --version}, {@code --help}, {@code ref}, the demo on the built-in engine, and
 * {@code images} and {@code ps -a} on Docker and on Podman, whose APIs it stands in for with a small
 * canned HTTP server on a UNIX socket in a temporary directory (so it needs no engine and touches none;
 * state, config and lock directories are in that temporary directory too). The classes all that loads
 * are what the archive holds. Exits 1 when a run does not exit 0, so that a broken training is noticed
 * instead of silently slowing imgctl.
 *
 * <p>Usage, through the launcher so that the class path is the one later runs use:
 * {@code IMGCTL_JAVA_OPTS="-XX:DumpLoadedClassList=FILE -Dimgctl.cds.training=true" bin/imgctl}
 */
final class CdsTraining {

    private static final String IMAGE_A = "sha256:" + "a1".repeat(32);
    private static final String IMAGE_B = "sha256:" + "b2".repeat(32);
    private static final String CONTAINER = "c3".repeat(32);

    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("imgctl-cds-training-");
        int failures = 0;
        try {
            Path docker = dir.resolve("docker.sock");
            Path podman = dir.resolve("podman.sock");
            serve(docker, false);
            serve(podman, true);
            Map<String, String> env = new HashMap<>();
            env.put("HOME", dir.toString());
            env.put("XDG_STATE_HOME", dir.resolve("state").toString());
            env.put("IMGCTL_FAKE_STATE", dir.resolve("fake-state.json").toString());
            env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
            env.put("IMGCTL_LOCK_DIR", dir.resolve("lock").toString());
            List<String[]> runs = new ArrayList<>();
            runs.add(new String[] {"--version"});
            runs.add(new String[] {"--help"});
            runs.add(new String[] {"ref", "alpine"});
            runs.add(new String[] {"ref", "localhost:5000/imgctl/base:1", "--format", "json"});
            runs.add(new String[] {"demo"});
            runs.add(new String[] {"--engine", "fake", "images"});
            for (String engine : List.of("docker", "podman")) {
                String host = "unix://" + (engine.equals("docker") ? docker : podman);
                runs.add(new String[] {"--engine", engine, "--host", host, "images"});
                runs.add(new String[] {"--engine", engine, "--host", host, "images", "-q"});
                runs.add(new String[] {"--engine", engine, "--host", host, "ps", "-a"});
            }
            for (String[] run : runs) {
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int code = Main.run(new PrintStream(OutputStream.nullOutputStream()), new PrintStream(err, true), env, run);
                if (code != 0) {
                    failures++;
                    System.err.println("cds training: imgctl " + String.join(" ", run) + " exited " + code + ": "
                            + err.toString(StandardCharsets.UTF_8).strip());
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        if (failures > 0) {
            System.exit(1);
        }
    }

    /** Answers the listing calls of the Docker API (or of libpod) with canned JSON, until the JVM exits. */
    private static void serve(Path socket, boolean libpod) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread thread = new Thread(() -> {
            while (server.isOpen()) {
                try (SocketChannel channel = server.accept()) {
                    answer(channel, libpod);
                } catch (IOException e) {
                    // a client that went away; the next one is served
                }
            }
        }, "cds-training-" + (libpod ? "podman" : "docker"));
        thread.setDaemon(true);
        thread.start();
    }

    private static void answer(SocketChannel channel, boolean libpod) throws IOException {
        InputStream in = Channels.newInputStream(channel);
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        String requestLine = head.toString().lines().findFirst().orElse("");
        String path = requestLine.split(" ").length > 1 ? requestLine.split(" ")[1] : "/";
        String body = body(path, libpod);
        int status = body == null ? 404 : 200;
        byte[] bytes = (body == null ? "{\"message\":\"no such object\"}" : body).getBytes(StandardCharsets.UTF_8);
        String response = "HTTP/1.1 " + status + (status == 200 ? " OK" : " Not Found") + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Api-Version: 1.41\r\n"
                + (libpod ? "Libpod-Api-Version: 4.3.1\r\n" : "")
                + "Content-Length: " + bytes.length + "\r\n"
                + "Connection: close\r\n\r\n";
        OutputStream out = Channels.newOutputStream(channel);
        out.write(response.getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    private static String body(String path, boolean libpod) {
        String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if (p.endsWith("/_ping")) {
            return "OK";
        }
        if (p.endsWith("/version")) {
            return "{\"Version\":\"" + (libpod ? "4.3.1" : "20.10.24") + "\",\"ApiVersion\":\"1.41\"}";
        }
        if (p.endsWith("/images/json")) {
            return libpod ? libpodImages() : dockerImages();
        }
        if (p.endsWith("/containers/json") && !p.contains("/containers/" + CONTAINER)) {
            return libpod ? libpodContainers() : dockerContainers();
        }
        if (!libpod && p.endsWith("/containers/" + CONTAINER + "/json")) {
            return dockerContainer();
        }
        return null;
    }

    private static String dockerImages() {
        return "[" + dockerImage(IMAGE_A, "[\"localhost:5000/imgctl/base:1\",\"alpine:3.13\"]",
                "[\"localhost:5000/imgctl/base@sha256:" + "7a".repeat(32) + "\"]", "")
                + "," + dockerImage(IMAGE_B, "[\"<none>:<none>\"]", "[\"<none>@<none>\"]", IMAGE_A) + "]";
    }

    private static String dockerImage(String id, String tags, String digests, String parent) {
        return "{\"Containers\":-1,\"Created\":1700000000,\"Id\":\"" + id + "\",\"Labels\":{\"org.example\":\"x\"},"
                + "\"ParentId\":\"" + parent + "\",\"RepoDigests\":" + digests + ",\"RepoTags\":" + tags + ","
                + "\"SharedSize\":-1,\"Size\":1982305,\"VirtualSize\":1982305}";
    }

    private static String dockerContainers() {
        return "[{\"Id\":\"" + CONTAINER + "\",\"Names\":[\"/trained\"],\"Image\":\"alpine:3.13\",\"ImageID\":\"" + IMAGE_A
                + "\",\"Command\":\"/bin/true\",\"Created\":1700000000,\"State\":\"exited\","
                + "\"Status\":\"Exited (0) 2 hours ago\",\"Ports\":[],\"Labels\":{},\"Mounts\":[]}]";
    }

    private static String dockerContainer() {
        return "{\"Id\":\"" + CONTAINER + "\",\"Created\":\"2023-11-14T22:13:20.123456789Z\",\"Path\":\"/bin/true\","
                + "\"Args\":[\"-x\"],\"State\":{\"Status\":\"exited\",\"Running\":false,\"ExitCode\":0,"
                + "\"StartedAt\":\"2023-11-14T22:13:21.5Z\",\"FinishedAt\":\"2023-11-14T22:13:22Z\"},"
                + "\"Image\":\"" + IMAGE_A + "\",\"Name\":\"/trained\",\"Config\":{\"Image\":\"alpine:3.13\","
                + "\"Cmd\":[\"/bin/true\",\"-x\"]},\"SizeRw\":0}";
    }

    private static String libpodImages() {
        return "[{\"Id\":\"" + IMAGE_A.substring(7) + "\",\"ParentId\":\"\",\"RepoTags\":[\"localhost:5000/imgctl/base:1\","
                + "\"docker.io/library/alpine:3.13\"],\"RepoDigests\":[\"localhost:5000/imgctl/base@sha256:" + "7a".repeat(32)
                + "\"],\"Created\":1700000000,\"Size\":1998816,\"SharedSize\":0,\"VirtualSize\":1998816,\"Labels\":null,"
                + "\"Containers\":1,\"Names\":[\"localhost:5000/imgctl/base:1\"]},"
                + "{\"Id\":\"" + IMAGE_B.substring(7) + "\",\"ParentId\":\"" + IMAGE_A.substring(7) + "\",\"RepoTags\":null,"
                + "\"RepoDigests\":[],\"Created\":1700000100,\"Size\":2000000,\"SharedSize\":0,\"VirtualSize\":2000000,"
                + "\"Labels\":{\"a\":\"b\"},\"Containers\":0}]";
    }

    private static String libpodContainers() {
        return "[{\"Id\":\"" + CONTAINER + "\",\"Names\":[\"trained\"],\"Image\":\"docker.io/library/alpine:3.13\","
                + "\"ImageID\":\"" + IMAGE_A.substring(7) + "\",\"Command\":[\"/bin/true\"],\"State\":\"exited\","
                + "\"ExitCode\":0,\"Created\":\"2023-11-14T22:13:20.123456789Z\",\"StartedAt\":1700000001,"
                + "\"ExitedAt\":1700000002,\"Exited\":true,\"Pod\":\"\",\"IsInfra\":false}]";
    }
}
