package org.pathwayengine.credentials;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.security.Key;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Credentials signed as a JWT (VC-JWT): the credential is the {@code vc} claim (VC 1.1) or the whole payload (VC
 * 2.0 JOSE). The key is the trust registry's entry for the header's {@code kid}, else one of the issuer's
 * registered JWKs; a key embedded in the header ({@code jwk}) counts as the issuer's only when the registry lists
 * it for that issuer, and otherwise proves only who signed. The registered claims must agree with the credential:
 * {@code iss} with its issuer, {@code sub} with its subject, {@code jti} with its id, {@code nbf}/{@code exp} with
 * its validity.
 */
final class JwtCredentials {

    /** Public-key algorithms only: an HMAC secret cannot stand for an issuer, and "none" signs nothing. */
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private JwtCredentials() {
    }

    /** Whether the text looks like a compact JWS (three base64url parts), not JSON. */
    static boolean looksLikeJwt(String text) {
        String t = text.strip();
        return !t.startsWith("{") && !t.startsWith("[") && t.chars().filter(c -> c == '.').count() == 2;
    }

    /**
     * The credential a compact JWT carries (its {@code vc} claim, else the whole payload), unverified, for reading
     * what it claims: where the credential gives no validity dates of its own, the JWT's {@code nbf} and {@code exp}
     * stand as its {@code validFrom} and {@code validUntil} (verification holds them to agree where both are given).
     */
    static java.util.Optional<JsonObject> payload(String compact) {
        try {
            SignedJWT jwt = SignedJWT.parse(compact.strip());
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            JsonObject credential = credential(jwt, claims);
            jakarta.json.JsonObjectBuilder read = Json.createObjectBuilder(credential);
            if (claims.getNotBeforeTime() != null && !credential.containsKey("validFrom")
                    && !credential.containsKey("issuanceDate")) {
                read.add("validFrom", claims.getNotBeforeTime().toInstant().toString());
            }
            if (claims.getExpirationTime() != null && !credential.containsKey("validUntil")
                    && !credential.containsKey("expirationDate")) {
                read.add("validUntil", claims.getExpirationTime().toInstant().toString());
            }
            return java.util.Optional.of(read.build());
        } catch (ParseException | JsonException | ClassCastException e) {
            return java.util.Optional.empty();
        }
    }

    private static JsonObject credential(SignedJWT jwt, JWTClaimsSet claims) throws ParseException {
        Object vc = claims.getClaim("vc");
        String json = vc instanceof Map<?, ?> ? com.nimbusds.jose.util.JSONObjectUtils.toJSONString(
                claims.getJSONObjectClaim("vc")) : jwt.getPayload().toString();
        return Json.createReader(new StringReader(json)).readObject();
    }

