package org.pathwayengine.ruleset;

import org.pathwayengine.catalog.Catalog;
import org.pathwayengine.catalog.Filter;
import org.pathwayengine.catalog.Microcredential;
import org.pathwayengine.catalog.Numbers;
import org.pathwayengine.credit.CreditModel;
import org.pathwayengine.credit.LevelScheme;
import org.pathwayengine.model.Award;
import org.pathwayengine.model.AwardSpec;
import org.pathwayengine.model.PathwayFile;
import org.pathwayengine.model.RequirementSpec;
import org.pathwayengine.model.RequirementTree;
import org.pathwayengine.model.RuleProblem;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks pathway files against the catalog and resolves each qualification's requirement tree, reporting every
 * problem with its file and line.
 */
public final class PathwayResolver {

    private record AwardDef(String pathway, YamlDocument doc, String path, AwardSpec spec) {
    }

    private record GroupDef(YamlDocument doc, String path, PathwayFile.GroupSpec spec) {
    }

    private final Catalog catalog;
    private final List<RuleProblem> problems = new ArrayList<>();
    private final Map<String, AwardDef> awards = new LinkedHashMap<>();
    private final Map<String, GroupDef> groups = new LinkedHashMap<>();
    /** The credit framework of the qualification being checked (null in a group, which any may use). */
    private String currentFramework;

    private final Set<String> declared;
    private final CreditModel credit;
    private final Set<String> recognisers;

    /**
     * @param declared    codes written in the catalog files, including entries that failed validation
     * @param recognisers institutions that have a recognition table
     */
    public PathwayResolver(Catalog catalog, Set<String> declared, CreditModel credit, Set<String> recognisers) {
        this.catalog = catalog;
        this.declared = declared;
        this.credit = credit;
        this.recognisers = recognisers;
    }

    public List<RuleProblem> problems() {
        return problems;
    }

    /** Checks one pathway file and remembers its groups and awards. */
    public void add(PathwayFile pathway, YamlDocument doc) {
        for (int i = 0; i < pathway.groups().size(); i++) {
            PathwayFile.GroupSpec group = pathway.groups().get(i);
            String path = "$.groups[" + i + "]";
            GroupDef earlier = groups.get(group.id());
            if (earlier != null) {
                error(doc, path + ".id", "group '" + group.id() + "' is already defined at " + earlier.doc().file()
                        + ":" + earlier.doc().line(earlier.path()));
                continue;
            }
            groups.put(group.id(), new GroupDef(doc, path, group));
            if (group.requires() == null) {
                error(doc, path, "group '" + group.id() + "' needs 'requires': the requirement it names");
                continue;
            }
            check(group.requires(), path + ".requires", doc, new HashSet<>(), group.id());
        }
        for (int i = 0; i < pathway.awards().size(); i++) {
            AwardSpec award = pathway.awards().get(i);
            String path = "$.awards[" + i + "]";
            String code = award.qualification();
            if (catalog.qualification(code).isEmpty()) {
                if (!declared.contains(code)) {
                    error(doc, path + ".qualification", "unknown qualification '" + code
                            + "': add it to a catalog file");
                }
                continue;
            }
            AwardDef earlier = awards.get(code);
            if (earlier != null) {
                error(doc, path + ".qualification", "qualification '" + code + "' already has requirements at "
                        + earlier.doc().file() + ":" + earlier.doc().line(earlier.path()));
                continue;
            }
            if (award.requires() == null && award.credit() == null) {
                error(doc, path, "qualification '" + code + "' needs 'requires' (a requirement tree), 'credit'"
                        + " (award-level credit rules) or both");
                continue;
            }
            awards.put(code, new AwardDef(pathway.id(), doc, path, award));
            if (award.requires() != null) {
                var q = catalog.qualifications().get(code);
                currentFramework = q.credit() == null ? null : q.credit().framework();
                check(award.requires(), path + ".requires", doc, new HashSet<>());
                currentFramework = null;
            }
            checkAwardCredit(award.credit(), path + ".credit", doc);
        }
    }

