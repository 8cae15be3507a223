package io.imgctl.cli.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imgctl.application.port.out.UsageLedger;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.removal.policy.UsageRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * The usage ledger as a small JSON file ({@code {"images": {"sha256:...": {"pulled": ISO, "lastUsed": ISO}}}}),
 * written atomically: a temporary file (owner-only) in the same directory, forced to disk, then moved
 * over the old one; the directory is created owner-only ({@code 0700}) where imgctl creates it.
 * A file that cannot be read counts as lost: every image is then first seen now, so nothing is mass-deleted.
 */
public final class JsonUsageLedger implements UsageLedger {

    /** Made on first use: commands that never read or write the ledger do not pay for an ObjectMapper. */
    private static final class Mapper {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;

    public JsonUsageLedger(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    @Override
    public Map<ImageId, UsageRecord> load() {
        Map<ImageId, UsageRecord> records = new TreeMap<>();
        JsonNode root;
        try {
            root = Mapper.MAPPER.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return records;
        } catch (IOException e) {
            return records; // unreadable: lost, as after a new install
        }
        JsonNode images = root == null ? null : root.get("images");
        if (images == null || !images.isObject()) {
            return records;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = images.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                Instant pulled = Instant.parse(e.getValue().path("pulled").asText());
                Optional<Instant> used = e.getValue().hasNonNull("lastUsed")
                        ? Optional.of(Instant.parse(e.getValue().get("lastUsed").asText())) : Optional.empty();
                records.put(ImageId.parse(e.getKey()), new UsageRecord(pulled, used));
            } catch (RuntimeException skipped) {
                // one unreadable entry: that image counts as first seen now
            }
        }
        return records;
    }

    /**
     * Load, change and save under an exclusive lock on {@code <ledger>.lock} (waiting for it), so that
     * a pull recorded by one imgctl and a prune's reconciliation in another never lose each other's
     * records. Within this process, updates of the same file take turns first (file locks are per process).
     */
    @Override
    public Map<ImageId, UsageRecord> update(UnaryOperator<Map<ImageId, UsageRecord>> change) {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), p -> new ReentrantLock());
        inProcess.lock();
        try {
            StateFiles.createPrivateDirectories(file.toAbsolutePath().getParent());
            try (FileChannel channel = StateFiles.openPrivate(lockFile);
                 FileLock held = channel.lock()) {
                Map<ImageId, UsageRecord> changed = Map.copyOf(change.apply(load()));
                save(changed);
                return changed;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Tried to update the usage ledger " + file + " but failed because "
                    + e.getMessage(), e);
        } finally {
            inProcess.unlock();
        }
    }

    @Override
    public void save(Map<ImageId, UsageRecord> records) {
        ObjectNode root = Mapper.MAPPER.createObjectNode();
        ObjectNode images = root.putObject("images");
        new TreeMap<>(records).forEach((id, r) -> {
            ObjectNode entry = images.putObject(id.toString());
            entry.put("pulled", r.pulled().toString());
            r.lastUsed().ifPresent(u -> entry.put("lastUsed", u.toString()));
        });
        try {
            StateFiles.createPrivateDirectories(file.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
            try {
                byte[] bytes = Mapper.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    while (buffer.hasRemaining()) {
                        ch.write(buffer);
                    }
                    ch.force(true);
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Tried to write the usage ledger " + file + " but failed because " + e.getMessage(), e);
        }
    }
}
