package org.pathwayengine.credentials;

import com.apicatalog.multibase.Multibase;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/** Ed25519 public keys written as multibase multicodec ({@code z6Mk...}), alone or as a did:key. */
final class Ed25519Keys {

    /** The DER header of an X.509 SubjectPublicKeyInfo for Ed25519; the 32 key bytes follow it. */
    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21,
        0x00};

    private Ed25519Keys() {
    }

    /**
     * The key a did:key (with or without a fragment) or a bare multibase value encodes.
     *
     * @throws IllegalArgumentException naming what is wrong, when it is not a base58btc multicodec Ed25519 key
     */
    static PublicKey decode(String value) {
        String multibase = value.startsWith("did:key:") ? value.substring("did:key:".length()) : value;
        int fragment = multibase.indexOf('#');
        if (fragment >= 0) {
            multibase = multibase.substring(0, fragment);
        }
        if (!Multibase.BASE_58_BTC.isEncoded(multibase)) {
            throw new IllegalArgumentException("'" + value + "' is not a base58btc multibase key");
        }
        byte[] bytes;
        try {
            bytes = Multibase.BASE_58_BTC.decode(multibase);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + value + "' is not valid base58btc");
        }
        // multicodec ed25519-pub is 0xed as a varint: 0xed 0x01, then the 32 key bytes.
        if (bytes.length != 34 || (bytes[0] & 0xff) != 0xed || bytes[1] != 0x01) {
            throw new IllegalArgumentException("'" + value + "' is not an Ed25519 public key (multicodec 0xed)");
        }
        byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + 32);
        System.arraycopy(bytes, 2, spki, SPKI_PREFIX.length, 32);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("'" + value + "' is not a usable Ed25519 key");
        }
    }

    /** The signature bytes of a base58btc multibase proof value ({@code z...}). */
    static byte[] signature(String proofValue) {
        if (proofValue == null || !Multibase.BASE_58_BTC.isEncoded(proofValue)) {
            throw new IllegalArgumentException("proofValue is not base58btc multibase");
        }
        return Multibase.BASE_58_BTC.decode(proofValue);
    }
}
