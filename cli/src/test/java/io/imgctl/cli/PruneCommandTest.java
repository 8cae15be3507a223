package io.imgctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.imgctl.application.port.out.PruneLock;
import io.imgctl.cli.state.FilePruneLock;
import io.imgctl.cli.state.JsonUsageLedger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prune} end to end on the built-in engine, with its own state directory. */
class PruneCommandTest {

    @TempDir
    Path dir;

    private CliRun imgctl(String... args) {
        String[] line = new String[args.length + 2];
        line[0] = "--engine";
        line[1] = "fake";
        System.arraycopy(args, 0, line, 2, args.length);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = ServedRuns.main(new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("IMGCTL_FAKE_STATE", dir.resolve("state.json").toString(), "HOME", dir.toString(),
                        "XDG_STATE_HOME", dir.resolve("xdg").toString(), "IMGCTL_LOCK_DIR", dir.resolve("lock").toString()),
                line);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static JsonNode planPart(JsonNode removal) {
        com.fasterxml.jackson.databind.node.ObjectNode plan = removal.deepCopy();
        plan.remove("outcomes");
        plan.remove("dryRun");
        return plan;
    }

    @Test
    void dry_run_prints_exactly_the_plan_the_real_run_executes() {
        imgctl("pull", "alpine:3.13");
        imgctl("pull", "hello-world");
        imgctl("run", "--name", "user", "alpine:3.13", "true");

        CliRun dry = imgctl("prune", "--unused", "--dry-run", "--format", "json");
        CliRun real = imgctl("prune", "--unused", "--format", "json");

        assertThat(dry.exitCode()).isZero();
        assertThat(dry.json().get("dryRun").asBoolean()).isTrue();
        assertThat(planPart(dry.json())).isEqualTo(planPart(real.json()));
        assertThat(real.json().get("actions")).hasSize(2); // untag hello-world, delete it
        assertThat(real.json().get("outcomes")).allSatisfy(o -> assertThat(o.get("result").asText()).isEqualTo("done"));
        assertThat(real.json().get("kept").toString()).contains("alpine:3.13").contains("in use by container");
        assertThat(imgctl("images", "-q").outLines()).hasSize(1);
    }

    @Test
    void the_table_output_shows_the_engine_records_and_the_total() {
        imgctl("pull", "hello-world");
        CliRun plan = imgctl("prune", "--unused", "--dry-run");
        assertThat(plan.outLines().get(0)).startsWith("ACTION");
        assertThat(plan.out()).contains("deleteImage").contains("unused: no container uses it").contains("Would reclaim");

        CliRun run = imgctl("prune", "--unused");
        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).contains("Untagged: hello-world:latest");
        assertThat(run.outLines()).last().asString().startsWith("Total reclaimed space: ");
    }

    @Test
    void after_a_new_ledger_nothing_is_old_and_the_ledger_records_first_sight() {
        imgctl("pull", "alpine:3.13"); // built long ago, pulled now
        CliRun prune = imgctl("prune", "--older-than", "1h", "--format", "json");
        assertThat(prune.exitCode()).isZero();
        assertThat(prune.json().get("actions")).isEmpty();
        assertThat(prune.json().get("kept").toString()).contains("younger than --older-than 1h");
        assertThat(new JsonUsageLedger(dir.resolve("xdg/imgctl/usage-fake.json")).load()).hasSize(1);

        CliRun byCreation = imgctl("prune", "--older-than", "1h", "--age-basis", "created", "--dry-run", "--format", "json");
        assertThat(byCreation.json().get("actions").toString()).contains("deleteImage").contains("created");
    }

