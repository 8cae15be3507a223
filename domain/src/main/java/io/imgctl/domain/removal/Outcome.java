package io.imgctl.domain.removal;

import io.imgctl.domain.image.ImageId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** What became of one planned action when it was executed. */
public sealed interface Outcome {

    RemovalAction action();

    /** {@code done}, {@code skipped} or {@code failed}, as the JSON output spells it. */
    String result();

    /** Engine records for done ({@code Deleted: sha256:...}), the changed precondition for skipped, the error for failed. */
    String detail();

    /**
     * Done.
     *
     * @param detail      what the JSON output says: the engine's records, a removed container's name, or
     *                    which earlier action the engine did this with
     * @param records     what the engine reported it did (empty when it reported nothing, or for a container)
     * @param deletedWith the earlier action of the same plan that the engine carried this deletion out
     *                    with (Podman deletes an untagged parent together with its last child)
     */
    record Done(RemovalAction action, String detail, List<EngineRecord> records, Optional<RemovalAction> deletedWith)
            implements Outcome {
        public Done {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(detail, "detail");
            records = List.copyOf(records);
            Objects.requireNonNull(deletedWith, "deletedWith");
        }

        /** Done, with nothing the engine reported (a removed container: {@code detail} is its name). */
        public Done(RemovalAction action, String detail) {
            this(action, detail, List.of(), Optional.empty());
        }

        /** Done, as the engine's {@code records} say. */
        public static Done reported(RemovalAction action, List<EngineRecord> records) {
            return new Done(action, records.stream().map(EngineRecord::toString).collect(Collectors.joining("\n")),
                    records, Optional.empty());
        }

        /** Done by the engine together with {@code earlier}, an action of the same plan carried out before it. */
        public static Done with(RemovalAction action, RemovalAction earlier) {
            return new Done(action, "deleted by the engine together with " + earlier.target(), List.of(),
                    Optional.of(earlier));
        }

        /** Whether the engine reported deleting image {@code id} with this action. */
        public boolean reportsDeleted(ImageId id) {
            String value = id.toString();
            return records.stream().anyMatch(r -> r.kind() == EngineRecord.Kind.DELETED && r.value().equals(value));
        }

        @Override
        public String result() {
            return "done";
        }
    }

    record Skipped(RemovalAction action, String detail) implements Outcome {
        public Skipped {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String result() {
            return "skipped";
        }
    }

    /** Why a failed action failed. */
    enum Failure {
        /** The engine answered with a refusal or an error. */
        ERROR,
        /** The engine stopped answering while doing it: it may or may not have been done. */
        NOT_CONFIRMED,
        /** The engine stopped answering before it was attempted. */
        NOT_DONE
    }

    /**
     * Failed.
     *
     * @param detail  the engine's error, or for an action the engine's stop cut short, what the JSON
     *                output says of it ({@code not done: ...})
     * @param failure why
     */
    record Failed(RemovalAction action, String detail, Failure failure) implements Outcome {
        public Failed {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(failure, "failure");
        }

        /** Failed with the engine's error. */
        public Failed(RemovalAction action, String detail) {
            this(action, detail, Failure.ERROR);
        }

        /** Whether the engine's stop cut it short (not confirmed or not done), rather than an answer. */
        public boolean cutShort() {
            return failure != Failure.ERROR;
        }

        @Override
        public String result() {
            return "failed";
        }
    }
}
