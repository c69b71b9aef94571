package io.orderstream.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate for the local customer API's HTTPS, made with the JDK's {@code keytool}
 * (valid for two days): the key pair in a PKCS12 key store for the server, the certificate as PEM for
 * the job ({@code enrichment.api.trusted-certificate}). One per JVM for 127.0.0.1 and localhost
 * ({@link #get()}); tests of host-name checks make one for another name ({@link #forHost}).
 */
final class SelfSignedCertificate {
    private static SelfSignedCertificate instance;

    private final Path keyStore;
    private final Path pem;
    private final char[] password;

    private SelfSignedCertificate(Path dir, String commonName, String subjectAlternativeNames)
            throws IOException, InterruptedException {
        keyStore = dir.resolve("customer-api.p12");
        pem = dir.resolve("customer-api.pem");
        String pass = UUID.randomUUID().toString();
        password = pass.toCharArray();
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(List.of(keytool, "-genkeypair", "-alias", "customer-api", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + commonName, "-ext", "SAN=" + subjectAlternativeNames, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", pass), dir);
        run(List.of(keytool, "-exportcert", "-rfc", "-alias", "customer-api", "-keystore", keyStore.toString(),
                "-storepass", pass, "-file", pem.toString()), dir);
    }

    /** The certificate of this JVM's local APIs: 127.0.0.1 and localhost. */
    static synchronized SelfSignedCertificate get() {
        if (instance == null) {
            instance = create("localhost", "ip:127.0.0.1,dns:localhost");
        }
        return instance;
    }

    /** A new certificate for {@code hostName} alone. */
    static SelfSignedCertificate forHost(String hostName) {
        return create(hostName, "dns:" + hostName);
    }

    private static SelfSignedCertificate create(String commonName, String subjectAlternativeNames) {
        try {
            Path dir = Files.createTempDirectory("orderstream-tls-");
            dir.toFile().deleteOnExit();
            SelfSignedCertificate certificate = new SelfSignedCertificate(dir, commonName, subjectAlternativeNames);
            certificate.keyStore.toFile().deleteOnExit();
            certificate.pem.toFile().deleteOnExit();
            return certificate;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the customer API's certificate", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the customer API's certificate", e);
        }
    }

    /** The certificate, PEM. */
    Path pem() {
        return pem;
    }

    /** A server TLS context with the key pair. */
    SSLContext serverContext() {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the customer API's key store " + keyStore, e);
        }
    }

    private static void run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + output.strip());
        }
    }
}