    @Test
    void an_invalid_keep_pattern_or_option_fails_with_exit_2_before_anything_is_removed() {
        imgctl("pull", "hello-world");
        CliRun bad = imgctl("prune", "--unused", "--keep", "hello-[world");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.errLines()).singleElement().asString().contains("invalid --keep pattern").contains("syntax error");
        assertThat(imgctl("prune", "--older-than", "soon").exitCode()).isEqualTo(2);
        assertThat(imgctl("prune", "--until-size", "150%").exitCode()).isEqualTo(2);
        assertThat(imgctl("images", "-q").outLines()).hasSize(1);
    }

    @Test
    void a_second_concurrent_prune_exits_1_saying_another_prune_holds_the_lock() throws Exception {
        imgctl("pull", "hello-world");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread holder = new Thread(() -> {
            try (PruneLock.Held h = lock().acquire()) {
                held.countDown();
                done.await();
            } catch (Throwable t) {
                failure.set(t);
                held.countDown();
            }
        });
        holder.start();
        held.await();
        CliRun second = imgctl("prune", "--unused");
        done.countDown();
        holder.join();

        assertThat(failure.get()).isNull();
        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.errLines()).singleElement().asString().contains("another prune holds the lock");
        assertThat(imgctl("images", "-q").outLines()).hasSize(1);
        assertThat(imgctl("prune", "--unused").exitCode()).isZero(); // released
        assertThat(Files.exists(lock().file())).isTrue();
    }

    /** The lock as imgctl takes it with this test's settings: in {@code lock/} as root, else in the state directory. */
    private FilePruneLock lock() {
        return new FilePruneLock(dir.resolve("lock"), dir.resolve("xdg/imgctl"));
    }

    @Test
    void pull_run_tag_and_commit_are_recorded_in_the_engines_usage_ledger() throws Exception {
        java.time.Instant before = java.time.Instant.now();
        imgctl("pull", "hello-world");
        imgctl("run", "--name", "work", "alpine:3.13", "true");
        imgctl("tag", "alpine:3.13", "mine/alpine:1");
        CliRun commit = imgctl("commit", "work", "mine/work:1");
        assertThat(commit.exitCode()).isZero();

        Path file = dir.resolve("xdg/imgctl/usage-fake.json");
        var records = new JsonUsageLedger(file).load();
        String alpine = imgctl("images", "-q", "--no-trunc", "alpine:3.13").out().trim();
        String hello = imgctl("images", "-q", "--no-trunc", "hello-world").out().trim();
        String work = imgctl("images", "-q", "--no-trunc", "mine/work:1").out().trim();
        assertThat(records.keySet()).extracting(Object::toString).containsExactlyInAnyOrder(alpine, hello, work);
        assertThat(records.values()).allSatisfy(r -> assertThat(r.pulled()).isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        assertThat(records.entrySet()).filteredOn(e -> e.getKey().toString().equals(alpine)).singleElement()
                .satisfies(e -> assertThat(e.getValue().lastUsed()).isPresent());
        assertThat(records.entrySet()).filteredOn(e -> e.getKey().toString().equals(hello)).singleElement()
                .satisfies(e -> assertThat(e.getValue().lastUsed()).isEmpty());
        if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                    .isEqualTo("rwx------");
        }
    }

    @Test
    void after_the_ledger_is_lost_a_prune_by_age_deletes_nothing() throws Exception {
        imgctl("pull", "hello-world");
        imgctl("pull", "alpine:3.13");
        Path file = dir.resolve("xdg/imgctl/usage-fake.json");
        // Pulled 60 days ago, as far as the ledger knows: an age prune removes both.
        String old = java.time.Instant.now().minus(java.time.Duration.ofDays(60)).toString();
        Files.writeString(file, Files.readString(file).replaceAll("\"pulled\" : \"[^\"]+\"", "\"pulled\" : \"" + old + "\""));
        assertThat(imgctl("prune", "--older-than", "30d", "--dry-run", "--format", "json").json().get("actions").toString())
                .contains("hello-world").contains("alpine");

        Files.writeString(file, "{\"images\": {\"sha256:"); // lost: truncated by a crash
        CliRun afterLoss = imgctl("prune", "--older-than", "30d", "--format", "json");
        Files.delete(file); // lost: deleted
        CliRun afterDeletion = imgctl("prune", "--older-than", "30d", "--format", "json");

        assertThat(afterLoss.exitCode()).isZero();
        assertThat(afterLoss.json().get("actions")).isEmpty();
        assertThat(afterDeletion.json().get("actions")).isEmpty();
        assertThat(imgctl("images", "-q").outLines()).hasSize(2);
        assertThat(new JsonUsageLedger(file).load()).hasSize(2); // written again, every image first seen now
    }
}
