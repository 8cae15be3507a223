package io.imgctl.adapter.fake;

import static io.imgctl.adapter.fake.Fixtures.ref;
import static io.imgctl.adapter.fake.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imgctl.application.port.out.ConflictException;
import io.imgctl.domain.removal.EngineRecord;
import io.imgctl.application.port.out.NotFoundException;
import io.imgctl.application.port.out.PullListener;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.container.ContainerState;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageId;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker's ImageDelete (by ID) and container removal, as engine-apis.md section 1 records them. */
class FakeEngineRemovalTest {

    @TempDir
    Path dir;

    FakeEngine engine;

    @BeforeEach
    void setUp() {
        engine = FakeEngine.create(dir.resolve("state.json"), new TestClock());
    }

    private ImageId pull(String reference) {
        return engine.pull(ref(reference), PullListener.IGNORE).imageId();
    }

    private static List<String> lines(List<EngineRecord> records) {
        return records.stream().map(Object::toString).toList();
    }

    @Test
    void deletingAnImageWithOneTagUntagsItAndDeletesItsDataAndLayers() {
        ImageId id = pull("alpine:3.13");
        String digest = engine.findImage("alpine:3.13").orElseThrow().digests().get(0).toString();
        String layer = engine.findImage("alpine:3.13").orElseThrow().layers().get(0).diffId().toString();

        List<EngineRecord> records = engine.deleteImage(id, false);

        assertThat(lines(records)).containsExactly(
                "Untagged: alpine:3.13",
                "Untagged: " + digest,
                "Deleted: " + id,
                "Deleted: " + layer);
        assertThat(engine.listImages()).isEmpty();
    }

    @Test
    void layersSharedWithAnotherImageAreNotReportedDeleted() {
        pull("alpine:3.13");
        ImageId node = pull("node:alpine3.13");
        List<String> chains = Lookup.chainIds(engine.findImage(node.toString()).orElseThrow().layers().stream()
                .map(FakeEngineRemovalTest::record).toList());
        assertThat(chains).hasSize(4);

        List<EngineRecord> records = engine.deleteImage(node, false);

        assertThat(records).filteredOn(r -> r.kind() == EngineRecord.Kind.DELETED)
                .extracting(EngineRecord::value)
                .containsExactly(node.toString(), chains.get(3), chains.get(2), chains.get(1));
        assertThat(engine.findImage("alpine:3.13")).isPresent();
    }

    private static State.LayerRecord record(io.imgctl.domain.image.Layer layer) {
        State.LayerRecord r = new State.LayerRecord();
        r.diffId = layer.diffId().toString();
        r.size = layer.size();
        return r;
    }

    @Test
    void anImageWithSeveralTagsMustBeForcedById() {
        ImageId id = pull("alpine:3.13");
        engine.tag(id, ref("alpine:mine"));

        assertThatThrownBy(() -> engine.deleteImage(id, false))
                .isInstanceOf(ConflictException.class)
                .hasMessage("conflict: unable to delete " + id.shortId()
                        + " (must be forced) - image is referenced in multiple repositories");
        assertThat(engine.findImage(id.toString()).orElseThrow().tags()).hasSize(2);

        List<EngineRecord> records = engine.deleteImage(id, true);
        assertThat(lines(records)).startsWith("Untagged: alpine:3.13", "Untagged: alpine:mine")
                .contains("Deleted: " + id);
        assertThat(engine.listImages()).isEmpty();
    }

    @Test
    void aStoppedContainerMakesDeletionNeedForceAndForceOrphansIt() {
        ImageId id = pull("alpine:3.13");
        Container container = engine.createContainer(spec("alpine:3.13", "true"));
        engine.startContainer(container.id());

        assertThatThrownBy(() -> engine.deleteImage(id, false))
                .isInstanceOf(ConflictException.class)
                .hasMessage("conflict: unable to delete " + id.shortId()
                        + " (must be forced) - image is being used by stopped container " + container.shortId());
        assertThat(engine.findImage("alpine:3.13")).isPresent();

        List<EngineRecord> records = engine.deleteImage(id, true);

        assertThat(lines(records)).containsExactly(
                "Untagged: alpine:3.13", "Untagged: alpine@" + digestOf313(), "Deleted: " + id);
        Container orphan = engine.findContainer(container.id()).orElseThrow();
        assertThat(orphan.imageId()).isEqualTo(id);
        assertThat(orphan.image()).isEqualTo(id.toString());
        assertThat(orphan.state()).isEqualTo(ContainerState.EXITED);
        assertThat(engine.findImage(id.toString())).isEmpty();
    }

    private String digestOf313() {
        return References.sha256("imgctl-fake/manifest/docker.io/library/alpine:3.13").toString();
    }

    @Test
    void anOrphanedContainerKeepsTheLayersSoAPullFindsThemAndItCanStillStart() {
        ImageId id = pull("alpine:3.13");
        Container container = engine.createContainer(spec("alpine:3.13", "echo", "again"));
        engine.deleteImage(id, true);

        Fixtures.Events events = new Fixtures.Events();
        engine.pull(ref("alpine:3.13"), events);
        assertThat(events.statuses()).contains("Already exists").doesNotContain("Pull complete");
        assertThat(engine.findContainer(container.id()).orElseThrow().image()).isEqualTo("alpine:3.13");

        engine.deleteImage(id, true);
        engine.startContainer(container.id());
        assertThat(engine.logs(container.id())).isEqualTo("again\n");
    }

