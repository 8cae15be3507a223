package io.imgctl.adapter.fake;

import io.imgctl.adapter.fake.State.ConfigRecord;
import io.imgctl.adapter.fake.State.ImageRecord;
import io.imgctl.adapter.fake.State.LayerRecord;
import io.imgctl.domain.image.ImageReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the offline registry holds from the start: six public images as they stood in November
 * 2021, with their real layer structure and sizes close to the real ones. IDs, diff IDs and digests
 * are sha256 of fixed seeds, so they are the same on every machine. {@code node:alpine3.13} is built
 * on {@code alpine:3.13}'s base layer and {@code nginx:alpine} on {@code alpine:3.14}'s, as the real
 * images are.
 */
final class Catalogue {

    /** An image the registry serves under {@code name:tag}, with its manifest digest. */
    record Entry(ImageReference reference, String digest, ImageRecord image) {
        ImageRecord copyOfImage() {
            return image.copy();
        }
    }

    static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static final List<String> BUSYBOX = List.of(
            "/bin/sh", "/bin/ash", "/bin/echo", "/bin/true", "/bin/false", "/bin/sleep", "/bin/cat",
            "/usr/bin/env", "/usr/bin/printenv", "/bin/hostname", "/bin/pwd", "/usr/bin/whoami", "/bin/uname",
            "/usr/bin/tail", "/bin/date", "/bin/ls");
    private static final List<String> UBUNTU = List.of(
            "/bin/sh", "/bin/bash", "/bin/dash", "/bin/echo", "/bin/true", "/bin/false", "/bin/sleep", "/bin/cat",
            "/usr/bin/env", "/usr/bin/printenv", "/bin/hostname", "/bin/pwd", "/usr/bin/whoami", "/bin/uname",
            "/usr/bin/tail", "/bin/date", "/bin/ls");

    private static final LayerRecord HELLO = layer("hello-world/hello", 13_256, 2_479,
            "/bin/sh -c #(nop) COPY file:50563a97010fd7ce1ceebd1fa4f4891ac3decdf428333fb2683696f4358af6c2 in / ",
            "2021-09-23T23:47:57.098990892Z");
    private static final LayerRecord ALPINE_313 = layer("alpine/3.13/rootfs", 5_613_949, 2_814_446,
            "/bin/sh -c #(nop) ADD file:ecdfb91a737d6c292265c1b77ffd3d82ba810dd43ea4ef79714b66b1da74a5aa in / ",
            "2021-11-12T17:19:44.795237917Z");
    private static final LayerRecord ALPINE_314 = layer("alpine/3.14/rootfs", 5_595_292, 2_822_857,
            "/bin/sh -c #(nop) ADD file:762c899ec0505d1a32930ee804c5b008825f41611161be104076cba33b7e5b2b in / ",
            "2021-11-12T17:19:58.411893285Z");
    private static final LayerRecord UBUNTU_ROOTFS = layer("ubuntu/20.04/rootfs", 72_776_513, 28_565_540,
            "/bin/sh -c #(nop) ADD file:5d68d27cc15a80653c93d3a0b262a28112d47a46326ff5fc2dfbf7fa3b9a0ce8 in / ",
            "2021-10-16T00:37:47.226745473Z");

    private final List<Entry> entries;

