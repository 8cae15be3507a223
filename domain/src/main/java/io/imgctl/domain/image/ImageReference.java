package io.imgctl.domain.image;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image reference, {@code [domain/]path[:tag][@digest]}, following the grammar and the
 * normalisation of Docker's {@code distribution/reference} package.
 *
 * <p>{@link #parse(String)} is Docker's {@code ParseNormalizedNamed}: a bare name means
 * {@code docker.io/library/NAME}. {@link #parseExact(String)} is {@code Parse}: no normalisation,
 * the domain may be empty. {@link #toString()} gives the familiar form, which {@code parse} reads
 * back to an equal value.
 *
 * @param domain the registry host (and port); empty only for references from {@link #parseExact}
 * @param path   the repository path, e.g. {@code library/alpine}
 * @param tag    the tag, if any
 * @param digest the digest, if any
 */
public record ImageReference(String domain, String path, Optional<String> tag, Optional<Digest> digest) {

    public static final String DEFAULT_DOMAIN = "docker.io";
    public static final String LEGACY_DEFAULT_DOMAIN = "index.docker.io";
    public static final String OFFICIAL_REPO_PREFIX = "library/";
    public static final String DEFAULT_TAG = "latest";
    public static final int NAME_TOTAL_LENGTH_MAX = 255;

    // The grammar, spelled as in distribution/reference/regexp.go.
    private static final String ALPHANUMERIC = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|[-]+)";
    private static final String DOMAIN_NAME_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String IPV6_ADDRESS = "\\[(?:[a-fA-F0-9:]+)\\]";
    private static final String DOMAIN_NAME = DOMAIN_NAME_COMPONENT + "(?:\\." + DOMAIN_NAME_COMPONENT + ")*";
    private static final String HOST = "(?:" + DOMAIN_NAME + "|" + IPV6_ADDRESS + ")";
    private static final String DOMAIN_AND_PORT = HOST + "(?::[0-9]+)?";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}";
    private static final String PATH_COMPONENT = ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*";
    private static final String REMOTE_NAME = PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    private static final String NAME = "(?:" + DOMAIN_AND_PORT + "/)?" + REMOTE_NAME;

    private static final Pattern REFERENCE =
            Pattern.compile("^(" + NAME + ")(?::(" + TAG + "))?(?:@(" + DIGEST + "))?$");
    private static final Pattern ANCHORED_NAME =
            Pattern.compile("^(?:(" + DOMAIN_AND_PORT + ")/)?(" + REMOTE_NAME + ")$");
    private static final Pattern ANCHORED_TAG = Pattern.compile("^" + TAG + "$");
    private static final Pattern ANCHORED_IDENTIFIER = Pattern.compile("^[a-f0-9]{64}$");

    public ImageReference {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(digest, "digest");
        if (path.isEmpty()) {
            throw new InvalidReferenceException(path, "repository name must have at least one component");
        }
        tag.ifPresent(t -> {
            if (!ANCHORED_TAG.matcher(t).matches()) {
                throw new InvalidReferenceException(t, "invalid tag format");
            }
        });
    }

    /**
     * Docker's {@code ParseNormalizedNamed}: parses what a user types and fills in Docker Hub's
     * domain and {@code library/} prefix. Throws {@link InvalidReferenceException} with Docker's message.
     */
    public static ImageReference parse(String text) {
        Objects.requireNonNull(text, "text");
        if (ANCHORED_IDENTIFIER.matcher(text).matches()) {
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
                    "invalid reference format: repository name (" + remoteName + ") must be lowercase");
        }
        return parseExact(domain + "/" + remainder);
    }

    /** Docker's {@code Parse}: the grammar only, no normalisation; the domain may be empty. */
    public static ImageReference parseExact(String text) {
        Objects.requireNonNull(text, "text");
        Matcher m = REFERENCE.matcher(text);
        if (!m.matches()) {
            if (text.isEmpty()) {
                throw new InvalidReferenceException(text, "repository name must have at least one component");
            }
            if (REFERENCE.matcher(text.toLowerCase(Locale.ROOT)).matches()) {
                throw new InvalidReferenceException(text, "repository name must be lowercase");
            }
            throw new InvalidReferenceException(text, "invalid reference format");
        }
        String name = m.group(1);
        if (name.length() > NAME_TOTAL_LENGTH_MAX) {
            throw new InvalidReferenceException(text,
                    "repository name must not be more than " + NAME_TOTAL_LENGTH_MAX + " characters");
        }
        Matcher nm = ANCHORED_NAME.matcher(name);
        if (!nm.matches()) {
            throw new InvalidReferenceException(text, "invalid reference format");
        }
        String domain = nm.group(1) == null ? "" : nm.group(1);
        Optional<Digest> digest = Optional.empty();
        if (m.group(3) != null) {
            try {
                digest = Optional.of(Digest.parse(m.group(3)));
            } catch (IllegalArgumentException e) {
                throw new InvalidReferenceException(text, e.getMessage());
            }
        }
        return new ImageReference(domain, nm.group(2), Optional.ofNullable(m.group(2)), digest);
    }

    /** Whether {@code text} is a 64-hex identifier, which can never be a repository name. */
    public static boolean isIdentifier(String text) {
        return ANCHORED_IDENTIFIER.matcher(text).matches();
    }

    private static String[] splitDockerDomain(String name) {
        String domain;
        String remainder;
        int i = name.indexOf('/');
        if (i == -1 || (!containsAny(name.substring(0, i), ".:")
                && !"localhost".equals(name.substring(0, i))
                && name.substring(0, i).toLowerCase(Locale.ROOT).equals(name.substring(0, i)))) {
            domain = DEFAULT_DOMAIN;
            remainder = name;
        } else {
            domain = name.substring(0, i);
            remainder = name.substring(i + 1);
        }
        if (LEGACY_DEFAULT_DOMAIN.equals(domain)) {
            domain = DEFAULT_DOMAIN;
        }
        if (DEFAULT_DOMAIN.equals(domain) && remainder.indexOf('/') == -1) {
            remainder = OFFICIAL_REPO_PREFIX + remainder;
        }
        return new String[] {domain, remainder};
    }

    private static boolean containsAny(String s, String chars) {
        for (int i = 0; i < chars.length(); i++) {
            if (s.indexOf(chars.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** {@code domain/path}, the repository's full name. */
    public String name() {
        return domain.isEmpty() ? path : domain + "/" + path;
    }

    /** The repository name as users type it: {@code alpine}, {@code user/app}, {@code localhost:5000/x}. */
    public String familiarName() {
        if (DEFAULT_DOMAIN.equals(domain)) {
            if (path.startsWith(OFFICIAL_REPO_PREFIX) && path.indexOf('/', OFFICIAL_REPO_PREFIX.length()) == -1) {
                return path.substring(OFFICIAL_REPO_PREFIX.length());
            }
            return path;
        }
        return name();
    }

    /** The fully qualified reference as given: {@code docker.io/library/alpine} (no tag added). */
    public String normalized() {
        return name() + suffix();
    }

    /** The familiar string: {@code alpine:3.13}, {@code localhost:5000/demo/busybox:1.0}. */
    public String familiar() {
        return familiarName() + suffix();
    }

    /**
     * The reference an engine acts on: {@code :latest} added when there is neither tag nor digest,
     * the tag dropped when a digest is present.
     */
    public ImageReference canonical() {
        if (digest.isPresent()) {
            return tag.isPresent() ? new ImageReference(domain, path, Optional.empty(), digest) : this;
        }
        return tag.isPresent() ? this : withTag(DEFAULT_TAG);
    }

    /** Docker's {@code TagNameOnly}: adds {@code :latest} when there is neither tag nor digest. */
    public ImageReference withDefaultTag() {
        return tag.isEmpty() && digest.isEmpty() ? withTag(DEFAULT_TAG) : this;
    }

    public ImageReference withTag(String newTag) {
        return new ImageReference(domain, path, Optional.of(newTag), Optional.empty());
    }

    public ImageReference withDigest(Digest newDigest) {
        return new ImageReference(domain, path, Optional.empty(), Optional.of(newDigest));
    }

    /** The repository alone, without tag or digest. */
    public ImageReference repository() {
        return new ImageReference(domain, path, Optional.empty(), Optional.empty());
    }

    /** The tag, or {@code latest} when none is set. */
    public String tagOrLatest() {
        return tag.orElse(DEFAULT_TAG);
    }

    private String suffix() {
        return tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    }

    @Override
    public String toString() {
        return familiar();
    }
}