    private void check(RequirementSpec r, String path, YamlDocument doc, Set<String> ids) {
        check(r, path, doc, ids, null);
    }

    /** @param defaultId the id a requirement without one takes (a group's root takes the group's), or null */
    private void check(RequirementSpec r, String path, YamlDocument doc, Set<String> ids, String defaultId) {
        List<String> forms = new ArrayList<>();
        if (r.credential() != null) {
            forms.add("credential");
        }
        if (r.qualification() != null) {
            forms.add("qualification");
        }
        if (r.group() != null) {
            forms.add("group");
        }
        if (r.allOf() != null) {
            forms.add("allOf");
        }
        if (r.choose() != null || r.from() != null) {
            forms.add("choose/from");
        }
        if (r.credits() != null) {
            forms.add("credits");
        }
        if (r.count() != null) {
            forms.add("count");
        }
        if (forms.size() != 1) {
            error(doc, path, forms.isEmpty()
                    ? "a requirement needs one of: credential, qualification, group, allOf, choose with from, credits,"
                    + " count"
                    : "a requirement takes only one of " + String.join(", ", forms)
                    + ": split it into separate requirements under allOf");
            return;
        }
        String form = forms.get(0);
        boolean leafWithFilter = form.equals("credits") || form.equals("count");
        if (r.where() != null && !leafWithFilter) {
            error(doc, path + ".where", "'where' belongs to a credits or count requirement");
        }
        if (r.atMost() != null && !form.equals("credits")) {
            error(doc, path + ".atMost", "'atMost' caps credits: it belongs to a credits requirement");
        }
        if (r.meanMark() != null && !leafWithFilter) {
            error(doc, path + ".meanMark", "'meanMark' averages the marks of what a requirement counts: it belongs to a"
                    + " credits or count requirement" + (form.equals("credential")
                    ? " (for one credential's own mark, write a count of 1 with where: { minMark: ... })" : ""));
        }
        String id = r.id() != null ? r.id() : r.credential() != null ? r.credential()
                : r.qualification() != null ? r.qualification() : r.group() != null ? r.group() : defaultId;
        if (id == null) {
            error(doc, path, "this " + form + " requirement needs an 'id' (used in answers and scenarios)");
        } else if (!ids.add(id)) {
            error(doc, path, "id '" + id + "' is used twice in this qualification: give one of them its own 'id'");
        }
        switch (form) {
            case "credential" -> {
                if (catalog.microcredential(r.credential()).isEmpty() && !declared.contains(r.credential())) {
                    error(doc, path + ".credential", "unknown credential '" + r.credential() + "'");
                }
            }
            case "qualification" -> {
                if (catalog.qualification(r.qualification()).isEmpty() && !declared.contains(r.qualification())) {
                    error(doc, path + ".qualification", "unknown qualification '" + r.qualification() + "'");
                }
            }
            case "allOf" -> {
                for (int i = 0; i < r.allOf().size(); i++) {
                    check(r.allOf().get(i), path + ".allOf[" + i + "]", doc, ids);
                }
            }
            case "choose/from" -> {
                if (r.choose() == null || r.from() == null) {
                    error(doc, path, "'choose' (how many) and 'from' (the options) go together");
                    return;
                }
                if (r.choose() > r.from().size()) {
                    error(doc, path + ".choose", "choose " + r.choose() + " but 'from' lists only "
                            + r.from().size() + " options");
                }
                for (int i = 0; i < r.from().size(); i++) {
                    check(r.from().get(i), path + ".from[" + i + "]", doc, ids);
                }
            }
            default -> checkSet(r, path, doc, form);
        }
    }

