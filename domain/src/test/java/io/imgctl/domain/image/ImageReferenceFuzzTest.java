package io.imgctl.domain.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.imgctl.domain.image.ImageReference.AnyReference;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the reference grammar with arbitrary text: whatever a user types (or an engine lists), the
 * parsers either return a valid value or throw the project's own error, never anything else, and what
 * they return reads back to itself.
 *
 * <p>In the normal build these run once per committed input under
 * {@code src/test/resources/io/imgctl/domain/image/ImageReferenceFuzzTestInputs/<method>/} (Jazzer's
 * regression mode); {@code scripts/fuzz.sh} runs each in fuzzing mode for a bounded time.
 */
class ImageReferenceFuzzTest {

    private static String text(byte[] input) {
        return new String(input, StandardCharsets.UTF_8);
    }

    /** {@code ParseNormalizedNamed}: a reference or {@link InvalidReferenceException}; what it gives reads back. */
    @FuzzTest(maxDuration = "30s")
    void parse(byte[] input) {
        String text = text(input);
        ImageReference ref;
        try {
            ref = ImageReference.parse(text);
        } catch (InvalidReferenceException e) {
            assertThat(e.getMessage()).isNotBlank();
            assertThat(e.input()).isEqualTo(text);
            return;
        }
        // Fully qualified: a domain, except (as in Docker) when the first component looks like one (a '.'
        // or ':') without being a valid one, as in a_b.c/x, which the grammar reads as a path.
        if (ref.domain().isEmpty()) {
            String first = text.substring(0, Math.max(0, text.indexOf('/')));
            assertThat(first).containsAnyOf(".", ":");
            assertThat(ImageReference.matchesDomain(first)).isFalse();
        }
        // The tag, if any, is valid on its own.
        assertThat(ref.path()).isNotEmpty().hasSizeLessThanOrEqualTo(ImageReference.NAME_TOTAL_LENGTH_MAX);
        ref.tag().ifPresent(t -> assertThat(ref.withTag(t)).isEqualTo(ref));
        // The normalised form reads back to the same reference, with either parser.
        assertThat(ImageReference.parse(ref.normalized())).isEqualTo(ref);
        assertThat(ImageReference.parseExact(ref.normalized())).isEqualTo(ref);
        assertThat(ImageReference.parseFullyQualified(ref.normalized())).isEqualTo(ref);
        // So does the familiar form, except a 64-hex familiar name, which Docker reads as an image ID.
        if (!ImageReference.isIdentifier(ref.familiarName())) {
            assertThat(ImageReference.parse(ref.familiar())).isEqualTo(ref);
            assertThat(ImageReference.parse(ref.toString())).isEqualTo(ref);
        }
        // Derived references are valid values, and canonical() is what an engine acts on: tag xor digest.
        ImageReference canonical = ref.canonical();
        assertThat(canonical.tag().isPresent()).isNotEqualTo(canonical.digest().isPresent());
        assertThat(ref.withDefaultTag().isNameOnly()).isFalse();
        assertThat(ref.repository().normalized()).isEqualTo(ref.name());
        assertThat(ImageReference.parseName(ref.name())).isEqualTo(ref.repository());
        // A reference always matches its own familiar form as a pattern when it holds no pattern characters.
        if (ref.familiar().chars().noneMatch(c -> c == '*' || c == '?' || c == '[' || c == '\\')) {
            assertThat(ref.familiarMatch(ref.familiar())).isTrue();
        }
        // parseAny agrees with parse on everything that is neither an ID nor a digest.
        if (!ImageReference.isIdentifier(text) && !Digest.isValid(text)) {
            assertThat(ImageReference.parseAny(text)).isEqualTo(new AnyReference.Named(ref));
        }
    }

