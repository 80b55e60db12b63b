package org.pathwayengine.ruleset;

import org.drools.base.definitions.InternalKnowledgePackage;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.base.rule.ConditionalBranch;
import org.drools.base.rule.EvalCondition;
import org.drools.base.rule.From;
import org.drools.base.rule.GroupElement;
import org.drools.base.rule.RuleConditionElement;
import org.drools.base.rule.constraint.Constraint;
import org.drools.base.rule.LineMappings;
import org.drools.core.rule.JavaDialectRuntimeData;
import org.drools.mvel.MVELConstraint;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.pathwayengine.model.RuleProblem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Holds every policy to what a rule needs: read the engine's facts, insert, update and delete facts, and compute
 * with strings, numbers, dates and read-only collections. It checks what the compiler produced, not the DRL text:
 * the bytecode of every consequence, function and {@code eval} (read with ASM), and the expressions of every
 * pattern constraint ({@code from}, which has no compiled form, is refused). Anything else (files, processes, threads, reflection, the network, the
 * clock, {@code System.exit}) is a problem at the rule's file:line naming the forbidden call. Consequences may not
 * loop, recurse or allocate arrays of a size not written in the rule, so a policy cannot pin a thread or exhaust
 * memory; repeated firing is bounded by the evaluator instead.
 */
final class RuleSandbox {

    /** Classes a policy may use, and the members of them it may not. */
    private static final Map<String, Set<String>> ALLOWED_OWNERS = new LinkedHashMap<>();
    /** Owners allowed by prefix (whole packages), with members forbidden in all of them. */
    private static final List<String> ALLOWED_PREFIXES = List.of("org/pathwayengine/facts/", "java/time/",
            // property-reactivity masks that Drools compiles into modify/update calls: plain values
            "org/drools/util/bitmask/");
    private static final Set<String> FORBIDDEN_ANYWHERE = Set.of("now", "wait", "notify", "notifyAll",
            "getClass", "finalize");

    static {
        Set<String> none = Set.of();
        for (String boxed : List.of("Integer", "Long", "Double", "Float", "Short", "Byte", "Boolean", "Character",
                "Number", "Math", "StrictMath", "CharSequence", "Comparable", "Enum")) {
            ALLOWED_OWNERS.put("java/lang/" + boxed, none);
        }
        ALLOWED_OWNERS.put("java/lang/Object", Set.of());
        // A string as long as memory: the only way a rule without loops could ask for that much.
        ALLOWED_OWNERS.put("java/lang/String", Set.of("repeat", "intern"));
        ALLOWED_OWNERS.put("java/lang/StringBuilder", Set.of("<init>(I)V", "ensureCapacity", "setLength", "repeat"));
        ALLOWED_OWNERS.put("java/util/Objects", none);
        for (String readOnly : List.of("java/util/List", "java/util/Collection", "java/util/Set", "java/util/Map")) {
            ALLOWED_OWNERS.put(readOnly, Set.of("add", "addAll", "remove", "removeAll", "removeIf", "retainAll",
                    "clear", "put", "putAll", "putIfAbsent", "compute", "computeIfAbsent", "computeIfPresent",
                    "merge", "replace", "replaceAll", "set", "sort", "forEach", "stream", "parallelStream",
                    "iterator", "listIterator", "spliterator", "toArray", "entrySet", "keySet", "values"));
        }
    }

    /** What a compiled consequence may call on its context: the working memory verbs, nothing else of the engine. */
    private static final Set<String> KNOWLEDGE_HELPER = Set.of("insert", "insertLogical", "update", "delete",
            "retract", "halt");

    /** Largest array a consequence may create (varargs calls create small ones). */
    private static final int MAX_ARRAY = 64;