    private void checkAwardCredit(AwardSpec.AwardCredit c, String path, YamlDocument doc) {
        if (c == null) {
            return;
        }
        checkFramework(c.framework(), path + ".framework", doc);
        if (c.institution() != null && !catalog.issuers().containsKey(c.institution())) {
            error(doc, path + ".institution", "unknown institution '" + c.institution() + "'");
        }
        if (c.rplCap() != null && c.institution() == null) {
            error(doc, path + ".rplCap", "an RPL cap needs the awarding 'institution', whose own credentials are not RPL");
        }
        if (c.minAtLevel() != null && c.minAtLevel().credits() > c.minTotal()) {
            error(doc, path + ".minAtLevel.credits", "minAtLevel asks for " + Numbers.plain(c.minAtLevel().credits())
                    + " credits, more than minTotal " + Numbers.plain(c.minTotal()));
        }
        LevelScheme scheme = credit.levelSchemeOf(c.framework());
        if (c.minAtLevel() != null && scheme != null && !scheme.has(c.minAtLevel().level())) {
            error(doc, path + ".minAtLevel.level", "level " + c.minAtLevel().level() + " is not a " + scheme.code()
                    + " level (" + scheme.describe() + "), the levels of " + c.framework());
        }
    }

    private void checkFramework(String framework, String path, YamlDocument doc) {
        if (framework != null && credit.declared() && !credit.frameworks().containsKey(framework)) {
            error(doc, path, "unknown credit framework '" + framework + "': declare it in a CreditFrameworks file");
        }
    }

    private void checkSet(RequirementSpec r, String path, YamlDocument doc, String form) {
        if (r.framework() != null && !form.equals("credits") && !form.equals("count")) {
            error(doc, path + ".framework", "'framework' belongs to a credits or count requirement");
        }
        String levelFramework = r.framework();
        if (levelFramework == null && credit.declared()) {
            levelFramework = currentFramework;
        }
        LevelScheme scheme = credit.levelSchemeOf(levelFramework);
        Filter bounds = r.where() == null ? Filter.ANY : r.where();
        for (String side : List.of("minLevel", "maxLevel")) {
            Integer level = side.equals("minLevel") ? bounds.minLevel() : bounds.maxLevel();
            if (scheme != null && level != null && !scheme.has(level)) {
                error(doc, path + ".where." + side, side + " " + level + " is not a " + scheme.code() + " level ("
                        + scheme.describe() + "), the levels " + (r.framework() != null ? "of " + r.framework()
                        : "of the qualification's framework " + levelFramework) + " this requirement reads");
            }
        }
        if (r.recognisedBy() != null && !form.equals("credits")) {
            error(doc, path + ".recognisedBy", "'recognisedBy' belongs to a credits requirement");
        }
        checkFramework(r.framework(), path + ".framework", doc);
        if (r.recognisedBy() != null && !recognisers.contains(r.recognisedBy())) {
            error(doc, path + ".recognisedBy", "institution '" + r.recognisedBy() + "' has no recognition table");
        }
        Filter f = r.where() == null ? Filter.ANY : r.where();
        f.areas().stream().filter(a -> !catalog.areas().containsKey(a)).forEach(a ->
                error(doc, path + ".where.areas", "unknown competency area '" + a + "'"));
        f.issuers().stream().filter(a -> !catalog.issuers().containsKey(a)).forEach(a ->
                error(doc, path + ".where.issuers", "unknown issuer '" + a + "'"));
        f.credentials().stream().filter(a -> catalog.microcredential(a).isEmpty() && !declared.contains(a)).forEach(a ->
                error(doc, path + ".where.credentials", "unknown credential '" + a + "'"));
        if (f.minGrade() != null && catalog.gradeScales().values().stream().noneMatch(g -> g.rank(f.minGrade()) >= 0)) {
            error(doc, path + ".where.minGrade", "grade '" + f.minGrade() + "' is on no grade scale of the catalog"
                    + (catalog.gradeScales().isEmpty() ? ": declare one under gradeScales" : " ("
                    + String.join("; ", catalog.gradeScales().values().stream()
                    .map(g -> g.id() + ": " + g.describe()).toList()) + ")"));
        }
        if (f.minLevel() != null && f.maxLevel() != null && f.minLevel() > f.maxLevel()) {
            error(doc, path + ".where", "minLevel " + f.minLevel() + " is above maxLevel " + f.maxLevel());
        }
        if (r.atMost() != null && r.credits() != null && r.atMost() < r.credits()) {
            error(doc, path + ".atMost", "atMost " + Numbers.plain(r.atMost()) + " is below the " + Numbers.plain(r.credits())
                    + " credits required, so it can never be met");
        }
        List<Microcredential> matching = catalog.accepted(f).stream()
                .filter(m -> form.equals("count") || m.credits() > 0)
                .toList();
        if (form.equals("count") && matching.size() < r.count()) {
            warning(doc, path, "can never be met: it needs " + r.count() + " credentials but only "
                    + matching.size() + " catalog credentials match");
        }
        if (form.equals("credits") && r.framework() == null && r.recognisedBy() == null) {
            double available = matching.stream().mapToDouble(Microcredential::credits).sum();
            if (available < r.credits()) {
                warning(doc, path, "can never be met: it needs " + Numbers.plain(r.credits()) + " credits but the matching"
                        + " catalog credentials carry " + Numbers.plain(available) + " in all");
            }
        }
    }