    @Test
    void aRunningContainerBlocksDeletionByIdEvenWithForce() {
        ImageId id = pull("nginx:alpine");
        Container web = engine.createContainer(spec("nginx:alpine"));
        engine.startContainer(web.id());

        for (boolean force : new boolean[] {false, true}) {
            assertThatThrownBy(() -> engine.deleteImage(id, force))
                    .isInstanceOf(ConflictException.class)
                    .hasMessage("conflict: unable to delete " + id.shortId()
                            + " (cannot be forced) - image is being used by running container " + web.shortId());
        }
        assertThat(engine.findImage("nginx:alpine")).isPresent();
    }

    @Test
    void aDanglingImageUsedByARunningContainerIsStillRefused() {
        ImageId id = pull("nginx:alpine");
        Container web = engine.createContainer(spec("nginx:alpine"));
        engine.startContainer(web.id());
        engine.untag(ref("nginx:alpine"));
        assertThatThrownBy(() -> engine.deleteImage(id, true))
                .isInstanceOf(ConflictException.class).hasMessageContaining("(cannot be forced)");
        assertThat(engine.findContainer(web.id()).orElseThrow().image()).isEqualTo(id.toString());
    }

    @Test
    void anImageWithAChildCannotBeDeletedEvenWithForce() {
        ImageId base = pull("alpine:3.13");
        Container container = engine.createContainer(spec("alpine:3.13", "true"));
        engine.commit(container.id(), ref("child:1"));
        engine.removeContainer(container.id(), false);

        for (boolean force : new boolean[] {false, true}) {
            assertThatThrownBy(() -> engine.deleteImage(base, force))
                    .isInstanceOf(ConflictException.class)
                    .hasMessage("conflict: unable to delete " + base.shortId()
                            + " (cannot be forced) - image has dependent child images");
        }
    }

    @Test
    void deletingAChildNeverPrunesItsUntaggedParent() {
        ImageId base = pull("alpine:3.13");
        Container container = engine.createContainer(spec("alpine:3.13", "true"));
        ImageId child = engine.commit(container.id(), ref("child:1"));
        engine.removeContainer(container.id(), false);
        engine.untag(ref("alpine:3.13"));

        List<EngineRecord> records = engine.deleteImage(child, false);

        assertThat(lines(records)).startsWith("Untagged: child:1", "Deleted: " + child);
        assertThat(lines(records)).doesNotContain("Deleted: " + base);
        assertThat(engine.listImages()).extracting(Image::id).containsExactly(base);
    }

    @Test
    void deletingAChildKeepsATaggedParent() {
        ImageId base = pull("alpine:3.13");
        Container container = engine.createContainer(spec("alpine:3.13", "true"));
        ImageId child = engine.commit(container.id(), ref("child:1"));
        engine.removeContainer(container.id(), false);

        List<EngineRecord> records = engine.deleteImage(child, false);

        assertThat(lines(records)).doesNotContain("Deleted: " + base);
        assertThat(engine.findImage("alpine:3.13")).map(Image::id).contains(base);
    }

    @Test
    void deletingAMissingImageIsNotFound() {
        ImageId missing = ImageId.parse(References.sha256("missing").toString());
        assertThatThrownBy(() -> engine.deleteImage(missing, true))
                .isInstanceOf(NotFoundException.class).hasMessage("No such image: " + missing);
    }

    @Test
    void untaggingTheTagOfAnImageAStoppedContainerUsesIsAllowedAndLeavesTheData() {
        ImageId id = pull("alpine:3.13");
        Container container = engine.createContainer(spec("alpine:3.13", "true"));
        engine.untag(ref("alpine:3.13"));
        assertThat(engine.findImage(id.toString())).isPresent();
        assertThat(engine.findContainer(container.id()).orElseThrow().image()).isEqualTo(id.toString());
    }

    @Test
    void aRunningContainerCannotBeRemovedWithoutForce() {
        pull("alpine:3.13");
        Container container = engine.createContainer(spec("alpine:3.13", "sleep", "infinity"));
        engine.startContainer(container.id());

        assertThatThrownBy(() -> engine.removeContainer(container.name(), false))
                .isInstanceOf(ConflictException.class)
                .hasMessage("You cannot remove a running container " + container.id()
                        + ". Stop the container before attempting removal or force remove");
        assertThat(engine.findContainer(container.id())).isPresent();

        engine.removeContainer(container.name(), true);
        assertThat(engine.listContainers()).isEmpty();
    }

    @Test
    void removingAMissingContainerIsNotFound() {
        assertThatThrownBy(() -> engine.removeContainer("ghost", true))
                .isInstanceOf(NotFoundException.class).hasMessage("No such container: ghost");
    }

    @Test
    void stoppedAndCreatedContainersAreRemovedWithoutForce() {
        pull("alpine:3.13");
        Container created = engine.createContainer(spec("alpine:3.13", "true"));
        Container exited = engine.createContainer(spec("alpine:3.13", "false"));
        engine.startContainer(exited.id());
        engine.removeContainer(created.id().substring(0, 10), false);
        engine.removeContainer(exited.name(), false);
        assertThat(engine.listContainers()).isEmpty();
    }
}
