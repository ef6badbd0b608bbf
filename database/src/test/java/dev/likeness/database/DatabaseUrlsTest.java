package dev.likeness.database;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseUrlsTest {

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:postgresql://localhost:5432/postgres", "jdbc:postgresql://127.0.0.1/likeness", "jdbc:postgresql:likeness",
        "jdbc:postgresql://[::1]:5432/db", "jdbc:postgresql://db.example:5432/likeness?sslmode=verify-full&sslrootcert=/ca.crt",
        "jdbc:postgresql://a.example,b.example:5433/likeness?sslmode=verify-full"})
    void loopbackOrVerifiedTlsIsAccepted(String url) {
        assertThatCode(() -> DatabaseUrls.requireVerifiedTls(url)).doesNotThrowAnyException();
    }

    /** Each would send the password, and then templates, where a listener or an impostor database gets them. */
    @ParameterizedTest
    @ValueSource(strings = {"jdbc:postgresql://likeness-db-rw:5432/likeness", "jdbc:postgresql://db.example/likeness?sslmode=require",
        "jdbc:postgresql://db.example/likeness?sslmode=verify-ca", "jdbc:postgresql://localhost,db.example/likeness",
        "jdbc:postgresql://db.example/likeness?sslmode=verify-full&sslmode=disable", "jdbc:postgresql://db.example/x?xsslmode=verify-full"})
    void anotherHostWithoutAVerifiedCertificateIsRefused(String url) {
        assertThatThrownBy(() -> DatabaseUrls.requireVerifiedTls(url)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sslmode=verify-full");
        assertThatThrownBy(() -> DatabasePool.open(url, Optional.empty(), Optional.empty(), 2))
                .as("no pool is made").isInstanceOf(IllegalStateException.class);
    }
}
