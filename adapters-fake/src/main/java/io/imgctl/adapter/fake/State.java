package io.imgctl.adapter.fake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The built-in engine's whole state, as it is kept in its JSON file. Plain mutable holders: the
 * engine loads them, changes them within one operation and saves them; {@link StateStore} checks
 * them on load ({@link #check()}) so the engine can trust every ID, tag and digest they hold.
 */
final class State {

    static final int FORMAT = 1;

    int format = FORMAT;
    /** Counts containers and commits, so names and IDs never repeat. */
    long sequence;
    List<ImageRecord> images = new ArrayList<>();
    List<ContainerRecord> containers = new ArrayList<>();
    /** Images pushed to the offline registry, which serves them besides its catalogue. */
    List<PushedImage> registry = new ArrayList<>();

    long nextSequence() {
        return ++sequence;
    }

    /** Fills in absent lists and rejects values the engine could not work with. */
    void check() {
        if (format > FORMAT) {
            throw new IllegalArgumentException("it was written by a newer imgctl (format " + format + ")");
        }
        images = orEmpty(images);
        containers = orEmpty(containers);
        registry = orEmpty(registry);
        Set<String> imageIds = new HashSet<>();
        Set<String> tags = new HashSet<>();
        for (int i = 0; i < images.size(); i++) {
            String where = "images[" + i + "]";
            require(images.get(i) != null, where, "null");
            images.get(i).check(where);
            require(imageIds.add(images.get(i).id), where, "a second image with id " + images.get(i).id);
            for (String tag : images.get(i).tags) {
                require(tags.add(tag), where, "tag " + tag + " of another image too");
            }
        }
        Set<String> containerIds = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < containers.size(); i++) {
            String where = "containers[" + i + "]";
            require(containers.get(i) != null, where, "null");
            containers.get(i).check(where);
            require(containerIds.add(containers.get(i).id), where, "a second container with id " + containers.get(i).id);
            require(names.add(containers.get(i).name), where, "a second container named " + containers.get(i).name);
        }
        for (int i = 0; i < registry.size(); i++) {
            require(registry.get(i) != null, "registry[" + i + "]", "null");
            registry.get(i).check("registry[" + i + "]");
        }
    }

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? new ArrayList<>() : new ArrayList<>(list);
    }

    static void require(boolean condition, String where, String what) {
        if (!condition) {
            throw new IllegalArgumentException(where + ": " + what);
        }
    }

    /** A list of strings from the file: {@code null} elements ({@code [null]}) are refused. */
    static List<String> strings(List<String> list, String where, String what) {
        List<String> copy = orEmpty(list);
        require(!copy.contains(null), where, "null in " + what);
        return copy;
    }

    /** One read-only layer. */
    static final class LayerRecord {
        String diffId;
        long size;
        /** What a registry transfers for it (gzip), used for download progress. */
        long compressedSize;
        String createdBy = "";
        Instant created;
        /** The history entry's comment: a commit's message. */
        String comment = "";

        LayerRecord copy() {
            LayerRecord c = new LayerRecord();
            c.comment = comment;
            c.diffId = diffId;
            c.size = size;
            c.compressedSize = compressedSize;
            c.createdBy = createdBy;
            c.created = created;
            return c;
        }

        void check(String where) {
            require(diffId != null && io.imgctl.domain.image.Digest.isValid(diffId), where, "invalid diffId " + diffId);
            require(size >= 0 && compressedSize >= 0, where, "negative size");
            createdBy = createdBy == null ? "" : createdBy;
            comment = comment == null ? "" : comment;
        }
    }

    /** The image configuration, as the domain's {@code ImageConfig} holds it. */
    static final class ConfigRecord {
        List<String> cmd = new ArrayList<>();
        List<String> entrypoint = new ArrayList<>();
        List<String> env = new ArrayList<>();
        String workingDir = "";
        String user = "";
        Map<String, String> labels = new LinkedHashMap<>();
        String architecture = "amd64";
        String os = "linux";

        ConfigRecord copy() {
            ConfigRecord c = new ConfigRecord();
            c.cmd = new ArrayList<>(cmd);
            c.entrypoint = new ArrayList<>(entrypoint);
            c.env = new ArrayList<>(env);
            c.workingDir = workingDir;
            c.user = user;
            c.labels = new LinkedHashMap<>(labels);
            c.architecture = architecture;
            c.os = os;
            return c;
        }

        void check(String where) {
            cmd = strings(cmd, where, "config.cmd");
            entrypoint = strings(entrypoint, where, "config.entrypoint");
            env = strings(env, where, "config.env");
            workingDir = workingDir == null ? "" : workingDir;
            user = user == null ? "" : user;
            labels = labels == null ? new LinkedHashMap<>() : new LinkedHashMap<>(labels);
            require(!labels.containsKey(null) && !labels.containsValue(null), where, "null in config.labels");
            architecture = architecture == null ? "amd64" : architecture;
            os = os == null ? "linux" : os;
        }
    }

    /** A local image. Tags and digests are kept fully qualified ({@code docker.io/library/alpine:3.13}). */
    static final class ImageRecord {
        String id;
        List<String> tags = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        Instant created;
        /** Set by commit only, as Docker sets it for local builds; pulled images have none. */
        String parent;
        List<LayerRecord> layers = new ArrayList<>();
        ConfigRecord config = new ConfigRecord();
        /** The executables its file system holds, which decide what its containers can run. */
        List<String> programs = new ArrayList<>();
        /** Files written by containers and committed (path to content); the catalogue's images have none. */
        Map<String, String> files = new LinkedHashMap<>();
        /** A commit's author, empty otherwise. */
        String author = "";
        /** A commit's message, as Docker keeps it in the image's {@code Comment}; empty otherwise. */
        String comment = "";

        ImageRecord copy() {
            ImageRecord c = new ImageRecord();
            c.files = new LinkedHashMap<>(files);
            c.author = author;
            c.comment = comment;
            c.id = id;
            c.tags = new ArrayList<>(tags);
            c.digests = new ArrayList<>(digests);
            c.created = created;
            c.parent = parent;
            c.layers = new ArrayList<>(layers.stream().map(LayerRecord::copy).toList());
            c.config = config.copy();
            c.programs = new ArrayList<>(programs);
            return c;
        }

        long size() {
            return layers.stream().mapToLong(l -> l.size).sum();
        }

        void check(String where) {
            require(id != null && io.imgctl.domain.image.Digest.isValid(id), where, "invalid id " + id);
            require(created != null, where, "no created time");
            require(parent == null || io.imgctl.domain.image.Digest.isValid(parent), where, "invalid parent " + parent);
            tags = strings(tags, where, "tags");
            digests = strings(digests, where, "digests");
            layers = orEmpty(layers);
            programs = strings(programs, where, "programs");
            files = files == null ? new LinkedHashMap<>() : new LinkedHashMap<>(files);
            require(!files.containsKey(null) && !files.containsValue(null), where, "null in files");
            author = author == null ? "" : author;
            comment = comment == null ? "" : comment;
            config = config == null ? new ConfigRecord() : config;
            config.check(where);
            for (String tag : tags) {
                require(References.parseTag(tag).isPresent(), where, "invalid tag " + tag);
            }
            for (String digest : digests) {
                require(References.parseDigestReference(digest).isPresent(), where, "invalid digest " + digest);
            }
            long total = 0;
            for (int i = 0; i < layers.size(); i++) {
                require(layers.get(i) != null, where, "empty layer");
                layers.get(i).check(where + ".layers[" + i + "]");
                total += layers.get(i).size;
                require(total >= 0, where, "layer sizes beyond " + Long.MAX_VALUE + " bytes");
            }
        }
    }

    /** A line or chunk of a container's output, shown by {@code logs} once its time has come. */
    static final class LogEntry {
        Instant at;
        String text;

        static LogEntry of(Instant at, String text) {
            LogEntry e = new LogEntry();
            e.at = at;
            e.text = text;
            return e;
        }
    }

    /** A container. {@code layers} keeps the image's layers, which outlive a forced image deletion as in Docker. */
    static final class ContainerRecord {
        long sequence;
        String id;
        String name;
        /** The reference it was created from, as given. */
        String image;
        String imageId;
        List<String> entrypoint = new ArrayList<>();
        List<String> cmd = new ArrayList<>();
        String state = "created";
        int exitCode;
        Instant created;
        Instant started;
        Instant finished;
        /** While running: when its program ends by itself ({@code null}: never). */
        Instant endsAt;
        /** While running: the exit code its program ends with at {@link #endsAt}. */
        int pendingExitCode;
        long sizeRw;
        List<LogEntry> logs = new ArrayList<>();
        List<LayerRecord> layers = new ArrayList<>();
        ConfigRecord config = new ConfigRecord();
        List<String> programs = new ArrayList<>();
        /** Its image's files plus what its processes wrote (path to content). */
        Map<String, String> files = new LinkedHashMap<>();

        List<String> command() {
            List<String> all = new ArrayList<>(entrypoint);
            all.addAll(cmd);
            return all;
        }

        boolean isRunning() {
            return "running".equals(state);
        }

        void check(String where) {
            require(id != null && id.matches("[a-f0-9]{64}"), where, "invalid id " + id);
            require(name != null && !name.isEmpty(), where, "no name");
            require(image != null, where, "no image");
            require(imageId != null && io.imgctl.domain.image.Digest.isValid(imageId), where, "invalid imageId " + imageId);
            require(created != null, where, "no created time");
            require(state != null && List.of("created", "running", "exited").contains(state), where,
                    "invalid state " + state);
            entrypoint = strings(entrypoint, where, "entrypoint");
            cmd = strings(cmd, where, "cmd");
            logs = orEmpty(logs);
            layers = orEmpty(layers);
            programs = strings(programs, where, "programs");
            files = files == null ? new LinkedHashMap<>() : new LinkedHashMap<>(files);
            require(!files.containsKey(null) && !files.containsValue(null), where, "null in files");
            config = config == null ? new ConfigRecord() : config;
            config.check(where);
            for (LogEntry entry : logs) {
                require(entry != null && entry.at != null && entry.text != null, where, "invalid log entry");
            }
            for (int i = 0; i < layers.size(); i++) {
                require(layers.get(i) != null, where, "empty layer");
                layers.get(i).check(where + ".layers[" + i + "]");
            }
        }
    }

    /** An image pushed to the offline registry under {@code name:tag} (name fully qualified). */
    static final class PushedImage {
        String name;
        String tag;
        String digest;
        ImageRecord image;

        void check(String where) {
            require(name != null && tag != null, where, "no name or tag");
            require(References.parseTag(name + ":" + tag).isPresent(), where, "invalid name " + name + ":" + tag);
            require(digest != null && io.imgctl.domain.image.Digest.isValid(digest), where, "invalid digest " + digest);
            require(image != null, where, "no image");
            image.check(where + ".image");
        }
    }
}
