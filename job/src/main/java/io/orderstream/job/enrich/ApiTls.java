package io.orderstream.job.enrich;

import io.orderstream.job.config.ConfigKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * What the customer API client checks an https API's certificate against: the JVM's trust store, or
 * only the certificates of {@code enrichment.api.trusted-certificate} (a local API with a self-signed
 * certificate). Host names are verified either way (the AWS SDK's Netty client always does).
 */
public final class ApiTls {
    private ApiTls() {}

    /** The trust managers of {@code enrichment.api.trusted-certificate}; null for the JVM's trust store. */
    public static TrustManager[] trustManagers(String trustedCertificate) {
        if (trustedCertificate == null) {
            return null;
        }
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(Path.of(trustedCertificate))) {
                int n = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    trust.setCertificateEntry("trusted-" + n++, c);
                }
                if (n == 0) {
                    throw new GeneralSecurityException("no certificate in the file");
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            return tmf.getTrustManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot use " + ConfigKeys.ENRICHMENT_API_TRUSTED_CERTIFICATE.key() + " '"
                    + trustedCertificate + "': " + e.getMessage(), e);
        }
    }
}
