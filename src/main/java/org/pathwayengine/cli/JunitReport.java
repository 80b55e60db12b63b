package org.pathwayengine.cli;

import org.pathwayengine.designer.ScenarioResult;
import org.pathwayengine.model.RuleProblem;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a scenario run as JUnit XML, the format CI servers (GitLab, Jenkins, GitHub actions' reporters) show as
 * test results: one test suite per scenarios file with one test case per scenario, and the problems that fail a
 * run without being a scenario (a rule file with no scenarios, a rule id never exercised, rules that do not
 * validate) as failing test cases of a suite of their own.
 */
final class JunitReport {

    /** A test case: where it is written, its name, and its failures (none when it passed). */
    private record Case(String file, int line, String name, List<String> failures, String detail) {
    }

    private final Map<String, List<Case>> suites = new LinkedHashMap<>();

    void scenario(ScenarioResult r) {
        String detail = String.join("\n", r.failures()) + (r.passed() ? "" : "\nrules that fired: " + r.fired());
        suites.computeIfAbsent(r.file(), k -> new ArrayList<>())
                .add(new Case(r.file(), r.line(), r.name(), r.failures(), detail));
    }

    /** A problem that fails the run outside any scenario, e.g. "rule POL-X-001 is not exercised". */
    void problem(String suite, RuleProblem p) {
        suites.computeIfAbsent(suite, k -> new ArrayList<>())
                .add(new Case(p.file(), p.line(), p.toString(), List.of(p.message()), p.toString()));
    }

    void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(w);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "pathways test");
            xml.writeAttribute("tests", String.valueOf(count(false)));
            xml.writeAttribute("failures", String.valueOf(count(true)));
            for (Map.Entry<String, List<Case>> suite : suites.entrySet()) {
                suite(xml, suite.getKey(), suite.getValue());
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void suite(XMLStreamWriter xml, String name, List<Case> cases) throws XMLStreamException {
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", clean(name));
        xml.writeAttribute("tests", String.valueOf(cases.size()));
        xml.writeAttribute("failures", String.valueOf(cases.stream().filter(c -> !c.failures().isEmpty()).count()));
        xml.writeAttribute("errors", "0");
        xml.writeAttribute("skipped", "0");
        for (Case c : cases) {
            xml.writeCharacters("\n    ");
            xml.writeStartElement("testcase");
            xml.writeAttribute("classname", clean(name));
            xml.writeAttribute("name", clean(c.name()));
            xml.writeAttribute("file", clean(c.file()));
            xml.writeAttribute("line", String.valueOf(c.line()));
            if (!c.failures().isEmpty()) {
                xml.writeStartElement("failure");
                xml.writeAttribute("message", clean(String.join("; ", c.failures())));
                xml.writeAttribute("type", "expectation");
                xml.writeCharacters(clean(c.file() + ":" + c.line() + "\n" + c.detail()));
                xml.writeEndElement();
            }
            xml.writeEndElement();
        }
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
    }

    private long count(boolean failedOnly) {
        return suites.values().stream().flatMap(List::stream)
                .filter(c -> !failedOnly || !c.failures().isEmpty()).count();
    }

    /** XML 1.0 cannot carry most control characters, even escaped; a scenario name could contain one. */
    private static String clean(String s) {
        return s == null ? "" : s.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]", "?");
    }
}
