package org.pathwayengine.evaluation;

import org.pathwayengine.catalog.Microcredential;
import org.pathwayengine.catalog.QualificationEntry;
import org.pathwayengine.evaluation.EvaluationResult.QualificationResult;
import org.pathwayengine.evaluation.EvaluationResult.RequirementResult;
import org.pathwayengine.model.CredentialIntake;
import org.pathwayengine.model.Ruleset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For each qualification a learner is eligible for, the Open Badges 3.0 {@code AchievementCredential} an awarding
 * body would issue, unsigned: the achievement from the catalog (type, credits, what it requires), the learner as the
 * caller named them, and evidence naming each credential that counted. The awarding body fills in its own issuer
 * profile where the rules do not know it, signs and issues it; this service never signs on anyone's behalf.
 *
 * <p>Only an outcome that stands gets one: not one that rests on what-if credentials or on credentials pending a
 * registrar's review.
 */
public final class OpenBadgeAwards {

    static final String VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";
    static final String OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

    /** Open Badges 3.0 achievement types a catalog qualification type may be, by the type in lower case. */
    private static final Map<String, String> ACHIEVEMENT_TYPES = Map.ofEntries(
            Map.entry("award", "Award"), Map.entry("certificate", "Certificate"), Map.entry("diploma", "Diploma"),
            Map.entry("degree", "Degree"), Map.entry("bachelor", "BachelorDegree"),
            Map.entry("bachelordegree", "BachelorDegree"), Map.entry("master", "MasterDegree"),
            Map.entry("masterdegree", "MasterDegree"), Map.entry("associatedegree", "AssociateDegree"),
            Map.entry("certification", "Certification"), Map.entry("license", "License"),
            Map.entry("microcredential", "MicroCredential"), Map.entry("badge", "Badge"),
            Map.entry("course", "Course"));

    private OpenBadgeAwards() {
    }

    /** The answer with an award payload on each qualification that is ELIGIBLE and stands. */
    public static EvaluationResult attach(Ruleset ruleset, EvaluationResult answer) {
        List<QualificationResult> qualifications = new ArrayList<>();
        for (QualificationResult q : answer.qualifications()) {
            boolean stands = q.status() == Status.ELIGIBLE && !q.dependsOnHypothetical() && q.pendingReview() == null;
            QualificationEntry entry = ruleset.catalog().qualifications().get(q.code());
            qualifications.add(stands && entry != null ? q.withOpenBadge(payload(ruleset, answer, q, entry)) : q);
        }
        return answer.withCredentials(qualifications, answer.credentials());
    }

    private static Map<String, Object> payload(Ruleset ruleset, EvaluationResult answer, QualificationResult q,
                                               QualificationEntry entry) {
        Map<String, Object> achievement = new LinkedHashMap<>();
        achievement.put("id", "urn:pathway-engine:qualification:" + q.code());
        achievement.put("type", List.of("Achievement"));
        achievement.put("achievementType", achievementType(entry.type()));
        achievement.put("name", q.title());
        achievement.put("humanCode", q.code());
        achievement.put("criteria", Map.of("narrative", criteria(q.requirement())));
        if (entry.credit() != null) {
            achievement.put("creditsAvailable", entry.credit().credits());
        }
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("type", List.of("AchievementSubject"));
        if (answer.learner() != null) {
            subject.put("identifier", List.of(Map.of("type", "IdentityObject", "identityHash", answer.learner(),
                    "identityType", "sourcedId", "hashed", false)));
        }
        subject.put("achievement", achievement);
        if (entry.credit() != null) {
            q.credits().stream().filter(c -> c.framework().equals(entry.credit().framework())).findFirst()
                    .ifPresent(c -> subject.put("creditsEarned", c.credits()));
        }
        Map<String, Object> credential = new LinkedHashMap<>();
        credential.put("@context", List.of(VC_CONTEXT, OB_CONTEXT));
        credential.put("type", List.of("VerifiableCredential", "AchievementCredential"));
        credential.put("issuer", issuer(ruleset, entry));
        credential.put("validFrom", answer.asOf() + "T00:00:00Z");
        credential.put("name", q.title());
        credential.put("credentialSubject", subject);
        List<Map<String, Object>> evidence = evidence(ruleset, answer, q.requirement());
        if (!evidence.isEmpty()) {
            credential.put("evidence", evidence);
        }
        return credential;
    }

