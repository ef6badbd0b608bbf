package dev.likeness.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;

/** Signed JWTs as a customer's backend or auth-service would make them, for tests of their verifiers. */
public final class TestTokens {

    private TestTokens() {
    }

    /** {@code claims} signed with {@code key}: ES256 for a P-256 key, RS256 for an RSA key. */
    public static String signed(PrivateKey key, JWTClaimsSet claims) {
        return signed(key, new JWSHeader(algorithmOf(key)), claims);
    }

    /** {@code claims} signed with {@code key} under the header {@code header} (its algorithm must fit the key). */
    public static String signed(PrivateKey key, JWSHeader header, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign with a " + key.getAlgorithm() + " key", e);
        }
        return jwt.serialize();
    }

    /** The algorithm a key of this kind signs with here: ES256 or RS256. */
    public static JWSAlgorithm algorithmOf(PrivateKey key) {
        return key instanceof ECPrivateKey ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
    }

    private static JWSSigner signer(PrivateKey key) throws JOSEException {
        return key instanceof ECPrivateKey ec ? new ECDSASigner(ec) : new RSASSASigner(key);
    }
}