    /** Builds every qualification's tree, nested qualifications inlined; reports nesting cycles. */
    public Map<String, Award> build() {
        Map<String, Award> plans = new LinkedHashMap<>();
        for (Map.Entry<String, AwardDef> e : awards.entrySet()) {
            AwardDef def = e.getValue();
            RequirementTree root = def.spec().requires() == null ? null : resolve(def.spec().requires(),
                    def.path() + ".requires", def.doc(), def, "", new ArrayDeque<>(List.of(e.getKey())));
            if (root != null || def.spec().requires() == null) {
                root = withAwardCredit(root, def);
                plans.put(e.getKey(), new Award(catalog.qualifications().get(e.getKey()), def.pathway(),
                        def.doc().file() + ":" + def.doc().line(def.path()), root, def.spec().credit()));
            }
        }
        return plans;
    }

    /**
     * Award-level credit rules become requirements beside the tree: shareable, so that they total the learner's
     * credit without taking credentials from the requirements, and explained like any other requirement.
     */
    private RequirementTree withAwardCredit(RequirementTree root, AwardDef def) {
        AwardSpec.AwardCredit c = def.spec().credit();
        if (c == null) {
            return root;
        }
        String source = def.doc().file() + ":" + def.doc().line(def.path() + ".credit");
        String rpl = c.rplCap() == null ? "" : ", at most " + Numbers.plain(c.rplCap()) + " from prior learning";
        List<RequirementTree> parts = new ArrayList<>();
        if (root != null) {
            parts.add(root);
        }
        parts.add(new RequirementTree.CreditsLeaf("credit-total", Numbers.plain(c.minTotal()) + " " + c.framework()
                + " credits in total" + rpl, source, c.minTotal(), null, Filter.ANY, true, c.framework(),
                c.institution(), true));
        if (c.minAtLevel() != null) {
            Filter level = Filter.atLevel(c.minAtLevel().level());
            parts.add(new RequirementTree.CreditsLeaf("credit-at-level", Numbers.plain(c.minAtLevel().credits()) + " "
                    + c.framework() + " credits at level " + c.minAtLevel().level() + " or above" + rpl, source,
                    c.minAtLevel().credits(), null, level, true, c.framework(), c.institution(), true));
        }
        if (root == null) {
            // Credit rules alone: the qualification is earned by enough credit, whichever credentials carry it.
            String title = catalog.qualifications().get(def.spec().qualification()).title();
            return new RequirementTree.AllOf("credit", title, source, parts);
        }
        return new RequirementTree.AllOf(root.id() + "+credit", root.title(), root.source(), parts);
    }

    /** The codes of catalog credentials that some requirement can use. */
    public Set<String> usedCredentials(Map<String, Award> plans) {
        Set<String> used = new HashSet<>();
        for (Award award : plans.values()) {
            for (RequirementTree.Leaf leaf : award.root().leaves()) {
                if (leaf instanceof RequirementTree.CredentialLeaf c) {
                    used.add(c.code());
                } else {
                    Filter f = leaf instanceof RequirementTree.CreditsLeaf cr ? cr.filter()
                            : ((RequirementTree.CountLeaf) leaf).filter();
                    catalog.accepted(f).forEach(m -> used.add(m.code()));
                }
            }
        }
        return used;
    }

