package io.imgctl.cli.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throw-away self-signed certificate for {@code 127.0.0.1}, made with the JDK's {@code keytool} when a
 * test starts, so that a registry stand-in on a random loopback port can speak TLS: Podman reaches a
 * registry only over TLS unless {@code registries.conf} says otherwise (which would need a service
 * restart), while it reads {@code /etc/containers/certs.d/HOST:PORT/ca.crt} at each pull and push.
 * Docker treats {@code 127.0.0.0/8} registries as insecure and does not verify it.
 */
final class TestCertificate {

    private static final char[] PASSWORD = "imgctl-test-only".toCharArray();
    private static final Path CERTS_D = Path.of("/etc/containers/certs.d");

    private final KeyStore keyStore;

    private TestCertificate(KeyStore keyStore) {
        this.keyStore = keyStore;
    }

    static TestCertificate create(Path dir) throws IOException {
        Path store = dir.resolve("registry.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "registry", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool could not make a test certificate: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        }
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD);
            return new TestCertificate(ks);
        } catch (GeneralSecurityException e) {
            throw new IOException("keytool's key store could not be read", e);
        }
    }

    SSLContext serverContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the test certificate cannot serve TLS", e);
        }
    }

    String pem() {
        try {
            Certificate cert = keyStore.getCertificate("registry");
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the test certificate cannot be encoded", e);
        }
    }

    /** Why Podman cannot be told to trust it here, if it cannot: writing its certs.d needs root. */
    static java.util.Optional<String> whyPodmanCannotTrust() {
        Path parent = Files.isDirectory(CERTS_D) ? CERTS_D : CERTS_D.getParent();
        return Files.isWritable(parent) ? java.util.Optional.empty()
                : java.util.Optional.of(parent + " is not writable (Podman trusts a registry's certificate from there; run as root)");
    }

    /**
     * Makes Podman trust this certificate for {@code hostPort} until the returned handle is closed, which
     * removes what was written (and {@code certs.d} itself when this made it and it is empty again).
     */
    AutoCloseable trustedByPodmanAt(String hostPort) throws IOException {
        boolean madeCertsD = !Files.isDirectory(CERTS_D);
        Path dir = CERTS_D.resolve(hostPort);
        Files.createDirectories(dir);
        Path ca = dir.resolve("ca.crt");
        Files.writeString(ca, pem());
        return () -> {
            for (Path p : List.of(ca, dir)) {
                Files.deleteIfExists(p);
            }
            if (madeCertsD) {
                try (var left = Files.list(CERTS_D)) {
                    if (left.findAny().isEmpty()) {
                        Files.deleteIfExists(CERTS_D);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
