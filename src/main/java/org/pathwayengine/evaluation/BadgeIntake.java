package org.pathwayengine.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.pathwayengine.catalog.GradeScale;
import org.pathwayengine.catalog.Microcredential;
import org.pathwayengine.credentials.CredentialVerifier;
import org.pathwayengine.credentials.IssuerKey;
import org.pathwayengine.credentials.Verification;
import org.pathwayengine.evaluation.EvaluationResult.PresentedCredential;
import org.pathwayengine.facts.Presented;
import org.pathwayengine.model.CredentialIntake;
import org.pathwayengine.model.Ruleset;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Takes in the held credentials given as verifiable credentials: verifies each (proof, issuer key, status, dates),
 * maps it onto the catalog by the rules' CredentialIntake file, reads what the evaluation's facts need (award and
 * expiry dates, grade or mark, credits, evidence) and applies the rules' policy for credentials that do not verify.
 * A CLR bundle's credentials are each taken in on their own. What became of each is reported; none is dropped
 * silently.
 *
 * <p>One instance per ruleset: it holds the verifier built from the trust registry, which remembers proof checks.
 */
final class BadgeIntake {

    /** Verification time one evaluation may spend; credentials left when it is spent are unverified, with the reason. */
    static final Duration BUDGET = Duration.ofSeconds(10);

    private static final List<String> BADGE_TYPES = List.of("OpenBadgeCredential", "AchievementCredential");

    private final Ruleset ruleset;
    private final CredentialIntake intake;
    private final CredentialVerifier verifier;
    private final Map<String, CredentialIntake.TrustedIssuer> issuers = new HashMap<>();

    BadgeIntake(Ruleset ruleset, org.pathwayengine.credentials.Lookup lookup) {
        this.ruleset = ruleset;
        this.intake = ruleset.intake() == null ? CredentialIntake.NONE : ruleset.intake();
        List<IssuerKey> keys = new ArrayList<>();
        for (CredentialIntake.TrustedIssuer issuer : intake.issuers()) {
            issuers.put(issuer.id(), issuer);
            for (CredentialIntake.Key key : issuer.keys()) {
                keys.add(new IssuerKey(issuer.id(), key.id(), key.publicKeyMultibase(),
                        key.publicKeyJwk() == null ? null : key.publicKeyJwk().toString()));
            }
        }
        Map<String, JsonObject> lists = new LinkedHashMap<>();
        for (CredentialIntake.StatusList list : intake.statusLists()) {
            lists.put(list.url(), Json.createReader(new StringReader(list.document().toString())).readObject());
        }
        this.verifier = new CredentialVerifier(keys, lists, lookup);
    }

    Ruleset ruleset() {
        return ruleset;
    }

    /**
     * The request the engine evaluates: each credential named by code as it was, each verifiable credential that
     * counts as the catalog credential it maps onto, at the position of the entry it came from.
     *
     * @param request   the request as given
     * @param positions filled with, per entry of the returned request's held list, the held position it came from
     * @param presented filled with, per entry, what its verifiable credential says (null for one named by code)
     * @param outcomes  filled with what became of each verifiable credential
     * @param at        the time credentials are verified at
     */
    EvaluationRequest admit(EvaluationRequest request, List<Integer> positions, List<Presented> presented,
                            List<PresentedCredential> outcomes, Instant at) {
        Run run = new Run(positions, presented, outcomes, at, System.nanoTime() + BUDGET.toNanos());
        for (int i = 0; i < request.held().size(); i++) {
            HeldCredential h = request.held().get(i);
            if (!h.isPresented()) {
                run.named.putIfAbsent(h.code(), "held[" + i + "]");
            }
        }
        for (int k = 0; k < request.hypothetical().size(); k++) {
            run.named.putIfAbsent(request.hypothetical().get(k).code(), "hypothetical[" + k + "], a what-if,");
        }
        for (int i = 0; i < request.held().size(); i++) {
            HeldCredential h = request.held().get(i);
            if (!h.isPresented()) {
                run.held.add(h);
                positions.add(i);
                presented.add(null);
                continue;
            }
            JsonNode given = h.verifiableCredential();
            String text = given.isTextual() ? given.textValue() : given.toString();
            Optional<JsonObject> read = read(text);
            if (read.isPresent() && types(read.get()).contains("ClrCredential")) {
                bundle(run, i, text, read.get());
            } else {
                one(run, i, null, text, read.orElse(null));
            }
        }
        return new EvaluationRequest(request.learner(), request.asOf(), run.held, request.hypothetical(),
                request.exceptions());
    }

