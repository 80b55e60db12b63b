package org.pathwayengine.ruleset;

import org.pathwayengine.catalog.Catalog;
import org.pathwayengine.catalog.Microcredential;
import org.pathwayengine.credentials.IssuerKey;
import org.pathwayengine.model.CredentialIntake;
import org.pathwayengine.model.RuleProblem;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the CredentialIntake file against the catalog: one file; every mapping names one thing to match and a
 * catalog credential; no achievement maps onto two credentials; issuers, keys and status lists listed once; keys
 * that are public keys of a kind proofs use (and warns of keys whose private half is published); a catalog issuer
 * that exists and issues what is mapped from it; a mapping that names no issuer and that no listed issuer can meet.
 */
final class IntakeChecks {

    /**
     * Ed25519 keys whose private halves are published with the Open Badges 3.0 specification's examples and
     * 1EdTech's test suite: credentials signed with them prove nothing.
     */
    static final java.util.Set<String> PUBLISHED_TEST_KEYS = java.util.Set.of(
            "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi");

    private IntakeChecks() {
    }

    static CredentialIntake intake(Map<String, YamlDocument> docs, Catalog catalog, List<RuleProblem> problems) {
        if (docs.isEmpty()) {
            return CredentialIntake.NONE;
        }
        if (docs.size() > 1) {
            docs.values().stream().skip(1).forEach(doc -> error(problems, doc, "$.kind", "a second CredentialIntake"
                    + " file; keep one (the first is " + docs.keySet().iterator().next() + ")"));
        }
        YamlDocument doc = docs.values().iterator().next();
        CredentialIntake intake = RulesetLoader.bind(doc, CredentialIntake.class, problems).orElse(null);
        if (intake == null) {
            return CredentialIntake.NONE;
        }
        Map<String, String> issuerIds = new HashMap<>();
        Map<String, String> keyIds = new HashMap<>();
        for (int i = 0; i < intake.issuers().size(); i++) {
            CredentialIntake.TrustedIssuer issuer = intake.issuers().get(i);
            String path = "$.issuers[" + i + "]";
            String earlier = issuerIds.putIfAbsent(issuer.id(), path);
            if (earlier != null) {
                error(problems, doc, path + ".id", "issuer '" + issuer.id() + "' is already listed at line "
                        + doc.line(earlier) + "; list each issuer once, with all its keys");
            }
            if (issuer.catalogIssuer() != null && !catalog.issuers().containsKey(issuer.catalogIssuer())) {
                error(problems, doc, path + ".catalogIssuer", "unknown catalog issuer '" + issuer.catalogIssuer()
                        + "': add it under issuers in a catalog file");
            }
            for (int k = 0; k < issuer.keys().size(); k++) {
                CredentialIntake.Key key = issuer.keys().get(k);
                String keyPath = path + ".keys[" + k + "]";
                String owner = keyIds.putIfAbsent(key.id(), issuer.id());
                if (owner != null) {
                    error(problems, doc, keyPath + ".id", "key '" + key.id() + "' is already listed for issuer "
                            + owner + "; a key belongs to one issuer");
                }
                String problem = IssuerKey.problem(key.publicKeyMultibase(),
                        key.publicKeyJwk() == null ? null : key.publicKeyJwk().toString());
                if (problem != null) {
                    error(problems, doc, keyPath, problem);
                }
                if (key.publicKeyMultibase() != null && PUBLISHED_TEST_KEYS.contains(key.publicKeyMultibase())) {
                    problems.add(RuleProblem.warning(doc.file(), doc.line(keyPath + ".publicKeyMultibase"),
                            "key " + key.publicKeyMultibase() + " signs the Open Badges 3.0 specification's examples"
                                    + " and its private key is published: anyone can sign as " + issuer.id()
                                    + " with it; trust it in tests only"));
                }
            }
        }
        Map<String, String> mapped = new HashMap<>();
        for (int i = 0; i < intake.mappings().size(); i++) {
            CredentialIntake.Mapping m = intake.mappings().get(i);
            String path = "$.mappings[" + i + "]";
            int given = (m.achievement() != null ? 1 : 0) + (m.alignment() != null ? 1 : 0)
                    + (m.humanCode() != null ? 1 : 0);
            if (given != 1) {
                error(problems, doc, path, "a mapping matches one thing: give one of achievement, alignment or"
                        + " humanCode (it gives " + given + ")");
                continue;
            }
            if (m.humanCode() != null && m.issuer() == null) {
                error(problems, doc, path + ".humanCode", "a humanCode is only unique within its issuer: give the"
                        + " issuer id too");
            }
            Microcredential credential = catalog.microcredentials().get(m.code());
            if (credential == null) {
                error(problems, doc, path + ".code", "unknown credential '" + m.code() + "'");
                continue;
            }
            String earlier = mapped.putIfAbsent(m.describe(), m.code());
            if (earlier != null && !earlier.equals(m.code())) {
                error(problems, doc, path, m.describe() + " already maps onto " + earlier
                        + "; one achievement is one catalog credential");
            }
            CredentialIntake.TrustedIssuer from = m.issuer() == null ? null : intake.issuers().stream()
                    .filter(t -> t.id().equals(m.issuer())).findFirst().orElse(null);
            if (from != null && from.catalogIssuer() != null && !from.catalogIssuer().equals(credential.issuer())) {
                error(problems, doc, path + ".code", m.code() + " is issued by " + credential.issuer() + ", but "
                        + m.issuer() + " is the catalog issuer " + from.catalogIssuer());
            }
            if (m.issuer() == null && intake.issuers().stream()
                    .noneMatch(t -> credential.issuer().equals(t.catalogIssuer()))) {
                problems.add(RuleProblem.warning(doc.file(), doc.line(path), "this mapping names no issuer, so it"
                        + " takes credentials only from a trust-registry issuer whose catalogIssuer is "
                        + credential.issuer() + " (the issuer of " + m.code() + "), and none is listed: it can"
                        + " never match"));
            }
        }
        Map<String, String> lists = new HashMap<>();
        for (int i = 0; i < intake.statusLists().size(); i++) {
            String path = "$.statusLists[" + i + "]";
            String earlier = lists.putIfAbsent(intake.statusLists().get(i).url(), path);
            if (earlier != null) {
                error(problems, doc, path + ".url", "status list " + intake.statusLists().get(i).url()
                        + " is already held at line " + doc.line(earlier));
            }
        }
        if (!CredentialIntake.EXCLUDE.equals(intake.unverified())) {
            problems.add(RuleProblem.warning(doc.file(), doc.line("$.unverified"), "unverified: " + intake.unverified()
                    + " lets credentials that do not verify count"
                    + (CredentialIntake.ACCEPT.equals(intake.unverified()) ? " as if verified; for pilots only"
                    : ", marked pending a registrar's review")));
        }
        return intake;
    }

    private static void error(List<RuleProblem> problems, YamlDocument doc, String path, String message) {
        problems.add(RuleProblem.error(doc.file(), doc.line(path), message));
    }
}