    private Catalogue(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    static Catalogue builtIn() {
        List<Entry> all = new ArrayList<>();
        all.add(entry("hello-world:latest", "2021-09-23T23:47:57.442225064Z", List.of(HELLO),
                config(List.of(), List.of("/hello"), List.of(PATH), Map.of()), List.of("/hello")));
        all.add(entry("alpine:3.13", "2021-11-12T17:19:45.079014403Z", List.of(ALPINE_313),
                config(List.of(), List.of("/bin/sh"), List.of(PATH), Map.of()), BUSYBOX));
        all.add(entry("alpine:3.14", "2021-11-12T17:19:58.698676655Z", List.of(ALPINE_314),
                config(List.of(), List.of("/bin/sh"), List.of(PATH), Map.of()), BUSYBOX));
        all.add(entry("node:alpine3.13", "2021-11-13T01:02:25.512436331Z", List.of(
                        ALPINE_313,
                        layer("node/17.1.0-alpine3.13/node", 152_493_640, 45_897_201,
                                "/bin/sh -c addgroup -g 1000 node && adduser -u 1000 -G node -s /bin/sh -D node"
                                        + " && apk add --no-cache libstdc++ && apk add --no-cache --virtual"
                                        + " .build-deps curl && ARCH= && alpineArch=\"$(apk --print-arch)\" ...",
                                "2021-11-13T01:02:11.031256716Z"),
                        layer("node/17.1.0-alpine3.13/yarn", 7_770_412, 2_349_115,
                                "/bin/sh -c apk add --no-cache --virtual .build-deps-yarn curl gnupg tar"
                                        + " && for key in 6A010C5166006599AA17F08146C2130DFD2497F5 ; do ...",
                                "2021-11-13T01:02:24.305566402Z"),
                        layer("node/17.1.0-alpine3.13/entrypoint", 388, 450,
                                "/bin/sh -c #(nop) COPY file:4d192565a7220e135cab6c77fbc1c73211b69f3d9fb37e62857b2c6eb9363d51"
                                        + " in /usr/local/bin/ ",
                                "2021-11-13T01:02:25.022108937Z")),
                config(List.of("docker-entrypoint.sh"), List.of("node"),
                        List.of(PATH, "NODE_VERSION=17.1.0", "YARN_VERSION=1.22.15"), Map.of()),
                concat(BUSYBOX, List.of("/usr/local/bin/node", "/usr/local/bin/npm", "/usr/local/bin/yarn",
                        "/usr/local/bin/docker-entrypoint.sh"))));
        all.add(entry("nginx:alpine", "2021-11-13T00:27:44.169374581Z", List.of(
                        ALPINE_314,
                        layer("nginx/1.21.4-alpine/nginx", 17_826_504, 7_084_553,
                                "/bin/sh -c set -x && addgroup -g 101 -S nginx && adduser -S -D -H -u 101"
                                        + " -h /var/cache/nginx -s /sbin/nologin -G nginx -g nginx nginx"
                                        + " && apkArch=\"$(cat /etc/apk/arch)\" && nginxPackages=\" nginx=${NGINX_VERSION}-r${PKG_RELEASE} ...",
                                "2021-11-13T00:27:40.613221183Z"),
                        layer("nginx/1.21.4-alpine/docker-entrypoint.sh", 1_202, 622,
                                "/bin/sh -c #(nop) COPY file:65504f71f5855ca017fb64d502ce873a31b2e0decd75297a8fb0a287f97acf92 in / ",
                                "2021-11-13T00:27:41.802371118Z"),
                        layer("nginx/1.21.4-alpine/10-listen-on-ipv6-by-default.sh", 1_961, 1_048,
                                "/bin/sh -c #(nop) COPY file:0b866ff3fc1ef5b03c4e6c8c513ae014f691fb05d530257dfffd07035c1b75da"
                                        + " in /docker-entrypoint.d ",
                                "2021-11-13T00:27:42.153802334Z"),
                        layer("nginx/1.21.4-alpine/20-envsubst-on-templates.sh", 1_040, 601,
                                "/bin/sh -c #(nop) COPY file:0fd5fca330dcd6a7de297435e32af634f29f7132ed0550d342cad9fd20158258"
                                        + " in /docker-entrypoint.d ",
                                "2021-11-13T00:27:42.481577302Z"),
                        layer("nginx/1.21.4-alpine/30-tune-worker-processes.sh", 4_613, 1_963,
                                "/bin/sh -c #(nop) COPY file:09a214a3e07c919af2fb2d7c749ccbc446b8c10eb217366e5a65640ee9edcc25"
                                        + " in /docker-entrypoint.d ",
                                "2021-11-13T00:27:42.807447081Z")),
                config(List.of("/docker-entrypoint.sh"), List.of("nginx", "-g", "daemon off;"),
                        List.of(PATH, "NGINX_VERSION=1.21.4", "NJS_VERSION=0.7.0", "PKG_RELEASE=1"),
                        Map.of("maintainer", "NGINX Docker Maintainers <docker-maint@nginx.com>")),
                concat(BUSYBOX, List.of("/usr/sbin/nginx", "/docker-entrypoint.sh"))));
        all.add(entry("ubuntu:latest", "2021-10-16T00:37:47.578710012Z", List.of(UBUNTU_ROOTFS),
                config(List.of(), List.of("bash"), List.of(PATH), Map.of()), UBUNTU));
        return new Catalogue(all);
    }

    List<Entry> entries() {
        return entries;
    }

    /** The entry a tag or digest reference names (its repository normalised). */
    Optional<Entry> find(ImageReference reference) {
        return entries.stream().filter(e -> matches(e, reference)).findFirst();
    }

    /** Whether the registry knows the repository at all (for Docker's two different errors). */
    boolean hasRepository(ImageReference reference) {
        return entries.stream().anyMatch(e -> e.reference().name().equals(reference.name()));
    }

    private static boolean matches(Entry entry, ImageReference reference) {
        if (!entry.reference().name().equals(reference.name())) {
            return false;
        }
        if (reference.digest().isPresent()) {
            return reference.digest().get().toString().equals(entry.digest());
        }
        return entry.reference().tag().equals(reference.tag());
    }

    private static Entry entry(String reference, String created, List<LayerRecord> layers, ConfigRecord config,
                               List<String> programs) {
        ImageReference ref = ImageReference.parse(reference);
        ImageRecord image = new ImageRecord();
        image.id = References.sha256("imgctl-fake/image/" + ref.normalized()).toString();
        image.created = Instant.parse(created);
        image.layers = new ArrayList<>(layers.stream().map(LayerRecord::copy).toList());
        image.config = config;
        image.programs = new ArrayList<>(programs);
        String digest = References.sha256("imgctl-fake/manifest/" + ref.normalized()).toString();
        return new Entry(ref, digest, image);
    }

    private static LayerRecord layer(String seed, long size, long compressedSize, String createdBy, String created) {
        LayerRecord layer = new LayerRecord();
        layer.diffId = References.sha256("imgctl-fake/layer/" + seed).toString();
        layer.size = size;
        layer.compressedSize = compressedSize;
        layer.createdBy = createdBy;
        layer.created = Instant.parse(created);
        return layer;
    }

    private static ConfigRecord config(List<String> entrypoint, List<String> cmd, List<String> env,
                                       Map<String, String> labels) {
        ConfigRecord config = new ConfigRecord();
        config.entrypoint = new ArrayList<>(entrypoint);
        config.cmd = new ArrayList<>(cmd);
        config.env = new ArrayList<>(env);
        config.labels = new LinkedHashMap<>(labels);
        return config;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