    /** What one intake gathers as it goes. */
    private static final class Run {
        final List<HeldCredential> held = new ArrayList<>();
        final List<Integer> positions;
        final List<Presented> presented;
        final List<PresentedCredential> outcomes;
        final Instant at;
        final long deadline;
        /** Codes named in the request (held by code, or what-if), with where. */
        final Map<String, String> named = new HashMap<>();
        /** Codes admitted from verifiable credentials, with where they stand, so a better credential can take over. */
        final Map<String, Slot> admitted = new HashMap<>();

        Run(List<Integer> positions, List<Presented> presented, List<PresentedCredential> outcomes, Instant at,
            long deadline) {
            this.positions = positions;
            this.presented = presented;
            this.outcomes = outcomes;
            this.at = at;
            this.deadline = deadline;
        }
    }

    /**
     * A catalog code admitted from a verifiable credential: its entry in the evaluated request and its outcome.
     *
     * @param standing 2 verified, 1 expired, 0 admitted unverified or pending review: a credential of higher
     *                 standing, then a later award, takes the code over
     */
    private record Slot(int heldIndex, int outcomeIndex, int standing, LocalDate awarded, String where) {
    }

    /** A CLR 2.0 bundle: its own proof is reported; each credential in it is taken in on its own. */
    private void bundle(Run run, int position, String text, JsonObject clr) {
        Verification v = verify(text, run.at, run.deadline);
        JsonObject subject = object(clr.get("credentialSubject"));
        List<EvaluationResult.Association> associations = new ArrayList<>();
        JsonValue list = subject == null ? null : subject.get("association");
        if (list != null && list.getValueType() == JsonValue.ValueType.ARRAY) {
            for (JsonValue a : list.asJsonArray()) {
                JsonObject o = object(a);
                if (o != null) {
                    associations.add(new EvaluationResult.Association(text(o.get("associationType")),
                            text(o.get("sourceId")), text(o.get("targetId"))));
                }
            }
        }
        JsonValue parts = subject == null ? null : subject.get("verifiableCredential");
        int count = parts != null && parts.getValueType() == JsonValue.ValueType.ARRAY ? parts.asJsonArray().size()
                : 0;
        run.outcomes.add(new PresentedCredential(position, null, format(text), "ClrCredential",
                text(clr.get("id")), text(clr.get("name")), v.issuer(), subjectId(subject), null, v.status().name(),
                v.reason(), null, "BUNDLE",
                count == 0 ? "the bundle holds no credentials (credentialSubject.verifiableCredential)"
                        : count == 1 ? "its one credential is taken in on its own (its own proof decides)"
                        : "its " + count + " credentials are each taken in on their own (their own proofs decide)", associations.isEmpty() ? null
                        : List.copyOf(associations)));
        for (int k = 0; k < count; k++) {
            JsonValue part = parts.asJsonArray().get(k);
            String partText = part.getValueType() == JsonValue.ValueType.STRING ? text(part) : part.toString();
            JsonObject partJson = part.getValueType() == JsonValue.ValueType.OBJECT ? part.asJsonObject()
                    : read(partText).orElse(null);
            one(run, position, k, partText, partJson);
        }
    }

    /** What a credential claims, unverified; empty when it cannot be read at all. */
    private static Optional<JsonObject> read(String text) {
        try {
            return CredentialVerifier.read(text);
        } catch (RuntimeException | StackOverflowError e) {
            return Optional.empty();
        }
    }

    private Verification verify(String text, Instant at, long deadline) {
        if (System.nanoTime() > deadline) {
            return new Verification(Verification.Status.UNVERIFIED, "not checked: the evaluation's verification time"
                    + " (" + BUDGET.toSeconds() + " s) was spent on the credentials before it", null, null, false);
        }
        try {
            return verifier.verify(text, at);
        } catch (RuntimeException | StackOverflowError e) {
            // A credential crafted to trip a library is a credential that does not verify, never a failed answer.
            return new Verification(Verification.Status.UNVERIFIED, "the credential could not be read as a"
                    + " verifiable credential (" + e.getClass().getSimpleName() + ")", null, null, false);
        }
    }

