package io.imgctl.cli.e2e;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks for a password hidden in base64 anywhere in a text: every run of base64 characters (standard or
 * URL-safe, 8 or more) is decoded at each of its four possible alignments, since base64 of a longer
 * text (an {@code auth} of {@code user:password}, Docker's {@code X-Registry-Auth} JSON) shifts where
 * the password's own bytes fall.
 */
final class SecretScan {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9+/_-]{8,}={0,2}");

    private SecretScan() {
    }

    /** The tokens of {@code text} whose decoding contains {@code secret}. */
    static List<String> decodedTokensContaining(String text, String secret) {
        List<String> found = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            String token = m.group().replaceAll("=+$", "").replace('-', '+').replace('_', '/');
            for (int shift = 0; shift < 4 && shift < token.length(); shift++) {
                String part = token.substring(shift);
                int rest = part.length() % 4;
                part = rest == 1 ? part.substring(0, part.length() - 1) : part + "=".repeat((4 - rest) % 4);
                if (part.isEmpty()) {
                    continue;
                }
                try {
                    String decoded = new String(Base64.getDecoder().decode(part), StandardCharsets.ISO_8859_1);
                    if (decoded.contains(secret)) {
                        found.add(m.group());
                        break;
                    }
                } catch (IllegalArgumentException notBase64) {
                    // not a decodable run at this alignment
                }
            }
        }
        return found;
    }
}