    /**
     * @param doc   the file the requirement is written in (a group's own file when it is used from another)
     * @param def   the qualification whose tree this is
     * @param stack the qualifications (by code) and groups (as "group:id") being resolved, to find cycles
     */
    private RequirementTree resolve(RequirementSpec r, String path, YamlDocument doc, AwardDef def, String prefix,
                                    Deque<String> stack) {
        String source = doc.file() + ":" + doc.line(path);
        boolean shareable = Boolean.TRUE.equals(r.shareable());
        if (r.credential() != null) {
            String id = prefix + (r.id() != null ? r.id() : r.credential());
            String title = r.title() != null ? r.title()
                    : catalog.microcredential(r.credential()).map(Microcredential::title).orElse(r.credential());
            return new RequirementTree.CredentialLeaf(id, title, source, r.credential(), shareable);
        }
        if (r.qualification() != null) {
            String code = r.qualification();
            String id = prefix + (r.id() != null ? r.id() : code);
            if (stack.contains(code)) {
                List<String> cycle = new ArrayList<>(stack);
                java.util.Collections.reverse(cycle);
                cycle.add(code);
                error(doc, path, "qualifications nest in a cycle: " + String.join(" -> ", cycle));
                return null;
            }
            AwardDef inner = awards.get(code);
            if (inner == null) {
                if (catalog.qualification(code).isPresent()) {
                    error(doc, path, "qualification '" + code + "' is nested here but no pathway says what it"
                            + " requires");
                }
                return null;
            }
            if (inner.spec().requires() == null) {
                error(doc, path, "qualification '" + code + "' has only award-level credit rules, which do not nest:"
                        + " nest a qualification with a 'requires' tree, or write the credit as a requirement here");
                return null;
            }
            stack.push(code);
            RequirementTree innerRoot = resolve(inner.spec().requires(), inner.path() + ".requires", inner.doc(),
                    inner, id + "/", stack);
            stack.pop();
            if (innerRoot == null) {
                return null;
            }
            String title = r.title() != null ? r.title() : catalog.qualifications().get(code).title();
            return new RequirementTree.Nested(id, title, source, code, innerRoot, shareable);
        }
        if (r.group() != null) {
            return group(r, path, doc, def, prefix, stack);
        }
        String id = prefix + r.id();
        if (r.allOf() != null) {
            List<RequirementTree> children = children(r.allOf(), path + ".allOf", doc, def, prefix, stack);
            return children == null ? null : new RequirementTree.AllOf(id, titleOr(r, "All of"), source, children,
                    shareable);
        }
        if (r.from() != null) {
            List<RequirementTree> children = children(r.from(), path + ".from", doc, def, prefix, stack);
            return children == null ? null
                    : new RequirementTree.Choose(id, titleOr(r, r.choose() + " of " + children.size()), source,
                    r.choose(), children, shareable);
        }
        Filter f = r.where() == null ? Filter.ANY : r.where();
        String filterText = f.describe(a -> catalog.areas().containsKey(a) ? catalog.areas().get(a).title() : a);
        if (r.credits() != null) {
            // Credits are counted in the framework the designer names, else the qualification's own, so that
            // credentials credited in different frameworks are converted rather than added as if alike.
            String framework = r.framework() != null ? r.framework() : qualificationFramework(def);
            String unit = r.framework() == null ? " credits " : " " + r.framework() + " credits ";
            return new RequirementTree.CreditsLeaf(id, titleOr(r, (Numbers.plain(r.credits()) + unit + filterText).trim()
                    + RequirementTree.averaging(r.meanMark())),
                    source, r.credits(), r.atMost(), f, shareable, framework, r.recognisedBy(), false, r.meanMark());
        }
        // Levels are read in the scheme of the framework the designer names, else the qualification's own.
        String framework = r.framework() != null ? r.framework() : qualificationFramework(def);
        String scheme = framework == null || !credit.declared() ? null : credit.schemeOf(framework);
        return new RequirementTree.CountLeaf(id, titleOr(r, (r.count() + " credentials " + filterText).trim()
                + RequirementTree.averaging(r.meanMark())), source, r.count(), f, shareable, scheme, r.meanMark());
    }

