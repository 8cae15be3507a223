package io.imgctl.domain.removal;

import static org.assertj.core.api.Assertions.assertThat;

import io.imgctl.domain.image.ImageId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OutcomeTest {

    private static final ImageId CHILD = ImageId.parse("sha256:" + "c1".repeat(32));
    private static final ImageId PARENT = ImageId.parse("sha256:" + "9a".repeat(32));
    private static final RemovalAction DELETE_CHILD = new RemovalAction.DeleteImage(CHILD, Set.of(), Set.of(), false, "no tag left", 10);
    private static final RemovalAction DELETE_PARENT = new RemovalAction.DeleteImage(PARENT, Set.of(), Set.of(), false, "no tag left", 5);

    @Test
    void aDoneActionKnowsWhichImagesTheEngineReportedDeletingAndPrintsItsRecords() {
        Outcome.Done done = Outcome.Done.reported(DELETE_CHILD, List.of(new EngineRecord(EngineRecord.Kind.UNTAGGED, "web:1"),
                new EngineRecord(EngineRecord.Kind.DELETED, CHILD.toString()), new EngineRecord(EngineRecord.Kind.DELETED, PARENT.toString())));

        assertThat(done.reportsDeleted(CHILD)).isTrue();
        assertThat(done.reportsDeleted(PARENT)).isTrue();
        assertThat(done.reportsDeleted(ImageId.parse("sha256:" + "77".repeat(32)))).isFalse();
        assertThat(done.detail()).isEqualTo("Untagged: web:1\nDeleted: " + CHILD + "\nDeleted: " + PARENT);
        assertThat(done.deletedWith()).isEmpty();
    }

    @Test
    void anUntagRecordNamingAnIdIsNotADeletion() {
        Outcome.Done done = Outcome.Done.reported(DELETE_CHILD, List.of(new EngineRecord(EngineRecord.Kind.UNTAGGED, PARENT.toString())));
        assertThat(done.reportsDeleted(PARENT)).isFalse();
    }

    @Test
    void aDeletionTheEngineDidWithAnEarlierActionNamesThatAction() {
        Outcome.Done done = Outcome.Done.with(DELETE_PARENT, DELETE_CHILD);
        assertThat(done.deletedWith()).isEqualTo(Optional.of(DELETE_CHILD));
        assertThat(done.records()).isEmpty();
        assertThat(done.detail()).isEqualTo("deleted by the engine together with " + DELETE_CHILD.target());
    }

    @Test
    void aFailureIsCutShortOnlyWhenTheEngineStoppedAnsweringNotWhenItAnswered() {
        assertThat(new Outcome.Failed(DELETE_CHILD, "conflict").cutShort()).isFalse();
        assertThat(new Outcome.Failed(DELETE_CHILD, "not done: x", Outcome.Failure.NOT_DONE).cutShort()).isTrue();
        assertThat(new Outcome.Failed(DELETE_CHILD, "not confirmed: x", Outcome.Failure.NOT_CONFIRMED).cutShort()).isTrue();
        assertThat(new Outcome.Failed(DELETE_CHILD, "not done: written like one, but an answer").cutShort())
                .as("the detail's words are never read back").isFalse();
    }
}