    /** One Open Badges credential: verified, mapped, read, and judged by the rules' policy. */
    private void one(Run run, int position, Integer part, String text, JsonObject credential) {
        Verification v = verify(text, run.at, run.deadline);
        Outcome o = new Outcome(position, part, format(text), v);
        List<PresentedCredential> outcomes = run.outcomes;
        if (credential == null) {
            outcomes.add(o.notCounted(null, "it is not a credential: " + v.reason()));
            return;
        }
        o.read(credential);
        if (types(credential).stream().noneMatch(BADGE_TYPES::contains)) {
            outcomes.add(o.notCounted(null, "not an Open Badges credential: its type names neither"
                    + " OpenBadgeCredential nor AchievementCredential"));
            return;
        }
        JsonObject subject = subject(credential);
        JsonObject achievement = subject == null ? null : object(subject.get("achievement"));
        String issuer = v.issuer() != null ? v.issuer() : issuerOf(credential);
        // An expired credential's proof, key and status were checked all the same: it is the issuer's, and the
        // engine judges its expiry against the as-of date like any held credential's.
        boolean expired = v.status() == Verification.Status.EXPIRED;
        boolean signed = v.status() == Verification.Status.VERIFIED || expired;
        boolean verified = signed && v.issuerKey();
        String verificationReason = v.reason();
        if (signed && !v.issuerKey()) {
            o.verification = Verification.Status.UNVERIFIED.name();
            verificationReason = "the proof checks, but its key " + v.verificationMethod() + " is not shown to be"
                    + " the issuer's: list it for " + issuer + " in the trust registry";
            o.verificationReason = verificationReason;
        }
        CredentialIntake.Mapping mapping = achievement == null ? null : mapping(achievement, issuer);
        String code = mapping == null ? null : mapping.code();
        switch (v.status()) {
            case REVOKED, SUSPENDED, NOT_YET_VALID -> {
                outcomes.add(o.notCounted(code, verificationReason));
                return;
            }
            default -> {
                // Verified, expired or unverified: the rules' policy and the engine decide below.
            }
        }
        if (!verified && CredentialIntake.EXCLUDE.equals(intake.unverified())) {
            outcomes.add(o.notCounted(code, "not verified (" + verificationReason + "); the rules exclude credentials"
                    + " that do not verify"));
            return;
        }
        if (achievement == null) {
            outcomes.add(o.notCounted(null, "credentialSubject.achievement is missing: nothing says what was achieved"));
            return;
        }
        if (mapping == null) {
            outcomes.add(o.notCounted(null, "unmapped: no mapping in the rules' CredentialIntake file matches"
                    + " achievement " + text(achievement.get("id")) + (text(achievement.get("name")) == null ? ""
                    : " (" + text(achievement.get("name")) + ")") + " from " + issuer
                    + (issuers.containsKey(issuer) ? "; a mapping that names no issuer takes only trust-registry"
                    + " issuers whose catalogIssuer issues the credential it maps" : "; an issuer not in the trust"
                    + " registry maps only where a mapping names it")));
            return;
        }
        Microcredential m = ruleset.catalog().microcredentials().get(mapping.code());
        CredentialIntake.TrustedIssuer trusted = issuer == null ? null : issuers.get(issuer);
        if (trusted != null && trusted.catalogIssuer() != null && !trusted.catalogIssuer().equals(m.issuer())) {
            outcomes.add(o.notCounted(m.code(), "its issuer " + issuer + " is the catalog issuer "
                    + trusted.catalogIssuer() + ", but " + m.code() + " is issued by " + m.issuer()));
            return;
        }
        String verification = o.verification;
        boolean pending = !verified && CredentialIntake.PENDING_REVIEW.equals(intake.unverified());
        String named = run.named.get(m.code());
        if (named != null) {
            outcomes.add(o.notCounted(m.code(), m.code() + " is already given at " + named + "; each credential"
                    + " counts once"));
            return;
        }
        LocalDate awarded = date(credential, "awardedDate", "validFrom", "issuanceDate");
        if (awarded == null || awarded.getYear() < 1900 || awarded.getYear() > 2199) {
            outcomes.add(o.notCounted(m.code(), "no usable award date: awardedDate, validFrom or issuanceDate must"
                    + " be a date-time between 1900 and 2199"));
            return;
        }
        LocalDate expires = date(credential, "validUntil", "expirationDate");
        if (expires != null && (expires.isBefore(awarded) || expires.getYear() > 2199)) {
            outcomes.add(o.notCounted(m.code(), "validUntil is before the award date or after 2199"));
            return;
        }
        String where = part == null ? "held[" + position + "]" : "held[" + position + "] part " + part;
        int standing = !verified ? 0 : expired ? 1 : 2;
        Slot earlier = run.admitted.get(m.code());
        if (earlier != null && (earlier.standing() > standing
                || earlier.standing() == standing && !awarded.isAfter(earlier.awarded()))) {
            outcomes.add(o.notCounted(m.code(), m.code() + " is already admitted from " + earlier.where()
                    + (earlier.standing() > standing ? ", which " + (earlier.standing() == 2 ? "verifies"
                    : "verifies (though expired)") : ", awarded on or after this one") + "; each credential counts"
                    + " once"));
            return;
        }
        GradeScale scale = ruleset.catalog().scaleOf(m);
        List<Presented.Result> results = results(subject, achievement);
        String grade = null;
        Double mark = null;
        for (Presented.Result r : results) {
            if (r.value() == null) {
                continue;
            }
            if (scale != null && scale.rank(r.value()) >= 0 && grade == null) {
                grade = r.value();
            } else if (mark == null && (r.value().matches("\\d{1,5}(\\.\\d{1,4})?")
                    && (r.resultType() == null || r.resultType().equals("Percent")))) {
                mark = Double.parseDouble(r.value());
            }
        }
        if (grade == null && scale != null) {
            // A grade the catalog's scale does not have is still the grade awarded: the engine says it is not on
            // the scale rather than counting the credential as ungraded.
            grade = results.stream().map(Presented.Result::value)
                    .filter(value -> value != null && !value.matches("[\\d.]+") && value.length() <= 40
                            && value.chars().noneMatch(c -> c < 0x20 || c == 0x7f))
                    .findFirst().orElse(null);
        }
        boolean forCredit = trusted != null && trusted.trustedForCredit();
        Presented facts = new Presented(text(credential.get("id")), issuer, text(achievement.get("id")),
                verified && !expired ? "VERIFIED" : verification, pending, forCredit,
                number(subject.get("creditsEarned")), number(achievement.get("creditsAvailable")), results,
                evidence(credential));
        HeldCredential entry = new HeldCredential(m.code(), awarded, expires,
                trusted == null ? null : trusted.catalogIssuer(), null, grade, mark, null);
        String limits = forCredit || m.credits() == 0 ? null : "counts without credit: its issuer is not trusted"
                + " for credit in the trust registry";
        PresentedCredential outcome;
        if (pending) {
            outcome = o.counted(m.code(), "PENDING_REVIEW", "not verified (" + verificationReason + "); the rules"
                    + " count it pending a registrar's review" + (limits == null ? "" : "; " + limits));
        } else if (!verified) {
            outcome = o.counted(m.code(), "ADMITTED", "not verified (" + verificationReason + "), counted because"
                    + " the rules accept unverified credentials" + (limits == null ? "" : "; " + limits));
        } else {
            outcome = o.counted(m.code(), "ADMITTED", limits);
        }
        if (earlier != null) {
            // This credential stands above the one admitted before for the same code: it takes its place.
            run.held.set(earlier.heldIndex(), entry);
            run.positions.set(earlier.heldIndex(), position);
            run.presented.set(earlier.heldIndex(), facts);
            PresentedCredential displaced = outcomes.get(earlier.outcomeIndex());
            outcomes.set(earlier.outcomeIndex(), new PresentedCredential(displaced.held(), displaced.part(),
                    displaced.format(), displaced.type(), displaced.id(), displaced.name(), displaced.issuer(),
                    displaced.subject(), displaced.achievement(), displaced.verification(),
                    displaced.verificationReason(), displaced.code(), "NOT_ADMITTED", m.code() + " is admitted from "
                    + where + " instead, which " + (standing > earlier.standing() ? (standing == 2 ? "verifies"
                    : "verifies (though expired)") : "was awarded later") + "; each credential counts once",
                    displaced.associations()));
            run.admitted.put(m.code(), new Slot(earlier.heldIndex(), outcomes.size(), standing, awarded, where));
        } else {
            run.admitted.put(m.code(), new Slot(run.held.size(), outcomes.size(), standing, awarded, where));
            run.held.add(entry);
            run.positions.add(position);
            run.presented.add(facts);
        }
        outcomes.add(outcome);
    }