    /** {@code Parse}: no normalisation; a reference or {@link InvalidReferenceException}, and it reads back. */
    @FuzzTest(maxDuration = "30s")
    void parseExact(byte[] input) {
        String text = text(input);
        ImageReference ref;
        try {
            ref = ImageReference.parseExact(text);
        } catch (InvalidReferenceException e) {
            assertThat(e.getMessage()).isNotBlank();
            assertThat(e.input()).isEqualTo(text);
            return;
        }
        // Nothing is added or dropped: the text is the normalised form.
        assertThat(ref.normalized()).isEqualTo(text);
        assertThat(ImageReference.parseExact(ref.normalized())).isEqualTo(ref);
        assertThat(new ImageReference(ref.domain(), ref.path(), ref.tag(), ref.digest())).isEqualTo(ref);
    }

    /** {@code ParseAnyReference}: an ID or digest alone, else a named reference; only {@link InvalidReferenceException}. */
    @FuzzTest(maxDuration = "30s")
    void parseAny(byte[] input) {
        String text = text(input);
        AnyReference any;
        try {
            any = ImageReference.parseAny(text);
        } catch (InvalidReferenceException e) {
            assertThat(e.getMessage()).isNotBlank();
            assertThatThrownBy(() -> ImageReference.parse(text)).isInstanceOf(InvalidReferenceException.class);
            return;
        }
        if (any instanceof AnyReference.DigestOnly d) {
            assertThat(ImageReference.isIdentifier(text) || Digest.isValid(text)).isTrue();
            assertThat(Digest.parse(d.normalized())).isEqualTo(d.digest());
            assertThat(d.familiar()).isEqualTo(d.normalized());
        } else {
            AnyReference.Named n = (AnyReference.Named) any;
            assertThat(n.reference()).isEqualTo(ImageReference.parse(text));
            assertThat(ImageReference.parseAny(n.normalized())).isEqualTo(any);
        }
    }

    /** go-digest's {@code Parse}: a digest whose text is the input, or a plain {@link IllegalArgumentException}. */
    @FuzzTest(maxDuration = "30s")
    void digest(byte[] input) {
        String text = text(input);
        Digest digest;
        try {
            digest = Digest.parse(text);
        } catch (IllegalArgumentException e) {
            assertThat(e).isExactlyInstanceOf(IllegalArgumentException.class);
            assertThat(e.getMessage()).isIn(Digest.INVALID_FORMAT, Digest.INVALID_LENGTH, Digest.UNSUPPORTED);
            assertThat(Digest.isValid(text)).isFalse();
            return;
        }
        assertThat(digest.toString()).isEqualTo(text);
        assertThat(Digest.isValid(text)).isTrue();
        assertThat(Digest.parseLenient(text)).isEqualTo(digest);
        assertThat(ImageId.parse(text).digest()).isEqualTo(digest);
        assertThat(new ImageId(digest).matchesPrefix(text)).isTrue();
        assertThat(ImageId.parse(text).shortId()).hasSize(12);
    }

    /**
     * {@code FamiliarMatch} with a fuzzed pattern (the {@code reference=} filter): true, false, or
     * {@link IllegalArgumentException} for a malformed pattern, never another failure.
     */
    @FuzzTest(maxDuration = "30s")
    void familiarMatch(byte[] input) {
        String text = text(input);
        int split = text.indexOf('\n');
        String pattern = split < 0 ? text : text.substring(0, split);
        String reference = split < 0 ? "localhost:5000/imgctl/base:1" : text.substring(split + 1);
        ImageReference ref;
        try {
            ref = ImageReference.parse(reference);
        } catch (InvalidReferenceException e) {
            return;
        }
        try {
            boolean matched = ref.familiarMatch(pattern);
            if (pattern.equals(ref.familiar()) && pattern.chars().noneMatch(c -> c == '*' || c == '?' || c == '[' || c == '\\')) {
                assertThat(matched).isTrue();
            }
        } catch (IllegalArgumentException e) {
            assertThat(e).isExactlyInstanceOf(IllegalArgumentException.class);
            assertThat(e.getMessage()).isEqualTo(ImageReference.PathMatch.BAD_PATTERN);
        }
    }
}
