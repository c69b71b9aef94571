package io.orderstream.job.enrich;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTlsTest {
    @TempDir
    Path dir;

    @Test
    void aFileWithoutACertificateFailsNamingTheKey() throws Exception {
        Path notPem = Files.writeString(dir.resolve("api.pem"), "not a certificate");
        assertThatThrownBy(() -> ApiTls.trustManagers(notPem.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("enrichment.api.trusted-certificate").hasMessageContaining(notPem.toString());
    }

    @Test
    void aMissingFileFailsNamingTheKey() {
        assertThatThrownBy(() -> ApiTls.trustManagers(dir.resolve("missing.pem").toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("enrichment.api.trusted-certificate");
    }
}
