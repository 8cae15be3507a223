package io.imgctl.adapter.docker;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Which Docker API calls may rightly stay silent for long: pull and import ({@code POST /images/create}),
 * push, waiting for a container, attach, build and events. They get no call timeout; every other call
 * fails as unanswered after {@code IMGCTL_TIMEOUT} seconds of silence (5 minutes by default), so a daemon
 * that accepts a connection and never answers cannot hang imgctl.
 */
final class StreamingCalls {

    private static final Pattern STREAMING = Pattern.compile(
            "(/v[0-9.]+)?/(images/create|images/.+/push|containers/[^/?]+/(wait|attach)|build|events)([?].*)?");

    private StreamingCalls() {
    }

    /** Whether the call to {@code path} (as sent, query included) is a stream with no call timeout. */
    static boolean isStreaming(String path) {
        return STREAMING.matcher(path).matches();
    }

    /** Why a call timed out, for the one-line message. */
    static String silence(Duration timeout) {
        return "it sent nothing for " + timeout.toSeconds() + " s, the limit for an ordinary call; IMGCTL_TIMEOUT changes it";
    }
}