    /**
     * @param statusAndDates the credential's status and its own validity dates, checked once the JWT's signature
     *                       verifies
     */
    static Verification verify(String compact, Map<String, IssuerKey> registry, Instant at,
                               java.util.function.BiFunction<JsonObject, Verification, Verification> statusAndDates) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(compact.strip());
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return Verification.unverified("the credential is neither JSON nor a signed JWT: " + e.getMessage(),
                    null, null);
        }
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (!ALGORITHMS.contains(alg)) {
            return Verification.unverified("the JWT's alg " + alg + " is not accepted (RS*, PS* or ES* only)", null,
                    null);
        }
        JsonObject credential;
        try {
            credential = credential(jwt, claims);
        } catch (ParseException | JsonException | ClassCastException e) {
            return Verification.unverified("the JWT's payload holds no credential (vc)", null, null);
        }
        String issuer = CredentialVerifier.issuer(credential);
        if (issuer == null) {
            issuer = claims.getIssuer();
        }
        String kid = jwt.getHeader().getKeyID();
        List<Candidate> keys = new ArrayList<>();
        IssuerKey named = kid == null ? null : registry.get(kid);
        if (named != null && named.publicKeyJwk() != null) {
            keys.add(new Candidate(kid, named.publicKeyJwk(), named.issuer().equals(issuer)));
        }
        JWK embedded = jwt.getHeader().getJWK();
        for (IssuerKey listed : registry.values()) {
            if (listed.publicKeyJwk() != null && listed.issuer().equals(issuer)
                    && (kid == null || !kid.equals(listed.verificationMethod()))) {
                keys.add(new Candidate(listed.verificationMethod(), listed.publicKeyJwk(), true));
            }
        }
        if (keys.isEmpty() && embedded != null) {
            keys.add(new Candidate("the key embedded in the JWT header", embedded.toJSONString(), false));
        }
        if (keys.isEmpty()) {
            return Verification.unverified("the JWT names no key the service holds (kid "
                    + (kid == null ? "absent" : kid) + ", no key in the trust registry for issuer " + issuer + ")",
                    issuer, kid);
        }
        Candidate signer = null;
        for (Candidate key : keys) {
            if (key.verifies(jwt)) {
                signer = key;
                break;
            }
        }
        if (signer == null) {
            return Verification.unverified("the JWT's signature does not match (the credential was changed after"
                    + " signing, or signed with another key)", issuer, kid);
        }
        String disagreement = disagreement(claims, credential, issuer);
        if (disagreement != null) {
            return Verification.unverified(disagreement, issuer, signer.method());
        }
        Verification verified = new Verification(Verification.Status.VERIFIED, signer.issuers()
                ? "signed with the issuer's key" : "signed with " + signer.method() + ", which is not shown to be the"
                + " issuer's", issuer, signer.method(), signer.issuers());
        // Status and the credential's own dates first (a revoked credential is revoked whatever its dates), then
        // the JWT's.
        Verification checked = statusAndDates.apply(credential, verified);
        if (!checked.verified()) {
            return checked;
        }
        Date exp = claims.getExpirationTime();
        if (exp != null && exp.toInstant().isBefore(at)) {
            return new Verification(Verification.Status.EXPIRED, "expired on " + exp.toInstant() + " (exp)", issuer,
                    signer.method(), signer.issuers());
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().isAfter(at)) {
            return new Verification(Verification.Status.NOT_YET_VALID, "not valid until " + nbf.toInstant()
                    + " (nbf)", issuer, signer.method(), signer.issuers());
        }
        return checked;
    }

    /** The first registered claim that disagrees with the credential, in words; null when they agree. */
    private static String disagreement(JWTClaimsSet claims, JsonObject credential, String issuer) {
        if (claims.getIssuer() != null && !claims.getIssuer().equals(issuer)) {
            return "the JWT's iss " + claims.getIssuer() + " is not the credential's issuer " + issuer;
        }
        String id = credential.getString("id", null);
        if (claims.getJWTID() != null && id != null && !claims.getJWTID().equals(id)) {
            return "the JWT's jti " + claims.getJWTID() + " is not the credential's id " + id;
        }
        JsonObject subject = credential.get("credentialSubject") instanceof JsonObject s ? s : null;
        String subjectId = subject == null ? null : subject.getString("id", null);
        if (claims.getSubject() != null && subjectId != null && !claims.getSubject().equals(subjectId)) {
            return "the JWT's sub " + claims.getSubject() + " is not the credential's subject " + subjectId;
        }
        String validFrom = credential.getString("validFrom", credential.getString("issuanceDate", null));
        if (claims.getNotBeforeTime() != null && validFrom != null
                && !Objects.equals(seconds(validFrom), claims.getNotBeforeTime().toInstant().getEpochSecond())) {
            return "the JWT's nbf is not the credential's " + (credential.containsKey("validFrom") ? "validFrom"
                    : "issuanceDate") + " " + validFrom;
        }
        String validUntil = credential.getString("validUntil", credential.getString("expirationDate", null));
        if (claims.getExpirationTime() != null && validUntil != null
                && !Objects.equals(seconds(validUntil), claims.getExpirationTime().toInstant().getEpochSecond())) {
            return "the JWT's exp is not the credential's " + (credential.containsKey("validUntil") ? "validUntil"
                    : "expirationDate") + " " + validUntil;
        }
        return null;
    }

    private static Long seconds(String dateTime) {
        Instant instant = CredentialVerifier.instant(dateTime);
        return instant == null ? null : instant.getEpochSecond();
    }

    /** A key to try: where it came from, the JWK, and whether it is the issuer's. */
    private record Candidate(String method, String jwk, boolean issuers) {

        boolean verifies(SignedJWT jwt) {
            try {
                Key key = publicKey(JWK.parse(jwk));
                if (key == null) {
                    return false;
                }
                JWSVerifier verifier = new DefaultJWSVerifierFactory().createJWSVerifier(jwt.getHeader(), key);
                return jwt.verify(verifier);
            } catch (ParseException | JOSEException | IllegalStateException e) {
                return false;
            }
        }

        private static Key publicKey(JWK jwk) throws JOSEException {
            if (jwk.isPrivate()) {
                jwk = jwk.toPublicJWK();
            }
            if (jwk instanceof com.nimbusds.jose.jwk.RSAKey rsa) {
                return rsa.toRSAPublicKey();
            }
            if (jwk instanceof com.nimbusds.jose.jwk.ECKey ec) {
                return ec.toECPublicKey();
            }
            return null;
        }
    }
}