    /** The first mapping that matches the achievement (rules' order), or null. */
    private CredentialIntake.Mapping mapping(JsonObject achievement, String issuer) {
        String id = text(achievement.get("id"));
        String humanCode = text(achievement.get("humanCode"));
        List<String> alignments = new ArrayList<>();
        JsonValue list = achievement.get("alignment");
        if (list != null && list.getValueType() == JsonValue.ValueType.ARRAY) {
            list.asJsonArray().forEach(a -> Optional.ofNullable(object(a)).map(o -> text(o.get("targetUrl")))
                    .ifPresent(alignments::add));
        }
        // A mapping that names no issuer takes only issuers of the trust registry that stand for the institution
        // issuing the credential mapped: anyone can make a did:key and sign a badge claiming a well-known
        // achievement id or alignment, and one listed partner must not award another's credential.
        CredentialIntake.TrustedIssuer listed = issuer == null ? null : issuers.get(issuer);
        for (CredentialIntake.Mapping m : intake.mappings()) {
            if (m.issuer() != null ? !m.issuer().equals(issuer) : listed == null || listed.catalogIssuer() == null
                    || !listed.catalogIssuer().equals(catalogIssuerOf(m.code()))) {
                continue;
            }
            if (m.achievement() != null && m.achievement().equals(id)
                    || m.alignment() != null && alignments.contains(m.alignment())
                    || m.humanCode() != null && m.humanCode().equals(humanCode)) {
                return m;
            }
        }
        return null;
    }

