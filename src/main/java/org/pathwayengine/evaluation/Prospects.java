package org.pathwayengine.evaluation;

import org.pathwayengine.catalog.Catalog;
import org.pathwayengine.catalog.Microcredential;
import org.pathwayengine.credit.CreditModel;
import org.pathwayengine.credit.RecognitionFile;
import org.pathwayengine.facts.Held;
import org.pathwayengine.facts.Requirement;
import org.pathwayengine.model.Award;
import org.pathwayengine.model.RequirementTree;
import org.pathwayengine.model.Ruleset;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The catalog credentials a learner could earn next on the pathways in question: those some requirement of a
 * considered qualification accepts, plus their prerequisites, as if awarded on the as-of date; held ones among
 * them as renewals (taken again).
 *
 * <p>Of these, the rules and the planner weigh fewer where many are interchangeable: "10 credits at level 4 or
 * above" accepts a whole catalog, and every 10-credit, 100-hour module at level 4 is as good as any other there.
 * Each qualification is planned on its own (with the qualifications it has as prerequisites), so classes are made
 * per qualification: credentials its requirements accept alike, that nothing the engine, the policies or the
 * planner can look at tells apart (credit, framework, level, hours, validity, assessment, achievement type, grade
 * scale, what the recognition tables of institutions whose credit a qualification in question counts decide,
 * whether it is its institution's own credit; and any other property
 * a policy reads, such as issuer or areas). No plan needs more of one class than the qualification's requirements
 * can take ({@link #need}), and of equally good plans the planner prefers the earliest codes, so only that many,
 * the first by code without prerequisites, are weighed there (and those with prerequisites whose codes come
 * before the last of them, with their prerequisites); the rest could change no plan, and no requirement of that
 * qualification accepts them ({@link Held#weighedOnlyFor}). A credential with prerequisites and those prerequisites
 * make a bundle, and alike bundles (many programmes built the same way) are weighed only as many times as a plan can
 * use them ({@link #surplusBundles}). Renewals and the credentials qualifications name as
 * entry requirements are weighed everywhere, and so are all of them when a policy reads a credential whole.
 *
 * @param weighed the credentials the rules and the planner weigh, indexed from the first index given
 * @param all     every prospective credential (what the learner could start, listed in the answer)
 */
record Prospects(List<Held> weighed, List<Held> all) {

    /**
     * Most credentials one bundle may hold ({@link #surplusBundles}); a longer prerequisite chain is weighed as it
     * is, so that walking it stays shallow and each walk cheap, whatever the catalog.
     */
    private static final int LARGEST_BUNDLE = 64;
    /** What {@link #need} says when a plan may use any number of a class. */
    private static final long UNBOUNDED = Long.MAX_VALUE / 4;
    /** Properties a policy may name that tell class members apart: naming one puts it in the key. */
    private static final List<String> DISTINGUISHING = List.of("code", "title", "issuer", "areas", "assessment",
            "qualityAssurance", "index", "position");

    static Prospects of(Ruleset ruleset, Collection<Award> plans, Map<String, List<Requirement>> leafFacts,
                        List<Held> held, int firstIndex, LocalDate asOf, boolean weighEvery) {
        Catalog catalog = ruleset.catalog();
        CreditModel credit = ruleset.credit();
        // Held credentials are weighed too, as renewals: one that does not count (expired, too old, excluded) may
        // be taken again. The planner offers a renewal only where the held one does not count or does not meet a
        // prerequisite; elsewhere it would change nothing.
        Set<String> have = new LinkedHashSet<>();
        held.stream().filter(h -> h.getSource() == Held.Source.HELD).forEach(h -> have.add(h.getCode()));
        Set<String> given = new LinkedHashSet<>();
        held.forEach(h -> given.add(h.getCode()));
        CatalogProbes catalogProbes = CatalogProbes.of(ruleset, asOf);
        List<Held> probes = catalogProbes.probes();
        // Probes of credentials given in the request are left out, but for renewals of held ones.
        BitSet left = new BitSet(probes.size());
        for (String code : given) {
            int at = catalogProbes.indexOf(code);
            if (at >= 0 && !have.contains(code)) {
                left.set(at);
            }
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (Award award : plans) {
            BitSet[] accepted = catalogProbes.accepted(award, leafFacts.get(award.qualification().code()));
            for (Requirement f : leafFacts.get(award.qualification().code())) {
                BitSet bits = accepted[f.getLeafIndex()];
                for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
                    if (!left.get(i)) {
                        wanted.add(probes.get(i).getCode());
                    }
                }
            }
        }
        // A qualification's own prerequisites are learning towards it as much as its requirements are.
        for (Award award : plans) {
            for (String code : QualificationGate.entryRequirements(catalog, award).stream()
                    .flatMap(e -> e.prerequisites().codes().stream()).toList()) {
                if (catalog.microcredentials().containsKey(code) && (!given.contains(code) || have.contains(code))) {
                    wanted.add(code);
                }
            }
        }
        List<String> queue = new ArrayList<>(wanted);
        for (int i = 0; i < queue.size(); i++) {
            Microcredential m = catalog.microcredentials().get(queue.get(i));
            if (m != null && m.prerequisites() != null) {
                for (String p : m.prerequisites().codes()) {
                    if (catalog.microcredentials().containsKey(p) && (!given.contains(p) || have.contains(p))
                            && wanted.add(p)) {
                        queue.add(p);
                    }
                }
            }
        }
        Map<String, Set<String>> only = weighEvery ? Map.of()
                : interchangeable(ruleset, plans, leafFacts, wanted, have, catalogProbes, left, asOf);
        List<Held> weighed = new ArrayList<>();
        List<Held> all = new ArrayList<>();
        for (String code : wanted) {
            Microcredential m = catalog.microcredentials().get(code);
            Held.Source source = have.contains(code) ? Held.Source.RENEWAL : Held.Source.PROSPECT;
            Set<String> qualifications = only.get(code);
            if (qualifications != null && qualifications.isEmpty()) {
                all.add(Evaluator.held(m, -1, source, -1, asOf, null, null, null, notYetGraded(catalog, m), credit,
                        asOf));
            } else {
                Held h = Evaluator.held(m, firstIndex + weighed.size(), source, weighed.size(), asOf, null, null, null,
                        notYetGraded(catalog, m), credit, asOf);
                if (qualifications != null) {
                    h = h.weighedOnlyFor(qualifications);
                }
                weighed.add(h);
                all.add(h);
            }
        }
        return new Prospects(weighed, all);
    }

    /**
     * For each prospective credential that is one of a class (see the class comment): the qualifications whose
     * planning weighs it, empty where none needs it. Credentials not in the map are weighed everywhere.
     */
    private static Map<String, Set<String>> interchangeable(Ruleset ruleset, Collection<Award> plans,
                                               Map<String, List<Requirement>> leafFacts, Set<String> wanted,
                                               Set<String> have, CatalogProbes catalogProbes, BitSet left,
                                               LocalDate asOf) {
        if (catalogProbes.policyReads().isEmpty()) {
            return Map.of();
        }
        Catalog catalog = ruleset.catalog();
        // Always weighed: renewals and the credentials qualifications name as entry requirements.
        Set<String> fixed = new java.util.HashSet<>(have);
        for (Award award : plans) {
            QualificationGate.entryRequirements(catalog, award)
                    .forEach(e -> fixed.addAll(e.prerequisites().codes()));
        }

        Set<String> counting = countingRecognisedCredit(plans);
        List<RequirementTree.Leaf> leaves = new ArrayList<>();
        // For each requirement fact of the qualifications in question, the probes it accepts.
        List<BitSet> acceptedBy = new ArrayList<>();
        Map<String, java.util.BitSet> leavesOf = new LinkedHashMap<>();
        for (Award award : plans) {
            List<RequirementTree.Leaf> ofAward = award.root().leaves();
            List<Requirement> ofFacts = leafFacts.get(award.qualification().code());
            BitSet[] accepted = catalogProbes.accepted(award, ofFacts);
            java.util.BitSet own = new java.util.BitSet();
            for (Requirement f : ofFacts) {
                own.set(leaves.size());
                leaves.add(ofAward.get(f.getLeafIndex()));
                acceptedBy.add(accepted[f.getLeafIndex()]);
            }
            leavesOf.put(award.qualification().code(), own);
        }
        // Each credential's class before projection: which requirements accept it, where it is its institution's
        // own credit, and what else could tell it apart.
        Map<List<Object>, List<Held>> classes = new LinkedHashMap<>();
        List<Held> probes = catalogProbes.probes();
        for (int at = 0; at < probes.size(); at++) {
            Held p = probes.get(at);
            if (left.get(at) || !wanted.contains(p.getCode()) || fixed.contains(p.getCode())) {
                continue;
            }
            java.util.BitSet accepting = new java.util.BitSet();
            java.util.BitSet ownCredit = new java.util.BitSet();
            for (int i = 0; i < acceptedBy.size(); i++) {
                if (acceptedBy.get(i).get(at)) {
                    accepting.set(i);
                    // Credit an institution awards counts for its own credit requirements; other credit only if
                    // its recognition table names it, and these are in none.
                    if (leaves.get(i) instanceof RequirementTree.CreditsLeaf c && c.recognisedBy() != null
                            && c.recognisedBy().equals(p.getIssuer())) {
                        ownCredit.set(i);
                    }
                }
            }
            // What the tables of institutions whose recognised credit a qualification in question counts decide for
            // it: planned credentials are weighed at no other (no Recognition fact, no credit counted through it).
            List<CatalogProbes.Decision> decided = new ArrayList<>();
            for (CatalogProbes.Decision d : catalogProbes.decisions(at)) {
                if (counting.contains(d.institution())) {
                    decided.add(d);
                }
            }
            classes.computeIfAbsent(List.of(accepting, ownCredit, List.of(catalogProbes.alike(at), decided)),
                    k -> new ArrayList<>()).add(p);
        }
        // Each qualification is planned on its own, with the qualifications it has as prerequisites: credentials
        // alike for its requirements (and theirs) are one class there, whatever other qualifications accept them.
        Map<String, Set<String>> weighedFor = new java.util.HashMap<>();
        classes.values().forEach(members -> members.forEach(p -> weighedFor.put(p.getCode(), new java.util.TreeSet<>())));
        Map<String, Award> byCode = new java.util.HashMap<>();
        plans.forEach(a -> byCode.put(a.qualification().code(), a));
        for (Award award : plans) {
            Set<String> unit = new LinkedHashSet<>();
            List<String> queue = new ArrayList<>(List.of(award.qualification().code()));
            for (int q = 0; q < queue.size(); q++) {
                Award a = byCode.get(queue.get(q));
                if (unit.add(queue.get(q)) && a != null) {
                    QualificationGate.entryRequirements(catalog, a).forEach(e -> queue.addAll(e.prerequisites().codes()));
                }
            }
            java.util.BitSet mask = new java.util.BitSet();
            unit.stream().map(leavesOf::get).filter(java.util.Objects::nonNull).forEach(mask::or);
            Map<List<Object>, List<Held>> projected = new LinkedHashMap<>();
            for (Map.Entry<List<Object>, List<Held>> c : classes.entrySet()) {
                List<Object> key = project(c.getKey(), mask);
                if (!((BitSet) key.get(0)).isEmpty()) {
                    projected.computeIfAbsent(key, k -> new ArrayList<>()).addAll(c.getValue());
                }
            }
            Set<String> kept = new java.util.HashSet<>();
            for (Map.Entry<List<Object>, List<Held>> c : projected.entrySet()) {
                List<Held> members = c.getValue();
                long keep = 0;
                java.util.BitSet accepting = (java.util.BitSet) c.getKey().get(0);
                for (int i = accepting.nextSetBit(0); i >= 0 && keep < members.size();
                     i = accepting.nextSetBit(i + 1)) {
                    keep += need(leaves.get(i), members.get(0), ruleset.credit(), ruleset.recognition(), asOf);
                }
                // The first `keep` by code without prerequisites stand in for any later one; a credential with
                // prerequisites is as good only when they are met, so it is weighed if its code comes before the
                // last of those.
                if (keep == 0) {
                    continue;
                }
                List<String> codes = members.stream().map(Held::getCode).sorted().toList();
                List<String> free = codes.stream().filter(code -> !hasPrerequisites(catalog, code)).toList();
                String last = free.size() > keep ? free.get((int) keep - 1) : null;
                codes.stream().filter(code -> last == null || code.compareTo(last) <= 0).forEach(kept::add);
            }
            kept.removeAll(surplusBundles(catalog, catalogProbes, classes, projected, mask,
                    (leaf, member) -> need(leaves.get(leaf), member, ruleset.credit(), ruleset.recognition(), asOf)));
            // A weighed credential's prerequisites are weighed with it: a plan takes them first, and they may count.
            List<String> withPrerequisites = new ArrayList<>(kept);
            for (int q = 0; q < withPrerequisites.size(); q++) {
                Microcredential m = catalog.microcredentials().get(withPrerequisites.get(q));
                if (m != null && m.prerequisites() != null) {
                    m.prerequisites().codes().stream().filter(weighedFor::containsKey).filter(kept::add)
                            .forEach(withPrerequisites::add);
                }
            }
            kept.forEach(code -> weighedFor.get(code).addAll(unit));
        }
        return weighedFor;
    }

    /**
     * Credentials with prerequisites that no plan for this qualification can need, found bundle by bundle. A bundle
     * is a credential with prerequisites together with everything its prerequisites name, at any depth, when no
     * credential outside it names any of them and each is one of a class here (not held, not an entry requirement).
     * Two bundles are alike when walking them in the same order (the credential, then its prerequisites as listed)
     * meets credentials of the same class here with the same prerequisites at every step, and the second bundle's
     * credential at every step has the later code.
     *
     * <p>Of a run of alike bundles, in that order, a best plan uses a first few only. Were it to use some of a later
     * bundle and nothing of an earlier one, the same credentials of the earlier one would do exactly as well (same
     * classes, same prerequisites among themselves, nothing outside needing either) at the same cost, with earlier
     * codes, which the planner prefers. And each bundle a plan uses must hold a credential that counts (else the plan
     * without that bundle would do, and plans are minimal), while a requirement counts no more credentials than it
     * needs of the smallest of them ({@link #need}; any more and one could go): so no plan uses more bundles than the
     * requirements could count of the bundle's credentials, each requirement as many as it needs of the smallest
     * there. Bundles beyond that are left out here, with what they hold (even what would be weighed on its own).
     *
     * @param classes   every prospective class member, keyed by class before projection
     * @param projected the classes here (those some requirement here accepts), keyed by {@link #project}
     * @param mask      the requirements of this qualification and those it has as prerequisites
     * @param need      how many credentials like this one a requirement (by index) can count
     */
    private static Set<String> surplusBundles(Catalog catalog, CatalogProbes probes,
                                              Map<List<Object>, List<Held>> classes,
                                              Map<List<Object>, List<Held>> projected, BitSet mask,
                                              java.util.function.ToLongBiFunction<Integer, Held> need) {
        // Alike bundles start from credentials of one class here: without two such, there is nothing to leave out.
        Set<List<Object>> rootClasses = new java.util.HashSet<>();
        projected.forEach((key, members) -> {
            if (members.stream().filter(h -> hasPrerequisites(catalog, h.getCode())).count() >= 2) {
                rootClasses.add(key);
            }
        });
        if (rootClasses.isEmpty()) {
            return Set.of();
        }
        Map<String, List<Object>> keyOf = new java.util.HashMap<>();
        Map<String, Held> heldOf = new java.util.HashMap<>();
        for (Map.Entry<List<Object>, List<Held>> c : classes.entrySet()) {
            List<Object> key = project(c.getKey(), mask);
            c.getValue().forEach(h -> {
                keyOf.put(h.getCode(), key);
                heldOf.put(h.getCode(), h);
            });
        }
        Map<List<Object>, List<List<String>>> families = new LinkedHashMap<>();
        for (Map.Entry<String, List<Object>> e : new java.util.TreeMap<>(keyOf).entrySet()) {
            if (!rootClasses.contains(e.getValue()) || !hasPrerequisites(catalog, e.getKey())) {
                continue;
            }
            List<String> walk = new ArrayList<>();
            List<Object> signature = new ArrayList<>();
            if (walk(e.getKey(), catalog, keyOf, new java.util.HashMap<>(), walk, signature) < 0) {
                continue;
            }
            Set<String> inside = new java.util.HashSet<>(walk);
            if (walk.stream().allMatch(code -> inside.containsAll(probes.requiredBy(code)))) {
                families.computeIfAbsent(signature, k -> new ArrayList<>()).add(walk);
            }
        }
        Set<String> surplus = new java.util.HashSet<>();
        for (List<List<String>> bundles : families.values()) {
            long usable = 0;
            for (int i = mask.nextSetBit(0); i >= 0; i = mask.nextSetBit(i + 1)) {
                long most = 0;
                for (String code : bundles.get(0)) {
                    if (((BitSet) keyOf.get(code).get(0)).get(i)) {
                        most = Math.max(most, need.applyAsLong(i, heldOf.get(code)));
                    }
                }
                usable = Math.min(UNBOUNDED, usable + most);
            }
            if (usable >= bundles.size()) {
                continue;
            }
            // Bundles came in their credentials' code order; each step of the next must have the later code.
            boolean ordered = true;
            Set<String> seen = new java.util.HashSet<>();
            for (int b = 0; b < bundles.size() && ordered; b++) {
                ordered = bundles.get(b).stream().allMatch(seen::add);
                for (int i = 0; b > 0 && ordered && i < bundles.get(b).size(); i++) {
                    ordered = bundles.get(b - 1).get(i).compareTo(bundles.get(b).get(i)) < 0;
                }
            }
            if (ordered) {
                bundles.subList((int) usable, bundles.size()).forEach(surplus::addAll);
            }
        }
        return surplus;
    }

    /**
     * A class key (requirements accepting, own credit, properties) as one qualification sees it: only its
     * requirements and those of the qualifications it has as prerequisites ({@code mask}).
     */
    private static List<Object> project(List<Object> key, BitSet mask) {
        BitSet accepting = (BitSet) ((BitSet) key.get(0)).clone();
        accepting.and(mask);
        BitSet ownCredit = (BitSet) ((BitSet) key.get(1)).clone();
        ownCredit.and(mask);
        return List.of(accepting, ownCredit, key.get(2));
    }

    /**
     * Walks a bundle from {@code code}: numbers each credential on first meeting, records its class and its
     * prerequisites by number, and returns its number; -1 when something met is not a class member here, or the
     * bundle would hold more than {@link #LARGEST_BUNDLE} credentials.
     */
    private static int walk(String code, Catalog catalog, Map<String, List<Object>> keyOf,
                            Map<String, Integer> numbers, List<String> walk, List<Object> signature) {
        Integer known = numbers.get(code);
        if (known != null) {
            return known;
        }
        Microcredential m = catalog.microcredentials().get(code);
        List<Object> key = keyOf.get(code);
        if (m == null || key == null || walk.size() >= LARGEST_BUNDLE) {
            return -1;
        }
        int number = walk.size();
        numbers.put(code, number);
        walk.add(code);
        signature.add(null);
        List<Integer> allOf = new ArrayList<>();
        List<Integer> from = new ArrayList<>();
        if (m.prerequisites() != null) {
            for (String p : m.prerequisites().allOf()) {
                int n = walk(p, catalog, keyOf, numbers, walk, signature);
                if (n < 0) {
                    return -1;
                }
                allOf.add(n);
            }
            for (String p : m.prerequisites().from()) {
                int n = walk(p, catalog, keyOf, numbers, walk, signature);
                if (n < 0) {
                    return -1;
                }
                from.add(n);
            }
        }
        signature.set(number, java.util.Arrays.asList(key, allOf, from,
                m.prerequisites() == null ? null : m.prerequisites().choose(),
                m.prerequisites() == null ? null : String.valueOf(m.prerequisites().within())));
        return number;
    }

    /**
     * The institutions whose recognised credit a qualification in question counts: planned credentials get
     * recognition facts at these only ({@code Evaluator.Decisions}), and credit is counted through no other.
     */
    static Set<String> countingRecognisedCredit(Collection<Award> plans) {
        Set<String> counting = new java.util.HashSet<>();
        for (Award award : plans) {
            for (RequirementTree.Leaf leaf : award.root().leaves()) {
                if (leaf instanceof RequirementTree.CreditsLeaf c && c.recognisedBy() != null) {
                    counting.add(c.recognisedBy());
                }
            }
        }
        return counting;
    }

    private static boolean hasPrerequisites(Catalog catalog, String code) {
        Microcredential m = catalog.microcredentials().get(code);
        return m.prerequisites() != null && !m.prerequisites().codes().isEmpty();
    }

    /**
     * At most how many credentials of one class a plan can use in a requirement: those it counts, or enough of
     * this credit to reach the credits it asks (a member counts there with at least that much, or not at all).
     * None where it is another institution's credit that the institution's table does not name; unbounded where
     * the table names it. Unbounded where that is not known for certain: averaged marks, credit without a known
     * conversion.
     */
    private static long need(RequirementTree.Leaf leaf, Held member, CreditModel credit,
                             Map<String, RecognitionFile> recognition, LocalDate asOf) {
        if (leaf instanceof RequirementTree.CountLeaf c) {
            return c.meanMark() != null ? UNBOUNDED : c.count();
        }
        if (leaf instanceof RequirementTree.CreditsLeaf c) {
            if (c.recognisedBy() != null && !c.recognisedBy().equals(member.getIssuer())) {
                RecognitionFile table = recognition.get(c.recognisedBy());
                boolean inTable = table != null && table.names(member.getCode());
                // Another institution's credit counts only as that institution recognises it (a class shares the
                // table's decision); not at all when its table does not name it.
                return inTable ? UNBOUNDED : 0;
            }
            if (c.meanMark() != null || member.getCredits() <= 0) {
                return UNBOUNDED;
            }
            double each = member.getCredits();
            if (c.framework() != null && !c.framework().equals(member.getFramework())) {
                Optional<CreditModel.Converted> converted = member.getFramework() == null ? Optional.empty()
                        : credit.convert(each, member.getFramework(), c.framework(), asOf);
                if (converted.isEmpty() || converted.get().credits() <= 0) {
                    return UNBOUNDED;
                }
                each = converted.get().credits();
            }
            return Math.max(1, (long) Math.ceil(c.credits() / each - 1e-9));
        }
        return 1; // one named credential
    }

    /**
     * The distinguishing properties the ruleset's policies read from a credential: named inside a {@code Held(...)}
     * or {@code Recognition(...)} pattern (whose code is the credential's), after a dot ({@code $h.issuer},
     * {@code held.code}), or as a getter anywhere; string literals and comments are not read. Empty when a policy
     * could tell credentials apart some other way (the whole object as text, its identity, a reason that quotes its
     * code). A qualification's code in {@code Qualification(code == "Q1")} is not the credential's.
     */
    static Optional<Set<String>> policyReads(Ruleset ruleset) {
        Set<String> named = new java.util.TreeSet<>();
        for (Map.Entry<String, String> source : ruleset.drl().entrySet()) {
            if (source.getKey().startsWith("engine/")) {
                continue;
            }
            String text = code(source.getValue());
            if (java.util.regex.Pattern.compile("\\b(toString|hashCode|equals|identityHashCode|reason|getReason)\\b")
                    .matcher(text).find()) {
                return Optional.empty();
            }
            StringBuilder patterns = new StringBuilder();
            java.util.regex.Matcher start = java.util.regex.Pattern.compile("\\b(Held|Recognition)\\s*\\(").matcher(text);
            while (start.find()) {
                int depth = 1;
                int at = start.end();
                while (at < text.length() && depth > 0) {
                    char c = text.charAt(at++);
                    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                }
                patterns.append(text, start.end(), at).append('\n');
            }
            for (String property : DISTINGUISHING) {
                String getter = "get" + Character.toUpperCase(property.charAt(0)) + property.substring(1);
                boolean read = java.util.regex.Pattern.compile("\\b" + getter + "\\b").matcher(text).find()
                        || java.util.regex.Pattern.compile("\\.\\s*" + property + "\\b").matcher(text).find()
                        || java.util.regex.Pattern.compile("\\b" + property + "\\b").matcher(patterns).find();
                if (read) {
                    named.add(property);
                }
            }
        }
        return Optional.of(named);
    }

    /** DRL source with comments removed and string literals emptied. */
    private static String code(String drl) {
        StringBuilder out = new StringBuilder(drl.length());
        int i = 0;
        while (i < drl.length()) {
            char c = drl.charAt(i);
            if (c == '/' && drl.startsWith("//", i)) {
                int end = drl.indexOf('\n', i);
                i = end < 0 ? drl.length() : end;
            } else if (c == '/' && drl.startsWith("/*", i)) {
                int end = drl.indexOf("*/", i + 2);
                i = end < 0 ? drl.length() : end + 2;
                out.append(' ');
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < drl.length() && drl.charAt(j) != c) {
                    j += drl.charAt(j) == '\\' ? 2 : 1;
                }
                out.append(c).append(c);
                i = j + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    static Held probe(Catalog catalog, CreditModel credit, Microcredential m, LocalDate asOf) {
        return Evaluator.held(m, -1, Held.Source.PROBE, -1, asOf, null, null, null, notYetGraded(catalog, m), credit,
                asOf);
    }

    /**
     * A credential not earned yet has no grade or mark: grade conditions take it as passed at the grade they ask
     * for (the engine checks grades on earned credentials only), on a first attempt.
     */
    private static Held.Grading notYetGraded(Catalog catalog, Microcredential m) {
        return Held.Grading.of(null, null, null, catalog.scaleOf(m));
    }
}