    /**
     * The awarding body as the trust registry knows it (its issuer id there), else as the catalog names it, with an
     * id the awarding body replaces with its own when it issues the credential.
     */
    private static Map<String, Object> issuer(Ruleset ruleset, QualificationEntry entry) {
        String catalogId = entry.awardedBy();
        CredentialIntake intake = ruleset.intake() == null ? CredentialIntake.NONE : ruleset.intake();
        String id = catalogId == null ? null : intake.issuers().stream()
                .filter(i -> catalogId.equals(i.catalogIssuer())).map(CredentialIntake.TrustedIssuer::id)
                .findFirst().orElse(null);
        String name = entry.awardingBody() != null ? entry.awardingBody() : catalogId == null ? null
                : ruleset.catalog().issuers().containsKey(catalogId) ? ruleset.catalog().issuers().get(catalogId).name()
                : catalogId;
        Map<String, Object> issuer = new LinkedHashMap<>();
        issuer.put("id", id != null ? id : "urn:pathway-engine:awarding-body:"
                + (catalogId != null ? catalogId : name == null ? "unnamed" : name.replaceAll("[^A-Za-z0-9]+", "-")));
        issuer.put("type", List.of("Profile"));
        if (name != null) {
            issuer.put("name", name);
        }
        return issuer;
    }

    private static String achievementType(String type) {
        if (type == null) {
            return "Achievement";
        }
        String known = ACHIEVEMENT_TYPES.get(type.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]", ""));
        return known != null ? known : "ext:" + type.replaceAll("[^A-Za-z0-9]+", "");
    }

    /** What the qualification requires, one met requirement per line, as the answer's tree gives it. */
    private static String criteria(RequirementResult root) {
        StringBuilder out = new StringBuilder();
        criteria(root, "", out);
        return out.toString().strip();
    }

    private static void criteria(RequirementResult r, String indent, StringBuilder out) {
        out.append(indent).append("- ").append(r.title() == null ? r.id() : r.title());
        if (r.credentials() != null && !r.credentials().isEmpty()) {
            out.append(": ").append(String.join(", ", r.credentials()));
        }
        out.append('\n');
        if (r.children() != null) {
            r.children().forEach(c -> criteria(c, indent + "  ", out));
        }
    }

    private static List<Map<String, Object>> evidence(Ruleset ruleset, EvaluationResult answer, RequirementResult root) {
        Map<String, String> credentialIds = new LinkedHashMap<>();
        if (answer.credentials() != null) {
            answer.credentials().stream().filter(c -> c.code() != null && c.id() != null
                    && !"NOT_ADMITTED".equals(c.outcome())).forEach(c -> credentialIds.putIfAbsent(c.code(), c.id()));
        }
        Map<String, String> where = new LinkedHashMap<>();
        collect(root, where);
        List<Map<String, Object>> out = new ArrayList<>();
        where.forEach((code, requirement) -> {
            Map<String, Object> e = new LinkedHashMap<>();
            if (credentialIds.containsKey(code)) {
                e.put("id", credentialIds.get(code));
            }
            e.put("type", List.of("Evidence"));
            String bare = code.contains(" as ") ? code.substring(code.indexOf(" as ") + 4) : code;
            e.put("name", ruleset.catalog().microcredential(bare).map(Microcredential::title).orElse(bare)
                    + " (" + code + ")");
            e.put("description", "Counted towards: " + requirement);
            e.put("genre", "Credential");
            out.add(e);
        });
        return out;
    }

    private static void collect(RequirementResult r, Map<String, String> into) {
        if (r.credentials() != null) {
            r.credentials().forEach(code -> into.merge(code, r.title() == null ? r.id() : r.title(),
                    (a, b) -> a.equals(b) ? a : a + "; " + b));
        }
        if (r.children() != null) {
            r.children().forEach(c -> collect(c, into));
        }
    }
}