    /** Names that may stand before "(" in a constraint or from expression: what the allowed classes offer. */
    private static final Set<String> CONSTRAINT_CALLS = Set.of(
            // strings
            "startsWith", "endsWith", "contains", "equals", "equalsIgnoreCase", "length", "isEmpty", "isBlank",
            "toLowerCase", "toUpperCase", "trim", "strip", "substring", "indexOf", "lastIndexOf", "matches",
            "charAt", "compareTo", "valueOf", "toString", "hashCode", "format", "join", "split", "replace",
            // numbers
            "abs", "min", "max", "round", "floor", "ceil", "signum", "parseInt", "parseDouble", "parseLong",
            "intValue", "doubleValue", "longValue", "compare",
            // dates
            "isBefore", "isAfter", "isEqual", "plusDays", "plusMonths", "plusYears", "minusDays", "minusMonths",
            "minusYears", "getYear", "getMonthValue", "getDayOfMonth", "between", "of", "parse", "ofMonths",
            "ofYears", "ofDays", "toTotalMonths", "getMonths", "getYears", "getDays",
            // collections
            "size", "get", "containsAll", "containsKey", "getOrDefault");
    /** The facts' own public methods, which conditions may call (the engine's rules do: appliesTo, accepts). */
    private static final Set<String> FACT_METHODS = factMethods();
    private static final Set<String> CONSTRAINT_CLASSES = Set.of("Math", "String", "Integer", "Long", "Double",
            "Boolean", "Character", "LocalDate", "Period", "ChronoUnit", "Duration", "List", "Set", "Objects",
            "Held", "Requirement", "Qualification", "Excluded", "Candidate", "Evaluation", "Recognition");
    private static final Pattern CALL = Pattern.compile("([A-Za-z_$][\\w$]*)\\s*\\(");
    private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w$.])([A-Z][\\w$]*)\\s*\\.");
    private static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'");

    private RuleSandbox() {
    }

    private static Set<String> factMethods() {
        Set<String> out = new java.util.HashSet<>();
        for (Class<?> fact : List.of(org.pathwayengine.facts.Held.class, org.pathwayengine.facts.Requirement.class,
                org.pathwayengine.facts.Qualification.class, org.pathwayengine.facts.Excluded.class,
                org.pathwayengine.facts.Candidate.class, org.pathwayengine.facts.Evaluation.class,
                org.pathwayengine.facts.Recognition.class, org.pathwayengine.facts.RegistrarException.class)) {
            for (java.lang.reflect.Method m : fact.getDeclaredMethods()) {
                if (java.lang.reflect.Modifier.isPublic(m.getModifiers())) {
                    out.add(m.getName());
                }
            }
        }
        out.removeAll(FORBIDDEN_ANYWHERE);
        return Set.copyOf(out);
    }

    /**
     * @param where   a rule's name to its {file, line}; a function's name to the same
     * @param sources each rule file's text by its path, to give the line of a forbidden call
     */
    static List<RuleProblem> check(KieBase kieBase, Function<String, String[]> where, Map<String, String> sources) {
        List<RuleProblem> problems = new ArrayList<>();
        for (KiePackage kp : kieBase.getKiePackages()) {
            if (!(kp instanceof InternalKnowledgePackage pkg)) {
                continue;
            }
            Map<String, Rule> byClass = new HashMap<>();
            for (Rule r : pkg.getRules()) {
                RuleImpl rule = (RuleImpl) r;
                String[] at = where.apply(rule.getName());
                if (!"java".equals(rule.getDialect())) {
                    problems.add(RuleProblem.error(at[0], Integer.parseInt(at[1]), "rule \"" + rule.getName()
                            + "\" uses the " + rule.getDialect() + " dialect; policies are checked only in the java"
                            + " dialect (remove the dialect attribute)"));
                }
                if (rule.getConsequence() != null) {
                    String invoker = rule.getConsequence().getClass().getName().replace('.', '/');
                    byClass.put(invoker.replaceFirst("DefaultConsequenceInvoker$", ""), rule);
                }
                conditions(rule.getLhs(), rule, at, problems);
            }
            if (pkg.getDialectRuntimeRegistry().getDialectData("java") instanceof JavaDialectRuntimeData java) {
                bytecode(new TreeMap<>(java.getStore()), byClass, pkg.getDialectRuntimeRegistry().getLineMappings(),
                        sources, where, problems);
            }
        }
        return problems;
    }

    private static void conditions(RuleConditionElement element, RuleImpl rule, String[] at,
                                   List<RuleProblem> problems) {
        if (element instanceof GroupElement group) {
            group.getChildren().forEach(c -> conditions(c, rule, at, problems));
        } else if (element instanceof org.drools.base.rule.Pattern pattern) {
            for (Constraint c : pattern.getConstraints()) {
                if (c instanceof MVELConstraint mvel) {
                    expression(mvel.getExpression(), rule, at, problems);
                }
            }
            if (pattern.getSource() != null) {
                conditions(pattern.getSource(), rule, at, problems);
            }
        } else if (element instanceof From) {
            // A from expression is interpreted, with no compiled form to read: fail closed.
            problems.add(error(at, rule, "takes facts with 'from', which policies may not use: match the facts"
                    + " the engine inserts"));
        } else if (element instanceof EvalCondition eval) {
            // A java-dialect eval compiles to a method of the rule class, which the bytecode check reads.
            if (eval.getEvalExpression() != null
                    && eval.getEvalExpression().getClass().getName().startsWith("org.drools.mvel.expr.")) {
                problems.add(error(at, rule, "uses an mvel eval, which cannot be checked; write it in java"));
            }
        } else if (element instanceof ConditionalBranch) {
            problems.add(error(at, rule, "uses a conditional named consequence, which policies may not use"));
        } else if (element != null) {
            element.getNestedElements().forEach(c -> conditions(c, rule, at, problems));
        }
    }

    /** A constraint or from expression: calls and class references only from the allow-list. */
    private static void expression(String text, RuleImpl rule, String[] at, List<RuleProblem> problems) {
        if (text == null) {
            return;
        }
        String code = STRING.matcher(text).replaceAll("\"\"");
        if (code.matches("(?s).*(\\bnew\\b|;|\\{|(?<![=!<>])=(?!=)).*")) {
            problems.add(error(at, rule, "has a condition that creates or assigns (" + text.strip()
                    + "); conditions may only compare"));
            return;
        }
        if (code.matches("(?s).*\\bclass\\b.*")) {
            // MVEL reads getters without parentheses ($h.class.classLoader), so no call check would see them.
            problems.add(error(at, rule, "reaches for a class object in a condition (" + text.strip()
                    + "), which rules may not use"));
            return;
        }
        Matcher call = CALL.matcher(code);
        while (call.find()) {
            if (!CONSTRAINT_CALLS.contains(call.group(1)) && !FACT_METHODS.contains(call.group(1))) {
                problems.add(error(at, rule, "calls " + call.group(1) + "(...) in a condition (" + text.strip()
                        + "), which rules may not use"));
            }
        }
        Matcher qualified = QUALIFIED.matcher(code);
        while (qualified.find()) {
            if (!CONSTRAINT_CLASSES.contains(qualified.group(1))) {
                problems.add(error(at, rule, "uses the class " + qualified.group(1) + " in a condition ("
                        + text.strip() + "), which rules may not use"));
            }
        }
        if (code.matches("(?s).*\\b(java|javax|jdk|sun|com|org|io|net)\\s*\\..*")) {
            problems.add(error(at, rule, "names a class by its package in a condition (" + text.strip()
                    + "); rules may use only the facts, strings, numbers and dates"));
        }
    }

    private static void bytecode(Map<String, byte[]> store, Map<String, Rule> byClass,
                                 Map<String, LineMappings> lines, Map<String, String> sources,
                                 Function<String, String[]> where, List<RuleProblem> problems) {
        Map<String, ClassNode> classes = new LinkedHashMap<>();
        store.forEach((name, bytes) -> {
            if (name.endsWith(".class")) {
                ClassNode node = new ClassNode();
                new ClassReader(bytes).accept(node, 0);
                classes.put(node.name, node);
            }
        });
        Map<String, Set<String>> calls = new HashMap<>();
        for (ClassNode node : classes.values()) {
            if (node.interfaces.contains("org/drools/base/rule/accessor/CompiledInvoker")
                    && node.name.endsWith("Invoker")) {
                continue; // written by Drools from its own templates; it only calls the rule class
            }
            Rule rule = byClass.get(node.name);
            String[] at = rule != null ? where.apply(rule.getName()) : where.apply(simpleName(node.name));
            String who = rule != null ? "rule \"" + rule.getName() + "\"" : "function " + simpleName(node.name);
            LineMappings mapping = lines.get(node.name.replace('/', '.'));
            int ruleLine = Integer.parseInt(at[1]);
            Map<String, Integer> reported = new LinkedHashMap<>();
            for (MethodNode method : node.methods) {
                Set<String> out = calls.computeIfAbsent(node.name + "." + method.name + method.desc,
                        k -> new LinkedHashSet<>());
                Map<String, Integer> found = new LinkedHashMap<>();
                method(node, method, classes, out, found);
                // A consequence, or a function's body; an eval's code is not where the mapping points.
                boolean consequence = method.name.equals("defaultConsequence");
                int firstCompiled = firstLine(method);
                found.forEach((problem, compiled) -> reported.putIfAbsent(problem, consequence || rule == null
                        ? sourceLine(mapping, sources.get(at[0]), consequence, firstCompiled, compiled, ruleLine)
                        : ruleLine));
            }
            reported.forEach((r, line) -> problems.add(RuleProblem.error(at[0], line, who + " " + r)));
        }
        // Calls among the ruleset's own functions must not come back round: recursion is a loop.
        for (String start : calls.keySet()) {
            if (reaches(start, start, calls, new LinkedHashSet<>())) {
                String owner = start.substring(0, start.indexOf('.'));
                String[] at = where.apply(simpleName(owner));
                problems.add(RuleProblem.error(at[0], Integer.parseInt(at[1]), "function " + simpleName(owner)
                        + " calls itself, directly or through another function; rules may not recurse"));
            }
        }
    }

    /**
     * The line of the rule file a compiled line of a consequence or function came from. Drools copies their code
     * line for line into the class it generates and records where it starts in the file, but not where it starts
     * in the generated class: a consequence's first compiled line is its {@code then} line (Drools puts its
     * {@code kcontext} there), a function's is its first line of code. The rule's own line when unknown.
     */
    private static int sourceLine(LineMappings mapping, String text, boolean consequence, int firstCompiled,
                                  int compiledLine, int ruleLine) {
        if (mapping == null || text == null || compiledLine <= 0 || firstCompiled <= 0
                || mapping.getStartLine() <= 0) {
            return ruleLine;
        }
        String[] lines = text.split("\n", -1);
        int first = mapping.getStartLine() - 1;
        if (!consequence) {
            do {
                first++;
            } while (first < lines.length && !isCode(lines[first]));
        }
        int line = first + 1 + compiledLine - firstCompiled;
        return line < ruleLine || line > lines.length ? ruleLine : line;
    }

    private static boolean isCode(String line) {
        String t = line.strip();
        return !t.isEmpty() && !t.equals("{") && !t.startsWith("//") && !t.startsWith("/*") && !t.startsWith("*");
    }

    private static int firstLine(MethodNode method) {
        int first = 0;
        for (AbstractInsnNode in : method.instructions) {
            if (in instanceof LineNumberNode number && (first == 0 || number.line < first)) {
                first = number.line;
            }
        }
        return first;
    }

    /** Problems found in one method, each with the compiled line it was first seen on (0 when unknown). */
    private static void method(ClassNode node, MethodNode method, Map<String, ClassNode> classes, Set<String> calls,
                               Map<String, Integer> reported) {
        if (method.name.equals("<init>") && method.instructions.size() <= 6) {
            return; // the default constructor
        }
        Map<LabelNode, Integer> labels = new HashMap<>();
        int i = 0;
        for (AbstractInsnNode in : method.instructions) {
            if (in instanceof LabelNode label) {
                labels.put(label, i);
            }
            i++;
        }
        i = 0;
        AbstractInsnNode previous = null;
        int line = 0;
        for (AbstractInsnNode in : method.instructions) {
            String problem = null;
            if (in instanceof LineNumberNode number) {
                line = number.line;
            } else if (in instanceof JumpInsnNode jump && labels.getOrDefault(jump.label, Integer.MAX_VALUE) <= i) {
                problem = ("loops; rules may not loop (write one rule per case, or let the rule fire once per fact)");
            } else if (in instanceof MethodInsnNode call) {
                if (classes.containsKey(call.owner)) {
                    calls.add(call.owner + "." + call.name + call.desc);
                } else {
                    String why = allowed(call.owner, call.name, call.desc);
                    if (why != null) {
                        problem = ("calls " + readable(call.owner) + "." + call.name + "(...)" + why);
                    }
                }
            } else if (in instanceof FieldInsnNode field && !classes.containsKey(field.owner)) {
                if (field.getOpcode() == Opcodes.PUTSTATIC || field.getOpcode() == Opcodes.PUTFIELD
                        && !field.owner.equals(node.name)) {
                    problem = ("writes the field " + readable(field.owner) + "." + field.name
                            + ", which rules may not do");
                } else if (allowed(field.owner, field.name, null) != null) {
                    problem = ("reads " + readable(field.owner) + "." + field.name + ", which rules may not use");
                }
            } else if (in instanceof InvokeDynamicInsnNode dynamic) {
                Handle bsm = dynamic.bsm;
                if (!bsm.getOwner().equals("java/lang/invoke/StringConcatFactory")) {
                    problem = ("uses a lambda or method reference, which rules may not use");
                }
            } else if (in instanceof TypeInsnNode type && type.getOpcode() == Opcodes.ANEWARRAY
                    || in instanceof IntInsnNode array && array.getOpcode() == Opcodes.NEWARRAY) {
                if (constant(previous) > MAX_ARRAY) {
                    problem = ("creates an array whose size is not a small number written in the rule");
                }
            } else if (in instanceof MultiANewArrayInsnNode) {
                problem = ("creates a multi-dimensional array, which rules may not do");
            } else if (in.getOpcode() == Opcodes.MONITORENTER) {
                problem = ("synchronizes, which rules may not do");
            }
            if (problem != null) {
                reported.putIfAbsent(problem, line);
            }
            previous = in;
            i++;
        }
    }

    /** Null when a policy may use the member, else the reason it may not. */
    private static String allowed(String owner, String name, String desc) {
        if (FORBIDDEN_ANYWHERE.contains(name)) {
            return name.equals("now") ? ", the system clock: use the Evaluation fact's asOf date instead"
                    : ", which rules may not use";
        }
        if (owner.startsWith("[")) {
            return name.equals("clone") || name.equals("length") ? null : ", which rules may not use";
        }
        if (owner.equals("org/drools/core/rule/consequence/KnowledgeHelper")) {
            return KNOWLEDGE_HELPER.contains(name) ? null
                    : ", which rules may not use: insert, insertLogical, update and delete are the engine verbs allowed";
        }
        for (String prefix : ALLOWED_PREFIXES) {
            if (owner.startsWith(prefix) && !owner.equals("java/time/Clock")) {
                return null;
            }
        }
        Set<String> forbidden = ALLOWED_OWNERS.get(owner);
        if (forbidden == null) {
            return ", which rules may not use (they may use the facts, strings, numbers, dates and read-only"
                    + " collections)";
        }
        if (forbidden.contains(name) || desc != null && forbidden.contains(name + desc)) {
            return ", which rules may not use";
        }
        return null;
    }

    private static int constant(AbstractInsnNode in) {
        if (in == null) {
            return Integer.MAX_VALUE;
        }
        int op = in.getOpcode();
        if (op >= Opcodes.ICONST_M1 && op <= Opcodes.ICONST_5) {
            return op - Opcodes.ICONST_0;
        }
        if (in instanceof IntInsnNode n && (op == Opcodes.BIPUSH || op == Opcodes.SIPUSH)) {
            return n.operand;
        }
        return Integer.MAX_VALUE;
    }

    private static boolean reaches(String from, String target, Map<String, Set<String>> calls, Set<String> seen) {
        for (String next : calls.getOrDefault(from, Set.of())) {
            if (next.equals(target)) {
                return true;
            }
            if (seen.add(next) && reaches(next, target, calls, seen)) {
                return true;
            }
        }
        return false;
    }

    private static RuleProblem error(String[] at, RuleImpl rule, String message) {
        return RuleProblem.error(at[0], Integer.parseInt(at[1]), "rule \"" + rule.getName() + "\" " + message);
    }

    private static String simpleName(String internal) {
        return internal.substring(internal.lastIndexOf('/') + 1);
    }

    private static String readable(String internal) {
        return Type.getObjectType(internal).getClassName();
    }
}
