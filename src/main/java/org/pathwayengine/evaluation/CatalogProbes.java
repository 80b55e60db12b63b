package org.pathwayengine.evaluation;

import org.pathwayengine.catalog.Catalog;
import org.pathwayengine.catalog.Microcredential;
import org.pathwayengine.credit.RecognitionFile;
import org.pathwayengine.credit.Recognizer;
import org.pathwayengine.facts.Held;
import org.pathwayengine.facts.Recognition;
import org.pathwayengine.facts.Requirement;
import org.pathwayengine.model.Award;
import org.pathwayengine.model.Ruleset;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What {@link Prospects} asks of every catalog credential that does not depend on the learner, worked out once per
 * ruleset version and as-of date instead of in every evaluation: each credential as if awarded on that date (a
 * probe), which probes each requirement of a qualification accepts, and what tells a probe apart from others of
 * its kind. A scenario run asks the same of the same catalog hundreds of times, mostly on one as-of date; so does a
 * day of requests.
 *
 * <p>Every answer is what the per-evaluation computation gave: the probes are built the same way, acceptance is
 * {@link Requirement#accepts} of the same requirement facts, and a probe's properties are read from the probe and
 * the ruleset alone. Shared between threads; the last few (version, date) pairs only.
 */
final class CatalogProbes {

    private static final int KEPT = 4;
    private static final Map<List<Object>, CatalogProbes> RECENT = Collections.synchronizedMap(
            new LinkedHashMap<>(8, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<List<Object>, CatalogProbes> eldest) {
                    return size() > KEPT;
                }
            });

    private final Ruleset ruleset;
    private final LocalDate asOf;
    private final List<Held> probes;
    private final Map<String, Integer> indexOf;
    /** For each catalog credential, the catalog credentials that name it among their prerequisites. */
    private final Map<String, List<String>> requiredBy;
    /** For each catalog credential, the recognition tables that name it, in the ruleset's order. */
    private final Map<String, List<RecognitionFile>> naming;
    /** The distinguishing properties the policies read, or empty when a policy could read a credential whole. */
    private final Optional<Set<String>> policyReads;
    /** Per qualification code: for each leaf index, the probes that leaf's requirement accepts. */
    private final Map<String, BitSet[]> accepted = new ConcurrentHashMap<>();
    /**
     * Per probe: the number of its distinguishing properties (see {@link #alike}) plus one, 0 until first asked;
     * probes with equal properties share the number.
     */
    private final AtomicIntegerArray alike;
    private final Map<List<Object>, Integer> numbers = new ConcurrentHashMap<>();
    /** Per probe: what the recognition tables naming it decide (see {@link #decisions}), filled on first use. */
    private final AtomicReferenceArray<List<Decision>> decisions;
    private final AtomicInteger nextNumber = new AtomicInteger();

    private CatalogProbes(Ruleset ruleset, LocalDate asOf) {
        this.ruleset = ruleset;
        this.asOf = asOf;
        Catalog catalog = ruleset.catalog();
        List<Held> built = new ArrayList<>(catalog.microcredentials().size());
        Map<String, Integer> index = new HashMap<>();
        for (Microcredential m : catalog.microcredentials().values()) {
            index.put(m.code(), built.size());
            built.add(Prospects.probe(catalog, ruleset.credit(), m, asOf));
        }
        Map<String, List<String>> requirers = new HashMap<>();
        for (Microcredential m : catalog.microcredentials().values()) {
            if (m.prerequisites() != null) {
                m.prerequisites().codes().forEach(c -> requirers.computeIfAbsent(c, k -> new ArrayList<>()).add(m.code()));
            }
        }
        requirers.replaceAll((code, list) -> List.copyOf(list));
        this.requiredBy = Map.copyOf(requirers);
        Map<String, List<RecognitionFile>> tables = new HashMap<>();
        for (RecognitionFile table : ruleset.recognition().values()) {
            for (String code : catalog.microcredentials().keySet()) {
                if (table.names(code)) {
                    tables.computeIfAbsent(code, c -> new ArrayList<>()).add(table);
                }
            }
        }
        this.naming = tables;
        this.policyReads = Prospects.policyReads(ruleset);
        this.probes = List.copyOf(built);
        this.indexOf = Map.copyOf(index);
        this.alike = new AtomicIntegerArray(probes.size());
        this.decisions = new AtomicReferenceArray<>(probes.size());
    }

    /** The probes of this ruleset on this date: a recent one when the same ruleset (by identity) asked. */
    static CatalogProbes of(Ruleset ruleset, LocalDate asOf) {
        List<Object> key = List.of(ruleset.version(), asOf);
        CatalogProbes found = RECENT.get(key);
        if (found != null && found.ruleset == ruleset) {
            return found;
        }
        CatalogProbes made = new CatalogProbes(ruleset, asOf);
        RECENT.put(key, made);
        return made;
    }

    /** Every catalog credential as if awarded on the as-of date, in catalog order. */
    List<Held> probes() {
        return probes;
    }

    /** The position of a catalog credential in {@link #probes()}, or -1. */
    int indexOf(String code) {
        return indexOf.getOrDefault(code, -1);
    }

    /**
     * The distinguishing properties the ruleset's policies read from a credential (see {@code Prospects}), or empty
     * when a policy could tell credentials apart some other way.
     */
    Optional<Set<String>> policyReads() {
        return policyReads;
    }

    /** The catalog credentials that name this one among their prerequisites. */
    List<String> requiredBy(String code) {
        return requiredBy.getOrDefault(code, List.of());
    }

    /**
     * For each leaf of the qualification (by leaf index), the probes its requirement fact accepts.
     *
     * @param facts the qualification's requirement facts, as {@link Evaluator#leafFacts} makes them
     */
    BitSet[] accepted(Award award, List<Requirement> facts) {
        return accepted.computeIfAbsent(award.qualification().code(), code -> {
            BitSet[] byLeaf = new BitSet[award.root().leaves().size()];
            Arrays.setAll(byLeaf, i -> new BitSet());
            for (Requirement f : facts) {
                BitSet bits = byLeaf[f.getLeafIndex()];
                for (int i = 0; i < probes.size(); i++) {
                    if (f.accepts(probes.get(i))) {
                        bits.set(i);
                    }
                }
            }
            return byLeaf;
        });
    }

    /**
     * A number that two probes share exactly when nothing but the requirements that accept them, and the
     * recognition tables that name them ({@link #decisions}), could tell them apart: the same credit, framework,
     * level, hours, validity, assessment, achievement type and grade scale, and the same properties the policies
     * read ({@link #policyReads}, which must not be empty).
     */
    int alike(int probe) {
        int known = alike.get(probe);
        if (known > 0) {
            return known - 1;
        }
        int number = numbers.computeIfAbsent(properties(probe), k -> nextNumber.getAndIncrement());
        alike.set(probe, number + 1);
        return number;
    }

    /**
     * What each recognition table that names this probe decides for it, by institution, in the ruleset's order. A
     * table that does not name a credential decides alike for all of them.
     */
    List<Decision> decisions(int probe) {
        List<Decision> known = decisions.get(probe);
        if (known != null) {
            return known;
        }
        Held p = probes.get(probe);
        Microcredential m = ruleset.catalog().microcredentials().get(p.getCode());
        List<Decision> made = new ArrayList<>();
        for (RecognitionFile table : naming.getOrDefault(p.getCode(), List.of())) {
            Recognition r = Recognizer.decide(table, p, m.qualityAssurance(), asOf);
            made.add(new Decision(table.institution(), Arrays.asList(r.getOutcome(), r.getCredits(), r.getLevel(),
                    String.valueOf(r.getFramework()), r.getRuleId())));
        }
        decisions.compareAndSet(probe, null, List.copyOf(made));
        return decisions.get(probe);
    }

    /** One institution's recognition of a probe: outcome, credit, level, framework and the rule that decided. */
    record Decision(String institution, List<Object> outcome) {
    }

    private List<Object> properties(int probe) {
        Held p = probes.get(probe);
        Catalog catalog = ruleset.catalog();
        Microcredential m = catalog.microcredentials().get(p.getCode());
        List<Object> out = new ArrayList<>(Arrays.asList(p.getCredits(), p.getFramework(), p.getLevel(),
                p.getHours(), m.validFor(), p.isAssessed(), p.getAchievementType(), catalog.scaleOf(m)));
        for (String property : policyReads.orElseThrow()) {
            out.add(switch (property) {
                case "code" -> p.getCode();
                case "title" -> p.getTitle();
                case "issuer" -> p.getIssuer();
                case "areas" -> p.getAreas();
                case "assessment" -> p.getAssessment();
                case "qualityAssurance" -> p.getQualityAssurance();
                default -> p.getCode(); // index, position: every credential is its own class
            });
        }
        return out;
    }
}
