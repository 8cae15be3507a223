package io.imgctl.domain.removal;

import java.util.Objects;

/** What became of one planned action when it was executed. */
public sealed interface Outcome {

    /**
     * The start of a {@link Done} detail for a deletion the engine carried out together with an
     * earlier action of the same plan (Podman deletes an untagged parent with its last child).
     */
    String DELETED_WITH_EARLIER_ACTION = "deleted by the engine together with ";

    RemovalAction action();

    /** {@code done}, {@code skipped} or {@code failed}, as the JSON output spells it. */
    String result();

    /** Engine records for done ({@code Deleted: sha256:...}), the changed precondition for skipped, the error for failed. */
    String detail();

    record Done(RemovalAction action, String detail) implements Outcome {
        public Done {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(detail, "detail");
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

    record Failed(RemovalAction action, String detail) implements Outcome {
        public Failed {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String result() {
            return "failed";
        }
    }
}