    private String catalogIssuerOf(String code) {
        Microcredential m = ruleset.catalog().microcredentials().get(code);
        return m == null ? null : m.issuer();
    }

    private static List<Presented.Result> results(JsonObject subject, JsonObject achievement) {
        Map<String, String> typeOf = new HashMap<>();
        JsonValue descriptions = achievement.get("resultDescription");
        if (descriptions != null && descriptions.getValueType() == JsonValue.ValueType.ARRAY) {
            for (JsonValue d : descriptions.asJsonArray()) {
                JsonObject o = object(d);
                if (o != null && text(o.get("id")) != null) {
                    typeOf.put(text(o.get("id")), text(o.get("resultType")));
                }
            }
        }
        List<Presented.Result> out = new ArrayList<>();
        JsonValue results = subject.get("result");
        if (results != null && results.getValueType() == JsonValue.ValueType.ARRAY) {
            for (JsonValue r : results.asJsonArray()) {
                JsonObject o = object(r);
                if (o != null) {
                    out.add(new Presented.Result(text(o.get("value")), typeOf.get(text(o.get("resultDescription"))),
                            text(o.get("status"))));
                }
            }
        }
        return out;
    }

    private static List<Presented.Evidence> evidence(JsonObject credential) {
        List<Presented.Evidence> out = new ArrayList<>();
        JsonValue list = credential.get("evidence");
        for (JsonValue e : list == null ? List.<JsonValue>of() : list.getValueType() == JsonValue.ValueType.ARRAY
                ? list.asJsonArray() : List.of(list)) {
            JsonObject o = object(e);
            if (o != null) {
                out.add(new Presented.Evidence(text(o.get("id")), text(o.get("name")), text(o.get("genre")),
                        text(o.get("description")), text(o.get("audience"))));
            }
        }
        return out;
    }

    /** The first of these fields that holds a date-time, as a UTC date; null when none does. */
    private static LocalDate date(JsonObject credential, String... fields) {
        for (String field : fields) {
            String value = text(credential.get(field));
            if (value == null) {
                continue;
            }
            try {
                return OffsetDateTime.parse(value).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
            } catch (DateTimeParseException e) {
                try {
                    return LocalDateTime.parse(value).toLocalDate();
                } catch (DateTimeParseException again) {
                    try {
                        return LocalDate.parse(value);
                    } catch (DateTimeParseException last) {
                        return null;
                    }
                }
            }
        }
        return null;
    }

