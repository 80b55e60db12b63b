package org.pathwayengine.cli;

import io.smallrye.jwt.build.Jwt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Development tokens, so that trying the API needs no identity provider: a key pair is made once in a directory,
 * the service started by {@code ./pathways demo} or {@code serve} trusts its public half, and this prints a token
 * signed with the private half for the roles asked. Production trusts the identity provider's key instead.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Print a development bearer token for the roles given (lms, registrar, curriculum, admin),"
                + " signed with the development key that ./pathways demo and serve trust.",
                "For example: curl -H \"Authorization: Bearer $(./pathways token lms)\" ..."})
final class TokenCommand implements Callable<Integer> {

    static final String ISSUER = "pathways-dev";
    static final String AUDIENCE = "pathway-engine";
    private static final List<String> ROLES = List.of("lms", "registrar", "curriculum", "admin");

    @Parameters(arity = "1..*", paramLabel = "ROLE", description = "lms, registrar, curriculum or admin")
    List<String> roles;

    @Option(names = "--hours", defaultValue = "8", description = "how long the token is valid (default: ${DEFAULT-VALUE})")
    int hours;

    @Option(names = "--keys", defaultValue = "target/dev-auth", paramLabel = "DIR",
            description = "where the development key pair is kept, made on first use (default: ${DEFAULT-VALUE})")
    Path keys;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, GeneralSecurityException {
        for (String role : roles) {
            if (!ROLES.contains(role)) {
                return Cli.usage(spec, "unknown role '" + role + "': the roles are " + String.join(", ", ROLES));
            }
        }
        if (hours < 1 || hours > 24 * 30) {
            return Cli.usage(spec, "--hours must be from 1 to 720");
        }
        PrivateKey key = privateKey(keys);
        Instant now = Instant.now();
        spec.commandLine().getOut().println(Jwt.issuer(ISSUER).audience(AUDIENCE).subject("developer")
                .groups(Set.copyOf(roles)).issuedAt(now).expiresAt(now.plus(Duration.ofHours(hours))).sign(key));
        return 0;
    }

    /** The development private key in the directory, after making the pair there if it is not there yet. */
    static PrivateKey privateKey(Path dir) throws IOException, GeneralSecurityException {
        Path privatePem = dir.resolve("private.pem");
        if (!Files.exists(privatePem)) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("public.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            Files.writeString(privatePem, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        }
        String body = Files.readString(privatePem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