    private String qualificationFramework(AwardDef def) {
        var q = catalog.qualifications().get(def.spec().qualification());
        return q == null || q.credit() == null ? null : q.credit().framework();
    }

    /**
     * A use of a named group: the group's requirement, under the id of the use (its own id, else the group's), with
     * the ids inside it prefixed by that id, so that two uses in one qualification stay apart.
     */
    private RequirementTree group(RequirementSpec r, String path, YamlDocument doc, AwardDef def, String prefix,
                                  Deque<String> stack) {
        GroupDef group = groups.get(r.group());
        if (group == null) {
            error(doc, path + ".group", "unknown group '" + r.group() + "': define it under 'groups' in a pathway file");
            return null;
        }
        String key = "group:" + r.group();
        if (stack.contains(key)) {
            List<String> cycle = new ArrayList<>(stack.stream().filter(k -> k.startsWith("group:"))
                    .map(k -> k.substring(6)).toList());
            java.util.Collections.reverse(cycle);
            cycle.add(r.group());
            error(doc, path + ".group", "groups use each other in a cycle: " + String.join(" -> ", cycle));
            return null;
        }
        String id = prefix + (r.id() != null ? r.id() : r.group());
        stack.push(key);
        RequirementTree inner = resolve(group.spec().requires(), group.path() + ".requires", group.doc(), def,
                id + "/", stack);
        stack.pop();
        if (inner == null) {
            return null;
        }
        String title = r.title() != null ? r.title() : group.spec().title() != null ? group.spec().title()
                : inner.title();
        // A use may make the group shareable where it is used; a group written shareable is so in every use.
        return renamed(inner, id, title, inner.shareable() || Boolean.TRUE.equals(r.shareable()));
    }

    /** The same node under another id and title, shareable or not. */
    private static RequirementTree renamed(RequirementTree node, String id, String title, boolean shareable) {
        if (node instanceof RequirementTree.AllOf a) {
            return new RequirementTree.AllOf(id, title, a.source(), a.children(), shareable);
        }
        if (node instanceof RequirementTree.Choose c) {
            return new RequirementTree.Choose(id, title, c.source(), c.n(), c.children(), shareable);
        }
        if (node instanceof RequirementTree.Nested n) {
            return new RequirementTree.Nested(id, title, n.source(), n.qualification(), n.inner(), shareable);
        }
        if (node instanceof RequirementTree.CredentialLeaf l) {
            return new RequirementTree.CredentialLeaf(id, title, l.source(), l.code(), shareable);
        }
        if (node instanceof RequirementTree.CountLeaf l) {
            return new RequirementTree.CountLeaf(id, title, l.source(), l.count(), l.filter(), shareable,
                    l.levelScheme(), l.meanMark());
        }
        RequirementTree.CreditsLeaf l = (RequirementTree.CreditsLeaf) node;
        return new RequirementTree.CreditsLeaf(id, title, l.source(), l.credits(), l.atMost(), l.filter(),
                shareable, l.framework(), l.recognisedBy(), l.awardRule(), l.meanMark());
    }

    private List<RequirementTree> children(List<RequirementSpec> specs, String path, YamlDocument doc, AwardDef def,
                                       String prefix, Deque<String> stack) {
        List<RequirementTree> out = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            RequirementTree child = resolve(specs.get(i), path + "[" + i + "]", doc, def, prefix, stack);
            if (child == null) {
                return null;
            }
            out.add(child);
        }
        return out;
    }

    private static String titleOr(RequirementSpec r, String fallback) {
        return r.title() != null ? r.title() : fallback;
    }


    private void error(YamlDocument doc, String path, String message) {
        problems.add(RuleProblem.error(doc.file(), doc.line(path), message));
    }

    private void warning(YamlDocument doc, String path, String message) {
        problems.add(RuleProblem.warning(doc.file(), doc.line(path), message));
    }
}
