package io.imgctl.adapter.fake;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.imgctl.application.port.out.EngineFailureException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Keeps the built-in engine's {@link State} in one JSON file. A missing file is an empty engine. A
 * file that cannot be read as a state is reported in one line naming it, and never overwritten.
 * Every save writes a temporary file in the same directory, syncs it to disk and renames it over the
 * state file atomically, so a reader sees the old state or the new one, never half of either.
 * Changes hold an exclusive lock on a sibling {@code .lock} file, so two imgctl processes that
 * change the state at once do not lose each other's work. The file, its lock and the folders created
 * for them are the owner's only ({@code rw-------}, {@code rwx------}).
 */
final class StateStore {

    private static final String AFRESH = ". Move it away or delete it to start afresh";
    private static final boolean POSIX = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    /** One lock per state file for this process, the in-process half of the file lock. */
    private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;
    private final ObjectMapper mapper;

    StateStore(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .visibility(PropertyAccessor.ALL, Visibility.NONE)
                .visibility(PropertyAccessor.FIELD, Visibility.ANY)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    Path file() {
        return file;
    }

    /** The current state; an empty one when the file does not exist yet. */
    State load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new State();
        } catch (AccessDeniedException e) {
            throw failure("read", "it is not readable (permission denied). Fix its permissions or move it away");
        } catch (IOException e) {
            throw failure("read", "failed because " + describe(e) + AFRESH);
        }
        if (bytes.length == 0 || new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw failure("read", "it is empty" + AFRESH);
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            // A syntax error, or (a databind error) content after the first value: "{} {}", "[][]".
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw failure("read", "it is not valid JSON" + where + ": " + clean(e.getOriginalMessage()) + AFRESH);
        } catch (IOException e) {
            throw failure("read", "failed because " + describe(e) + AFRESH);
        }
        State state;
        try {
            state = mapper.treeToValue(tree, State.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw failure("read", "it is not a state file of the built-in engine: " + clean(message) + AFRESH);
        }
        if (state == null) {
            throw failure("read", "it holds no state (null)" + AFRESH);
        }
        try {
            state.check();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw failure("read", "it is not a state file of the built-in engine: " + e.getMessage() + AFRESH);
        }
        return state;
    }

    /** Loads, changes and saves the state under the lock; returns what {@code change} returns. */
    <T> T update(Function<State, T> change) {
        try {
            createOwnerOnlyDirectories(file.getParent());
        } catch (IOException e) {
            throw failure("save", "failed because its directory cannot be created: " + describe(e));
        }
        // A file lock excludes other processes only; within this one the JVM refuses a second lock on
        // the same file, so threads (and engines) sharing the file take turns on a lock of their own.
        ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
        inProcess.lock();
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        try (FileChannel lockChannel = openOwnerOnly(lockFile);
             FileLock lock = lockChannel.lock()) {
            State state = load();
            T result = change.apply(state);
            save(state);
            return result;
        } catch (IOException e) {
            throw failure("lock", "failed because " + lockFile + " cannot be locked: " + describe(e));
        } finally {
            inProcess.unlock();
        }
    }

    /** Writes the state atomically: temp file in the same directory, fsync, atomic rename, directory fsync. */
    void save(State state) {
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(state);
        } catch (JsonProcessingException e) {
            throw failure("save", "failed because it cannot be written as JSON: " + firstLine(e.getOriginalMessage()));
        }
        Path dir = file.getParent();
        Path tmp = null;
        try {
            createOwnerOnlyDirectories(dir);
            // A temporary file is created rw------- (POSIX), and the rename keeps that.
            tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
            syncDirectory(dir);
        } catch (IOException e) {
            throw failure("save", "failed because " + describe(e));
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the failure above is what the user needs to hear about
                }
            }
        }
    }

    /**
     * The state says what is on the machine: folders imgctl creates for it are {@code rwx------}, and the
     * lock file {@code rw-------} (POSIX file systems; elsewhere the platform's defaults).
     */
    private static void createOwnerOnlyDirectories(Path dir) throws IOException {
        if (POSIX) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    private static FileChannel openOwnerOnly(Path lockFile) throws IOException {
        java.util.Set<StandardOpenOption> options = java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (POSIX) {
            return FileChannel.open(lockFile, options,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return FileChannel.open(lockFile, options);
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // some platforms cannot sync a directory; the rename itself is still atomic
        }
    }

    private EngineFailureException failure(String verb, String why) {
        String what = switch (verb) {
            case "read" -> "Tried to read the fake engine's state from " + file + " but ";
            case "save" -> "Tried to save the fake engine's state to " + file + " but ";
            default -> "Tried to lock the fake engine's state " + file + " but ";
        };
        return new EngineFailureException(printable(what + why));
    }

    /**
     * The message on one line: the reasons quote values from the file, which can hold anything, so
     * control characters (line breaks, a terminal's escape) are shown as Java escapes ({@code \n}, {@code \t},
     * and the {@code \}{@code u} form for the others).
     */
    static String printable(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        b.append(String.format("\\u%04x", c));
                    } else {
                        b.appendCodePoint(c);
                    }
                }
            }
        });
        return b.toString();
    }

    private static String describe(IOException e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        return e.getClass().getSimpleName() + message;
    }

    /** Jackson's message without its source excerpts, on one line. */
    private static String clean(String text) {
        if (text == null) {
            return "";
        }
        return firstLine(text)
                .replaceAll("\\s*\\(for \\w+ starting at \\[Source:.*?\\]\\)", "")
                .replaceAll("\\s*at \\[Source:.*?\\]", "")
                .trim();
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
