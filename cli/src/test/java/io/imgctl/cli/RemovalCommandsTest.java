package io.imgctl.cli;

import static io.imgctl.cli.TestData.imageId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.removal.Kept;
import io.imgctl.domain.removal.EngineRecord;
import io.imgctl.domain.removal.Outcome;
import io.imgctl.domain.removal.Refusal;
import io.imgctl.domain.removal.RemovalAction;
import io.imgctl.domain.removal.RemovalPlan;
import io.imgctl.domain.removal.RemovalReport;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RemovalCommandsTest {

    private static final ImageId ALPINE = imageId("8ca4688f4f35");
    private static final String CONTAINER_ID = "1c2d3e4f5a6b" + "0".repeat(52);

    private final PortsDouble ports = new PortsDouble();

    private static final RemovalAction UNTAG = new RemovalAction.Untag(TestData.ref("alpine:3.13"), ALPINE, "requested");
    private static final RemovalAction DELETE = new RemovalAction.DeleteImage(ALPINE, Set.of(), Set.of(CONTAINER_ID),
            true, "no tag left; stopped container tutorial keeps using it", 7_050_000);
    private static final RemovalAction REMOVE = new RemovalAction.RemoveContainer(CONTAINER_ID, "tutorial", ALPINE,
            false, "uses alpine:3.13 (--with-containers)", 0);

    @Test
    void rmi_prints_untagged_and_deleted_lines_and_exits_zero() {
        RemovalPlan plan = new RemovalPlan(List.of(UNTAG, DELETE), List.of(), List.of(), 7_050_000);
        ports.removalReport = new RemovalReport(plan, List.of(
                Outcome.Done.reported(UNTAG, List.of(new EngineRecord(EngineRecord.Kind.UNTAGGED, "alpine:3.13"))),
                new Outcome.Done(DELETE, "")), false);

        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "rmi", "-f", "alpine:3.13");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).containsExactly("Untagged: alpine:3.13", "Deleted: " + ALPINE);
        assertThat(ports.lastRemoval.targets()).containsExactly("alpine:3.13");
        assertThat(ports.lastRemoval.force()).isTrue();
        assertThat(ports.lastRemoval.withContainers()).isFalse();
        assertThat(ports.lastDryRun).isFalse();
    }

    @Test
    void a_refusal_is_one_daemon_style_line_on_stderr_and_exit_one() {
        String message = "conflict: unable to remove repository reference \"hello-world\" (must force) - container "
                + "1c2d3e4f5a6b (eager_turing) is using its referenced image d2c94e258dcb";
        ports.removalReport = new RemovalReport(new RemovalPlan(List.of(), List.of(),
                List.of(new Refusal("hello-world", Refusal.Kind.CONFLICT, message)), 0), List.of(), false);

        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "rmi", "hello-world");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).containsExactly("Error: " + message);
    }

    @Test
    void partly_done_exits_four_and_reports_the_failure() {
        RemovalPlan plan = new RemovalPlan(List.of(UNTAG, DELETE), List.of(), List.of(), 7_050_000);
        ports.removalReport = new RemovalReport(plan, List.of(
                Outcome.Done.reported(UNTAG, List.of(new EngineRecord(EngineRecord.Kind.UNTAGGED, "alpine:3.13"))),
                new Outcome.Failed(DELETE, "Tried to delete sha256:8ca4688f4f35 but failed because the disk is busy")), false);

        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "rmi", "alpine:3.13");

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.outLines()).containsExactly("Untagged: alpine:3.13");
        assertThat(run.errLines()).containsExactly(
                "Error response from daemon: Tried to delete sha256:8ca4688f4f35 but failed because the disk is busy");
    }

    @Test
    void kept_items_are_a_note_on_stderr() {
        RemovalPlan plan = new RemovalPlan(List.of(UNTAG), List.of(new Kept(ALPINE.toString(),
                "data kept: podman cannot keep container tutorial without it")), List.of(), 0);
        ports.removalReport = new RemovalReport(plan, List.of(new Outcome.Done(UNTAG, "")), false);

        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "rmi", "-f", "alpine:3.13");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).containsExactly("Untagged: alpine:3.13");
        assertThat(run.errLines()).containsExactly(
                "Note: kept " + ALPINE + ": data kept: podman cannot keep container tutorial without it");
    }

    @Test
    void dry_run_prints_the_plan_with_reasons_and_bytes_and_what_it_would_reclaim() {
        RemovalPlan plan = new RemovalPlan(List.of(REMOVE, UNTAG, DELETE), List.of(), List.of(), 7_050_000);
        ports.removalReport = new RemovalReport(plan, List.of(), true);

        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "rmi", "--with-containers", "--dry-run", "alpine:3.13");

        assertThat(run.exitCode()).isZero();
        assertThat(ports.lastDryRun).isTrue();
        assertThat(ports.lastRemoval.withContainers()).isTrue();
        assertThat(run.outLines()).containsExactly(
                "ACTION            TARGET         SIZE      REASON",
                "removeContainer   tutorial       0B        uses alpine:3.13 (--with-containers)",
                "untag             alpine:3.13    0B        requested",
                "deleteImage       8ca4688f4f35   7.05MB    no tag left; stopped container tutorial keeps using it",
                "Would reclaim 7.05MB");
    }

    @Test
    void json_prints_the_removal_document() {
        RemovalPlan plan = new RemovalPlan(List.of(UNTAG, DELETE), List.of(new Kept("x", "y")), List.of(), 7_050_000);
        ports.removalReport = new RemovalReport(plan, List.of(Outcome.Done.reported(UNTAG, List.of(new EngineRecord(EngineRecord.Kind.UNTAGGED, "alpine:3.13"))),
                new Outcome.Skipped(DELETE, "a new tag names it")), false);

        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "rmi", "--format", "json", "alpine:3.13");

        assertThat(run.exitCode()).isEqualTo(4);
        JsonNode doc = run.json();
        assertThat(doc.get("dryRun").asBoolean()).isFalse();
        assertThat(doc.get("actions")).hasSize(2);
        assertThat(doc.get("actions").get(1).get("kind").asText()).isEqualTo("deleteImage");
        assertThat(doc.get("actions").get(1).get("target").asText()).isEqualTo(ALPINE.toString());
        assertThat(doc.get("actions").get(1).get("reason").asText()).startsWith("no tag left");
        assertThat(doc.get("actions").get(1).get("bytes").asLong()).isEqualTo(7_050_000);
        assertThat(doc.get("kept").get(0).get("target").asText()).isEqualTo("x");
        assertThat(doc.get("kept").get(0).get("reason").asText()).isEqualTo("y");
        assertThat(doc.get("reclaimedBytes").asLong()).isEqualTo(7_050_000);
        assertThat(doc.get("outcomes").get(0).get("result").asText()).isEqualTo("done");
        assertThat(doc.get("outcomes").get(0).get("target").asText()).isEqualTo("alpine:3.13");
        assertThat(doc.get("outcomes").get(1).get("result").asText()).isEqualTo("skipped");
        assertThat(doc.get("outcomes").get(1).get("detail").asText()).isEqualTo("a new tag names it");
    }

    @Test
    void rm_prints_each_argument_whose_container_was_removed() {
        ports.removalReport = new RemovalReport(new RemovalPlan(List.of(REMOVE), List.of(),
                List.of(new Refusal("nope", Refusal.Kind.NOT_FOUND, "No such container: nope")), 0),
                List.of(new Outcome.Done(REMOVE, "")), false);

        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "rm", "-f", "1c2d3e", "nope");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.outLines()).containsExactly("1c2d3e");
        assertThat(run.errLines()).containsExactly("Error: No such container: nope");
        assertThat(ports.lastRemovedContainers).containsExactly("1c2d3e", "nope");
        assertThat(ports.lastForce).isTrue();
    }

    /** rmi of two images that the engine stopped answering in the middle of: the second image's actions cut short. */
    private static io.imgctl.application.port.in.RemovalInterruptedException stoppedAfterTheFirstImage() {
        ImageId other = imageId("9a82b5bbd8ea");
        RemovalAction untagOther = new RemovalAction.Untag(TestData.ref("node:alpine3.13"), other, "requested");
        RemovalAction deleteOther = new RemovalAction.DeleteImage(other, Set.of(), Set.of(), false, "no tag left", 1000);
        RemovalPlan plan = new RemovalPlan(List.of(UNTAG, DELETE, untagOther, deleteOther), List.of(), List.of(), 0);
        String why = "Tried to untag node:alpine3.13 on docker at unix:///var/run/docker.sock but it did not answer"
                + " (Connection refused). Start it with: bash scripts/engines.sh up";
        RemovalReport report = new RemovalReport(plan, List.of(
                Outcome.Done.reported(UNTAG, List.of(new EngineRecord(EngineRecord.Kind.UNTAGGED, "alpine:3.13"))),
                Outcome.Done.reported(DELETE, List.of(new EngineRecord(EngineRecord.Kind.DELETED, ALPINE.toString()))),
                new Outcome.Failed(untagOther, io.imgctl.application.port.in.RemovalInterruptedException.NOT_CONFIRMED + why,
                        Outcome.Failure.NOT_CONFIRMED),
                new Outcome.Failed(deleteOther, io.imgctl.application.port.in.RemovalInterruptedException.NOT_DONE + why,
                        Outcome.Failure.NOT_DONE)), false);
        return new io.imgctl.application.port.in.RemovalInterruptedException("Tried to carry out 4 removal actions but the"
                + " engine stopped answering (2 done; not confirmed: untag node:alpine3.13; not done: deleteImage " + other
                + "): " + why, report, new io.imgctl.application.port.out.EngineUnavailableException(why));
    }

    @Test
    void rmi_that_the_engine_stopped_in_the_middle_of_prints_what_was_done_then_one_line_and_exits_three() {
        ports.failure = stoppedAfterTheFirstImage();

        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "rmi", "-f", "alpine:3.13", "node:alpine3.13");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.outLines()).containsExactly("Untagged: alpine:3.13", "Deleted: " + ALPINE);
        assertThat(run.errLines()).containsExactly("Error: " + ports.failure.getMessage());
    }

    @Test
    void rmi_json_that_the_engine_stopped_in_the_middle_of_reports_every_action_and_exits_three() {
        ports.failure = stoppedAfterTheFirstImage();

        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "rmi", "--format", "json", "alpine:3.13", "node:alpine3.13");

        assertThat(run.exitCode()).isEqualTo(3);
        List<String> results = new java.util.ArrayList<>();
        run.json().get("outcomes").forEach(o -> results.add(o.get("result").asText()));
        assertThat(results).containsExactly("done", "done", "failed", "failed");
        assertThat(run.json().get("outcomes").get(3).get("detail").asText()).startsWith("not done: ");
        assertThat(run.errLines()).singleElement().asString().startsWith("Error: Tried to carry out 4 removal actions");
    }

    @Test
    void rm_that_the_engine_stopped_in_the_middle_of_exits_three_with_one_line() {
        ports.failure = stoppedAfterTheFirstImage();

        CliRun run = CliRun.withDouble(ports, "--engine", "fake", "rm", "tutorial");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.errLines()).containsExactly("Error: " + ports.failure.getMessage());
    }
}
