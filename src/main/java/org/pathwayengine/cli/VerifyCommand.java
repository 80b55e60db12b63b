package org.pathwayengine.cli;

import org.pathwayengine.credentials.CredentialVerifier;
import org.pathwayengine.credentials.IssuerKey;
import org.pathwayengine.credentials.Verification;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Verifies Open Badges 3.0 credential files offline, as a registrar would before counting them: the proof or JWT
 * signature, the key (a did:key, or one given with --key, standing in for the trust registry), and the validity
 * dates.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verify Open Badges 3.0 credentials offline: JSON files with a Data Integrity proof"
                + " (eddsa-rdfc-2022, Ed25519Signature2020) or VC-JWT files (RS/PS/ES algorithms); the signing key,"
                + " the JWT's claims against the credential, and the validity dates.",
                "Keys of https or did:web issuers are not looked up: give them with --key."})
final class VerifyCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "credential files (JSON)")
    List<Path> files;

    @Option(names = "--key", paramLabel = "METHOD=KEY", description = "a trusted issuer key: the verification"
            + " method id credentials name (ISSUER#fragment, a JWT's kid) and its multibase Ed25519 public key"
            + " (z6Mk...) or its public JWK (JSON, for JWTs); repeatable")
    List<String> keys = new ArrayList<>();

    @Option(names = "--at", paramLabel = "DATE", description = "check validity on this date (default: today)")
    String at;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<IssuerKey> registry = new ArrayList<>();
        for (String key : keys) {
            int equals = key.lastIndexOf('=');
            int hash = key.indexOf('#');
            if (equals <= 0 || hash <= 0 || hash > equals) {
                return Cli.usage(spec, "--key " + key + ": write it as ISSUER#fragment=z6Mk...");
            }
            String issuer = key.substring(0, hash);
            String method = key.substring(0, equals);
            String value = key.substring(equals + 1);
            registry.add(value.startsWith("{") ? IssuerKey.jwk(issuer, method, value)
                    : new IssuerKey(issuer, method, value));
        }
        Instant when;
        try {
            when = at == null ? Instant.now() : LocalDate.parse(at).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            return Cli.usage(spec, "--at " + at + ": not a date (YYYY-MM-DD)");
        }
        CredentialVerifier verifier = new CredentialVerifier(registry);
        PrintWriter out = spec.commandLine().getOut();
        boolean all = true;
        for (Path file : files) {
            Verification v;
            try {
                v = verifier.verify(Files.readString(file), when);
            } catch (NoSuchFileException e) {
                out.println("UNREADABLE     " + file + ": no such file");
                all = false;
                continue;
            } catch (IOException e) {
                out.println("UNREADABLE     " + file + ": " + e.getMessage());
                all = false;
                continue;
            }
            out.printf("%-14s %s: %s%s%n", v.status(), file, v.reason(),
                    v.issuer() == null ? "" : " (issuer " + v.issuer() + ")");
            all &= v.verified();
        }
        return all ? 0 : 1;
    }
}
