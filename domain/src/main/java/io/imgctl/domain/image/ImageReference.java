package io.imgctl.domain.image;

import static io.imgctl.domain.image.InvalidReferenceException.INVALID_FORMAT;
import static io.imgctl.domain.image.InvalidReferenceException.NAME_CONTAINS_UPPERCASE;
import static io.imgctl.domain.image.InvalidReferenceException.NAME_EMPTY;
import static io.imgctl.domain.image.InvalidReferenceException.NAME_NOT_CANONICAL;
import static io.imgctl.domain.image.InvalidReferenceException.NAME_TOO_LONG;
import static io.imgctl.domain.image.InvalidReferenceException.TAG_INVALID_FORMAT;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image reference, {@code [domain/]path[:tag][@digest]}, following the grammar and the
 * normalisation of Docker's {@code distribution/reference} package (v0.6.0), whose test tables
 * are ported case by case in this package's tests.
 *
 * <p>{@link #parse(String)} is Docker's {@code ParseNormalizedNamed}: a bare name means
 * {@code docker.io/library/NAME}. {@link #parseExact(String)} is {@code Parse}: no normalisation,
 * the domain may be empty. {@link #parseName(String)} is {@code WithName},
 * {@link #parseFullyQualified(String)} is {@code ParseNamed} and {@link #parseAny(String)} is
 * {@code ParseAnyReference}. {@link #normalized()} is Docker's {@code String()},
 * {@link #familiar()} is {@code FamiliarString}, {@link #withDefaultTag()} is {@code TagNameOnly}
 * and {@link #canonical()} is what {@code ParseDockerRef} returns. {@link #toString()} gives the
 * familiar form, which {@code parse} reads back to an equal value (for references with a domain;
 * the one exception, as in Docker, is {@code docker.io/library/<64 hex>}, whose familiar form
 * reads as an image ID). Where Docker's {@code FamiliarString} would not read back, for a Docker Hub
 * path whose first component looks like a domain ({@code docker.io/foo.bar/app}, whose familiar form
 * in Docker, {@code foo.bar/app}, names the registry {@code foo.bar}), the domain is kept.
 *
 * <p>Every value is valid: the constructor checks each part against the grammar, so a reference
 * built by hand obeys the same rules as a parsed one. Errors are {@link InvalidReferenceException}s
 * carrying Docker's message.
 *
 * @param domain the registry host (and port); empty for references from {@link #parseExact} or
 *               {@link #parseName} without one, and, as in Docker, from {@link #parse} when the first
 *               component looks like a domain without being a valid one ({@code a_b.c/app} is the
 *               path {@code a_b.c/app})
 * @param path   the repository path, e.g. {@code library/alpine}; at most
 *               {@value #NAME_TOTAL_LENGTH_MAX} characters
 * @param tag    the tag, if any
 * @param digest the digest, if any
 */
public record ImageReference(String domain, String path, Optional<String> tag, Optional<Digest> digest) {

    public static final String DEFAULT_DOMAIN = "docker.io";
    public static final String LEGACY_DEFAULT_DOMAIN = "index.docker.io";
    public static final String LOCALHOST = "localhost";
    public static final String OFFICIAL_REPO_PREFIX = "library/";
    public static final String DEFAULT_TAG = "latest";
    /**
     * The longest repository path. Since distribution/reference v0.6.0 the limit applies to the
     * path alone ({@code RepositoryNameTotalLengthMax}), not to domain and path together.
     */
    public static final int NAME_TOTAL_LENGTH_MAX = 255;

    // The grammar, spelled as in distribution/reference/regexp.go.
    private static final String ALPHANUMERIC = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|[-]+)";
    private static final String DOMAIN_NAME_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String OPTIONAL_PORT = "(?::[0-9]+)?";
    private static final String IPV6_ADDRESS = "\\[(?:[a-fA-F0-9:]+)\\]";
    private static final String DOMAIN_NAME = DOMAIN_NAME_COMPONENT + "(?:\\." + DOMAIN_NAME_COMPONENT + ")*";
    private static final String HOST = "(?:" + DOMAIN_NAME + "|" + IPV6_ADDRESS + ")";
    private static final String DOMAIN_AND_PORT = HOST + OPTIONAL_PORT;
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}";
    private static final String IDENTIFIER = "([a-f0-9]{64})";
    private static final String PATH_COMPONENT = ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*";
    private static final String REMOTE_NAME = PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    private static final String NAME = "(?:" + DOMAIN_AND_PORT + "/)?" + REMOTE_NAME;

    // All used with Matcher.matches(), which anchors them at both ends.
    private static final Pattern REFERENCE =
            Pattern.compile("(" + NAME + ")(?::(" + TAG + "))?(?:@(" + DIGEST + "))?");
    private static final Pattern ANCHORED_NAME = Pattern.compile("(?:(" + DOMAIN_AND_PORT + ")/)?(" + REMOTE_NAME + ")");
    private static final Pattern ANCHORED_DOMAIN = Pattern.compile(DOMAIN_AND_PORT);
    private static final Pattern ANCHORED_REMOTE_NAME = Pattern.compile(REMOTE_NAME);
    private static final Pattern ANCHORED_TAG = Pattern.compile(TAG);
    private static final Pattern ANCHORED_IDENTIFIER = Pattern.compile(IDENTIFIER);

    public ImageReference {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(digest, "digest");
        String shown = (domain.isEmpty() ? path : domain + "/" + path)
                + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
        if (!domain.isEmpty() && !ANCHORED_DOMAIN.matcher(domain).matches()) {
            throw new InvalidReferenceException(shown, INVALID_FORMAT);
        }
        if (path.isEmpty()) {
            throw new InvalidReferenceException(shown, NAME_EMPTY);
        }
        if (!ANCHORED_REMOTE_NAME.matcher(path).matches()) {
            boolean onlyCase = ANCHORED_REMOTE_NAME.matcher(path.toLowerCase(Locale.ROOT)).matches();
            throw new InvalidReferenceException(shown, onlyCase ? NAME_CONTAINS_UPPERCASE : INVALID_FORMAT);
        }
        if (path.length() > NAME_TOTAL_LENGTH_MAX) {
            throw new InvalidReferenceException(shown, NAME_TOO_LONG);
        }
        if (tag.isPresent() && !ANCHORED_TAG.matcher(tag.get()).matches()) {
            throw new InvalidReferenceException(shown, TAG_INVALID_FORMAT);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Parsing

    /**
     * Docker's {@code ParseNormalizedNamed}: parses what a user types and fills in Docker Hub's
     * domain and {@code library/} prefix. A 64-hex string is refused (it is an image ID; use
     * {@link #parseAny}).
     *
     * @throws InvalidReferenceException with Docker's message when {@code text} is not a reference
     */
    public static ImageReference parse(String text) {
        Objects.requireNonNull(text, "text");
        if (isIdentifier(text)) {
            throw new InvalidReferenceException(text, "invalid repository name (" + text
                    + "), cannot specify 64-byte hexadecimal strings");
        }
        String[] split = splitDockerDomain(text);
        String domain = split[0];
        String remainder = split[1];
        int tagSep = remainder.indexOf(':');
        String remoteName = tagSep > -1 ? remainder.substring(0, tagSep) : remainder;
        if (!remoteName.toLowerCase(Locale.ROOT).equals(remoteName)) {
            throw new InvalidReferenceException(text,
                    INVALID_FORMAT + ": repository name (" + remoteName + ") must be lowercase");
        }
        try {
            return parseExact(domain + "/" + remainder);
        } catch (InvalidReferenceException e) {
            throw new InvalidReferenceException(text, e.getMessage());
        }
    }

    /**
     * Docker's {@code Parse}: the grammar only, no normalisation; the domain may be empty
     * ({@code test_com} has none, {@code foo/bar} has domain {@code foo}).
     *
     * @throws InvalidReferenceException with Docker's message when {@code text} is not a reference
     */
    public static ImageReference parseExact(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new InvalidReferenceException(text, NAME_EMPTY);
        }
        Matcher m = REFERENCE.matcher(text);
        if (!m.matches()) {
            String lower = text.toLowerCase(Locale.ROOT);
            if (!lower.equals(text) && REFERENCE.matcher(lower).matches()) {
                throw new InvalidReferenceException(text, NAME_CONTAINS_UPPERCASE);
            }
            throw new InvalidReferenceException(text, INVALID_FORMAT);
        }
        Matcher nm = ANCHORED_NAME.matcher(m.group(1));
        if (!nm.matches()) {
            throw new InvalidReferenceException(text, INVALID_FORMAT);
        }
        String domain = nm.group(1) == null ? "" : nm.group(1);
        String path = nm.group(2);
        if (path.length() > NAME_TOTAL_LENGTH_MAX) {
            throw new InvalidReferenceException(text, NAME_TOO_LONG);
        }
        Optional<Digest> digest = Optional.empty();
        if (m.group(3) != null) {
            try {
                digest = Optional.of(Digest.parse(m.group(3)));
            } catch (IllegalArgumentException e) {
                throw new InvalidReferenceException(text, e.getMessage());
            }
        }
        return new ImageReference(domain, path, Optional.ofNullable(m.group(2)), digest);
    }

    /**
     * Docker's {@code WithName}: a repository name alone ({@code [domain/]path}, no tag or digest),
     * not normalised.
     *
     * @throws InvalidReferenceException {@code invalid reference format} or the name-length error
     */
    public static ImageReference parseName(String name) {
        Objects.requireNonNull(name, "name");
        Matcher nm = ANCHORED_NAME.matcher(name);
        if (!nm.matches()) {
            throw new InvalidReferenceException(name, INVALID_FORMAT);
        }
        String domain = nm.group(1) == null ? "" : nm.group(1);
        if (nm.group(2).length() > NAME_TOTAL_LENGTH_MAX) {
            throw new InvalidReferenceException(name, NAME_TOO_LONG);
        }
        return new ImageReference(domain, nm.group(2), Optional.empty(), Optional.empty());
    }

    /**
     * Docker's {@code ParseNamed}: like {@link #parse}, but {@code text} must already be in the
     * fully qualified form ({@code docker.io/library/foo}, not {@code foo}).
     *
     * @throws InvalidReferenceException {@code repository name must be canonical} when it is not
     */
    public static ImageReference parseFullyQualified(String text) {
        ImageReference ref = parse(text);
        if (!ref.normalized().equals(text)) {
            throw new InvalidReferenceException(text, NAME_NOT_CANONICAL);
        }
        return ref;
    }

    /**
     * Docker's {@code ParseAnyReference}: a 64-hex identifier or a full digest yields a digest
     * alone; anything else is parsed by {@link #parse}.
     */
    public static AnyReference parseAny(String text) {
        Objects.requireNonNull(text, "text");
        if (isIdentifier(text)) {
            return new AnyReference.DigestOnly(new Digest(Digest.SHA256, text));
        }
        if (Digest.isValid(text)) {
            return new AnyReference.DigestOnly(Digest.parse(text));
        }
        return new AnyReference.Named(parse(text));
    }

    /** Whether {@code text} is a 64-hex identifier, which can never be a repository name. */
    public static boolean isIdentifier(String text) {
        return ANCHORED_IDENTIFIER.matcher(text).matches();
    }

    /**
     * Docker's {@code splitDockerDomain}: a first component that is {@code localhost}, contains a
     * {@code .} or {@code :}, or has an uppercase letter is a domain; otherwise the domain is
     * Docker Hub, whose one-component names get the {@code library/} prefix.
     */
    private static String[] splitDockerDomain(String name) {
        int slash = name.indexOf('/');
        if (slash < 0) {
            return new String[] {DEFAULT_DOMAIN, OFFICIAL_REPO_PREFIX + name};
        }
        String maybeDomain = name.substring(0, slash);
        String maybeRemoteName = name.substring(slash + 1);
        String domain;
        String remoteName;
        if (LOCALHOST.equals(maybeDomain)) {
            domain = maybeDomain;
            remoteName = maybeRemoteName;
        } else if (LEGACY_DEFAULT_DOMAIN.equals(maybeDomain)) {
            domain = DEFAULT_DOMAIN;
            remoteName = maybeRemoteName;
        } else if (maybeDomain.indexOf('.') >= 0 || maybeDomain.indexOf(':') >= 0
                || !maybeDomain.toLowerCase(Locale.ROOT).equals(maybeDomain)) {
            domain = maybeDomain;
            remoteName = maybeRemoteName;
        } else {
            domain = DEFAULT_DOMAIN;
            remoteName = name;
        }
        if (DEFAULT_DOMAIN.equals(domain) && remoteName.indexOf('/') < 0) {
            remoteName = OFFICIAL_REPO_PREFIX + remoteName;
        }
        return new String[] {domain, remoteName};
    }

    // ---------------------------------------------------------------------------------------------
    // Views and derived references

    /** {@code domain/path}, the repository's full name (Docker's {@code Name()}). */
    public String name() {
        return domain.isEmpty() ? path : domain + "/" + path;
    }

    /**
     * The repository name as users type it (Docker's {@code FamiliarName}): Docker Hub's domain is
     * dropped, and so is {@code library/} before a one-component path: {@code alpine},
     * {@code user/app}, {@code library/foo/bar}, {@code localhost:5000/x}. Docker Hub's domain stays
     * when the path's first component would read as a domain: {@code docker.io/foo.bar/app}.
     */
    public String familiarName() {
        if (DEFAULT_DOMAIN.equals(domain)) {
            if (path.startsWith(OFFICIAL_REPO_PREFIX) && path.indexOf('/', OFFICIAL_REPO_PREFIX.length()) < 0) {
                return path.substring(OFFICIAL_REPO_PREFIX.length());
            }
            int slash = path.indexOf('/');
            if (slash > 0 && looksLikeDomain(path.substring(0, slash))) {
                // Unlike Docker, keep the domain when the path's first component would read as one:
                // "foo.bar/app" is the registry foo.bar, not docker.io/foo.bar/app.
                return name();
            }
            return path;
        }
        return name();
    }

    /** What {@link #splitDockerDomain} takes as a domain: {@code localhost}, a {@code .} or {@code :}, or an uppercase letter. */
    private static boolean looksLikeDomain(String component) {
        return LOCALHOST.equals(component) || component.indexOf('.') >= 0 || component.indexOf(':') >= 0
                || !component.toLowerCase(Locale.ROOT).equals(component);
    }

    /** The fully qualified reference as given, Docker's {@code String()}: {@code docker.io/library/alpine} (no tag added). */
    public String normalized() {
        return name() + suffix();
    }

    /** Docker's {@code FamiliarString}: {@code alpine:3.13}, {@code localhost:5000/demo/busybox:1.0}. */
    public String familiar() {
        return familiarName() + suffix();
    }

    /**
     * The reference an engine acts on, as Docker's {@code ParseDockerRef} returns it:
     * {@code :latest} added when there is neither tag nor digest, the tag dropped when a digest is
     * present.
     */
    public ImageReference canonical() {
        if (digest.isPresent()) {
            return tag.isPresent() ? new ImageReference(domain, path, Optional.empty(), digest) : this;
        }
        return tag.isPresent() ? this : withTag(DEFAULT_TAG);
    }

    /** Docker's {@code IsNameOnly}: neither tag nor digest. */
    public boolean isNameOnly() {
        return tag.isEmpty() && digest.isEmpty();
    }

    /** Docker's {@code TagNameOnly}: adds {@code :latest} when there is neither tag nor digest. */
    public ImageReference withDefaultTag() {
        return isNameOnly() ? withTag(DEFAULT_TAG) : this;
    }

    /**
     * Docker's {@code WithTag}: this repository with {@code newTag}; a digest, if any, is kept.
     *
     * @throws InvalidReferenceException {@code invalid tag format}
     */
    public ImageReference withTag(String newTag) {
        Objects.requireNonNull(newTag, "newTag");
        return new ImageReference(domain, path, Optional.of(newTag), digest);
    }

    /** Docker's {@code WithDigest}: this repository with {@code newDigest}; a tag, if any, is kept. */
    public ImageReference withDigest(Digest newDigest) {
        Objects.requireNonNull(newDigest, "newDigest");
        return new ImageReference(domain, path, tag, Optional.of(newDigest));
    }

    /**
     * Podman's local name for what a user typed as a short name: {@code t/run:1} is also looked up as
     * {@code localhost/t/run:1}, {@code busybox} as {@code localhost/busybox:latest} (Podman names images
     * it tags, commits or builds under short names that way). Empty when {@code text} names a registry,
     * {@code docker.io} included, or is not a reference.
     */
    public static Optional<ImageReference> localhostAlias(String text) {
        Objects.requireNonNull(text, "text");
        ImageReference ref;
        try {
            ref = parse(text);
        } catch (InvalidReferenceException e) {
            return Optional.empty();
        }
        if (!DEFAULT_DOMAIN.equals(ref.domain) || text.startsWith(DEFAULT_DOMAIN + "/")
                || text.startsWith(LEGACY_DEFAULT_DOMAIN + "/")) {
            return Optional.empty();
        }
        ImageReference tagged = ref.withDefaultTag();
        return Optional.of(parse(LOCALHOST + "/" + tagged.familiar()));
    }

    /**
     * What this reference names exactly, as an image's tags and digests are recorded: with a digest,
     * {@code repository@digest} (a tag given beside it dropped); otherwise the tag, {@code latest} by default.
     */
    public ImageReference exactName() {
        return digest.map(d -> repository().withDigest(d)).orElseGet(this::withDefaultTag);
    }

    /** The repository alone, without tag or digest (Docker's {@code TrimNamed}). */
    public ImageReference repository() {
        return new ImageReference(domain, path, Optional.empty(), Optional.empty());
    }

    /** The tag, or {@code latest} when none is set. */
    public String tagOrLatest() {
        return tag.orElse(DEFAULT_TAG);
    }

    /**
     * Docker's {@code FamiliarMatch}: whether the shell pattern (Go's {@code path.Match} syntax:
     * {@code *}, {@code ?}, {@code [...]}, {@code \}) matches {@link #familiar()} or, failing
     * that, {@link #familiarName()}.
     *
     * @throws IllegalArgumentException {@code syntax error in pattern} for a malformed pattern
     */
    public boolean familiarMatch(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        return PathMatch.matches(pattern, familiar()) || PathMatch.matchesQuietly(pattern, familiarName());
    }

    private String suffix() {
        return tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    }

    @Override
    public String toString() {
        return familiar();
    }

    // ---------------------------------------------------------------------------------------------
    // ParseAnyReference's result

    /** What {@link #parseAny} gives: a repository reference, or a digest alone (an image ID). */
    public sealed interface AnyReference permits AnyReference.Named, AnyReference.DigestOnly {

        /** Docker's {@code String()}: the fully qualified reference, or the digest. */
        String normalized();

        /** Docker's {@code FamiliarString}. */
        String familiar();

        /** Docker's {@code FamiliarMatch}; see {@link ImageReference#familiarMatch}. */
        boolean familiarMatch(String pattern);

        /** A reference that names a repository. */
        record Named(ImageReference reference) implements AnyReference {
            public Named {
                Objects.requireNonNull(reference, "reference");
            }

            @Override
            public String normalized() {
                return reference.normalized();
            }

            @Override
            public String familiar() {
                return reference.familiar();
            }

            @Override
            public boolean familiarMatch(String pattern) {
                return reference.familiarMatch(pattern);
            }
        }

        /** A digest with no repository, such as an image ID. */
        record DigestOnly(Digest digest) implements AnyReference {
            public DigestOnly {
                Objects.requireNonNull(digest, "digest");
            }

            @Override
            public String normalized() {
                return digest.toString();
            }

            @Override
            public String familiar() {
                return digest.toString();
            }

            @Override
            public boolean familiarMatch(String pattern) {
                return PathMatch.matches(pattern, digest.toString());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The grammar's regular expressions, for the ported regexp tests

    /** Whether {@code text} matches the grammar's {@code domainAndPort} (Docker's {@code DomainRegexp}, anchored). */
    static boolean matchesDomain(String text) {
        return ANCHORED_DOMAIN.matcher(text).matches();
    }

    /** The submatches (domain, path) of the anchored name regexp, {@code ""} for an absent group; empty when it does not match. */
    static Optional<List<String>> matchName(String text) {
        return submatches(ANCHORED_NAME, text);
    }

    /** The submatches (name, tag, digest) of the reference regexp, {@code ""} for an absent group; empty when it does not match. */
    static Optional<List<String>> matchReference(String text) {
        return submatches(REFERENCE, text);
    }

    private static Optional<List<String>> submatches(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        List<String> groups = new ArrayList<>();
        for (int i = 1; i <= m.groupCount(); i++) {
            groups.add(m.group(i) == null ? "" : m.group(i));
        }
        return Optional.of(List.copyOf(groups));
    }

    /** Go's {@code path.Match}, the shell-pattern matcher behind {@code FamiliarMatch}. */
    static final class PathMatch {

        static final String BAD_PATTERN = "syntax error in pattern";

        private PathMatch() {
        }

        private record Chunk(boolean star, String chunk, String rest) {
        }

        /** Like {@link #matches}, but a malformed pattern simply does not match. */
        static boolean matchesQuietly(String pattern, String name) {
            try {
                return matches(pattern, name);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        /**
         * Whether {@code name} matches the whole of {@code pattern}. {@code *} matches any run of
         * characters but {@code /}, {@code ?} one character but {@code /}, {@code [a-z]} and
         * {@code [^a-z]} a class, {@code \} escapes.
         *
         * @throws IllegalArgumentException {@value #BAD_PATTERN}
         */
        static boolean matches(String pattern, String name) {
            String p = pattern;
            String n = name;
            nextChunk:
            while (!p.isEmpty()) {
                Chunk c = scanChunk(p);
                p = c.rest();
                if (c.star() && c.chunk().isEmpty()) {
                    // A trailing * matches the rest of the name unless it holds a /.
                    return n.indexOf('/') < 0;
                }
                String rest = matchChunk(c.chunk(), n);
                if (rest != null && (rest.isEmpty() || !p.isEmpty())) {
                    n = rest;
                    continue;
                }
                if (c.star()) {
                    // Let the star swallow 1, 2, ... characters, never a /.
                    for (int i = 0; i < n.length() && n.charAt(i) != '/'; i++) {
                        String t = matchChunk(c.chunk(), n.substring(i + 1));
                        if (t != null) {
                            if (p.isEmpty() && !t.isEmpty()) {
                                continue;
                            }
                            n = t;
                            continue nextChunk;
                        }
                    }
                }
                // No match; still report a malformed remainder of the pattern.
                while (!p.isEmpty()) {
                    Chunk r = scanChunk(p);
                    p = r.rest();
                    matchChunk(r.chunk(), "");
                }
                return false;
            }
            return n.isEmpty();
        }

        private static Chunk scanChunk(String pattern) {
            int start = 0;
            boolean star = false;
            while (start < pattern.length() && pattern.charAt(start) == '*') {
                start++;
                star = true;
            }
            String p = pattern.substring(start);
            boolean inRange = false;
            int i = 0;
            scan:
            for (; i < p.length(); i++) {
                switch (p.charAt(i)) {
                    case '\\' -> {
                        if (i + 1 < p.length()) {
                            i++;
                        }
                    }
                    case '[' -> inRange = true;
                    case ']' -> inRange = false;
                    case '*' -> {
                        if (!inRange) {
                            break scan;
                        }
                    }
                    default -> {
                        // an ordinary character
                    }
                }
            }
            return new Chunk(star, p.substring(0, i), p.substring(i));
        }

        /** The rest of {@code s} after {@code chunk} matched its start, or null; checks the whole chunk's syntax. */
        private static String matchChunk(String chunk, String s) {
            boolean failed = false;
            int ci = 0;
            int si = 0;
            while (ci < chunk.length()) {
                if (!failed && si >= s.length()) {
                    failed = true;
                }
                char c = chunk.charAt(ci);
                if (c == '[') {
                    int r = -1;
                    if (!failed) {
                        r = s.codePointAt(si);
                        si += Character.charCount(r);
                    }
                    ci++;
                    boolean negated = false;
                    if (ci < chunk.length() && chunk.charAt(ci) == '^') {
                        negated = true;
                        ci++;
                    }
                    boolean match = false;
                    int ranges = 0;
                    while (true) {
                        if (ci < chunk.length() && chunk.charAt(ci) == ']' && ranges > 0) {
                            ci++;
                            break;
                        }
                        int[] lo = escaped(chunk, ci);
                        ci = lo[1];
                        int hi = lo[0];
                        if (chunk.charAt(ci) == '-') {
                            int[] h = escaped(chunk, ci + 1);
                            hi = h[0];
                            ci = h[1];
                        }
                        if (lo[0] <= r && r <= hi) {
                            match = true;
                        }
                        ranges++;
                    }
                    if (match == negated) {
                        failed = true;
                    }
                } else if (c == '?') {
                    if (!failed) {
                        if (s.charAt(si) == '/') {
                            failed = true;
                        }
                        si += Character.charCount(s.codePointAt(si));
                    }
                    ci++;
                } else {
                    if (c == '\\') {
                        ci++;
                        if (ci >= chunk.length()) {
                            throw new IllegalArgumentException(BAD_PATTERN);
                        }
                    }
                    if (!failed) {
                        if (chunk.charAt(ci) != s.charAt(si)) {
                            failed = true;
                        }
                        si++;
                    }
                    ci++;
                }
            }
            return failed ? null : s.substring(si);
        }

        /** One character of a class, {@code \}-escaped or not: {code point, index after it}. */
        private static int[] escaped(String chunk, int index) {
            int i = index;
            if (i >= chunk.length() || chunk.charAt(i) == '-' || chunk.charAt(i) == ']') {
                throw new IllegalArgumentException(BAD_PATTERN);
            }
            if (chunk.charAt(i) == '\\') {
                i++;
                if (i >= chunk.length()) {
                    throw new IllegalArgumentException(BAD_PATTERN);
                }
            }
            int r = chunk.codePointAt(i);
            i += Character.charCount(r);
            if (i >= chunk.length()) {
                throw new IllegalArgumentException(BAD_PATTERN);
            }
            return new int[] {r, i};
        }
    }
}