    private static JsonObject subject(JsonObject credential) {
        JsonValue subject = credential.get("credentialSubject");
        if (subject != null && subject.getValueType() == JsonValue.ValueType.ARRAY && !subject.asJsonArray().isEmpty()) {
            return object(subject.asJsonArray().get(0));
        }
        return object(subject);
    }

    /**
     * Who the credential says it was awarded to: the subject's id, else its first identifier's hashed or plain
     * value (an email, a student number), with the identifier type; null when it names no one.
     */
    static String subjectId(JsonObject subject) {
        if (subject == null) {
            return null;
        }
        String id = text(subject.get("id"));
        if (id != null) {
            return id;
        }
        JsonValue identifiers = subject.get("identifier");
        if (identifiers != null && identifiers.getValueType() == JsonValue.ValueType.ARRAY) {
            for (JsonValue i : identifiers.asJsonArray()) {
                JsonObject o = object(i);
                String value = o == null ? null : text(o.get("identityHash"));
                if (value != null) {
                    String type = text(o.get("identityType"));
                    return (type == null ? "" : type + ":") + value;
                }
            }
        }
        return null;
    }

    private static String issuerOf(JsonObject credential) {
        JsonValue issuer = credential.get("issuer");
        JsonObject o = object(issuer);
        return o != null ? text(o.get("id")) : text(issuer);
    }

    static List<String> types(JsonObject credential) {
        JsonValue type = credential.get("type");
        if (type == null) {
            return List.of();
        }
        if (type.getValueType() == JsonValue.ValueType.ARRAY) {
            return type.asJsonArray().stream().map(BadgeIntake::text).filter(t -> t != null).toList();
        }
        String one = text(type);
        return one == null ? List.of() : List.of(one);
    }

    private static String format(String text) {
        return text.strip().startsWith("{") ? "json-ld" : "jwt";
    }

    private static JsonObject object(JsonValue value) {
        return value != null && value.getValueType() == JsonValue.ValueType.OBJECT ? value.asJsonObject() : null;
    }

    static String text(JsonValue value) {
        return value instanceof jakarta.json.JsonString s ? s.getString() : null;
    }

    private static Double number(JsonValue value) {
        if (value instanceof jakarta.json.JsonNumber n) {
            double d = n.doubleValue();
            return Double.isFinite(d) && d >= 0 ? d : null;
        }
        return null;
    }

    /** What the answer says of one credential, gathered as it is taken in. */
    private static final class Outcome {
        private final int position;
        private final Integer part;
        private final String format;
        private String type;
        private String id;
        private String name;
        private String issuer;
        private String achievement;
        private String subject;
        private String verification;
        private String verificationReason;

        Outcome(int position, Integer part, String format, Verification v) {
            this.position = position;
            this.part = part;
            this.format = format;
            this.issuer = v.issuer();
            this.verification = v.status().name();
            this.verificationReason = v.reason();
        }

        void read(JsonObject credential) {
            List<String> types = types(credential);
            type = types.stream().filter(t -> !t.equals("VerifiableCredential")).findFirst()
                    .orElse(types.isEmpty() ? null : types.get(0));
            id = text(credential.get("id"));
            JsonObject subject = subject(credential);
            JsonObject a = subject == null ? null : object(subject.get("achievement"));
            achievement = a == null ? null : text(a.get("id"));
            this.subject = subjectId(subject);
            name = text(credential.get("name"));
            if (name == null && a != null) {
                name = text(a.get("name"));
            }
            if (issuer == null) {
                issuer = issuerOf(credential);
            }
        }

        PresentedCredential notCounted(String code, String reason) {
            return counted(code, "NOT_ADMITTED", reason);
        }

        PresentedCredential counted(String code, String outcome, String reason) {
            return new PresentedCredential(position, part, format, type, id, name, issuer, subject, achievement,
                    verification, verificationReason, code, outcome, reason, null);
        }
    }

    /** Whether any held entry of the request is a verifiable credential. */
    static boolean presents(EvaluationRequest request) {
        return request.held().stream().anyMatch(HeldCredential::isPresented);
    }
}
