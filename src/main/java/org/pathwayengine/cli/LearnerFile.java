package org.pathwayengine.cli;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.pathwayengine.evaluation.EvaluationRequest;
import org.pathwayengine.evaluation.RequestJson;
import org.pathwayengine.model.RuleProblem;
import org.pathwayengine.problem.Problem;
import org.pathwayengine.ruleset.RuleFileException;
import org.pathwayengine.ruleset.YamlDocument;
import org.pathwayengine.service.EvaluationService;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads a learner file (an evaluation request body, as sent to {@code POST /api/v1/evaluations}) and refuses what
 * the service would refuse, each reason at its line in the file: malformed JSON, unknown fields, wrong types, the
 * request's field constraints, and a credential listed twice or expiring before it was awarded.
 */
final class LearnerFile {

    /** The file is not a valid request; every reason found, as {@code file:line: error: message}. */
    static final class Invalid extends Exception {
        private final transient List<RuleProblem> problems;

        Invalid(List<RuleProblem> problems) {
            super(problems.size() + " problems");
            this.problems = List.copyOf(problems);
        }

        List<RuleProblem> problems() {
            return problems;
        }
    }

    private static final ObjectMapper MAPPER = RequestJson.mapper();

    private LearnerFile() {
    }

    static EvaluationRequest read(Path file) throws Invalid, IOException {
        String name = file.toString();
        YamlDocument doc;
        try {
            doc = YamlDocument.parse(name, Files.readString(file));
        } catch (RuleFileException e) {
            throw new Invalid(e.problems());
        }
        EvaluationRequest request;
        try {
            request = MAPPER.treeToValue(doc.root(), EvaluationRequest.class);
        } catch (JsonMappingException e) {
            String field = field(e);
            throw new Invalid(List.of(RuleProblem.error(name, doc.line("$" + (field.isEmpty() ? "" : "." + field)),
                    (field.isEmpty() ? "" : field + ": ") + reason(e))));
        }
        if (request == null) {
            throw new Invalid(List.of(RuleProblem.error(name, 0, "the file is empty: expected a request body")));
        }
        List<RuleProblem> problems = new ArrayList<>();
        try (ValidatorFactory factory = Validation.byProvider(HibernateValidator.class).configure()
                .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory()) {
            for (ConstraintViolation<EvaluationRequest> v : factory.getValidator().validate(request)) {
                String field = v.getPropertyPath().toString();
                problems.add(RuleProblem.error(name, doc.line("$." + field), field + ": " + v.getMessage()));
            }
        }
        if (problems.isEmpty()) {
            crossField(request, doc, problems);
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparingInt(RuleProblem::line));
            throw new Invalid(problems);
        }
        return request;
    }

    /** What no single field's constraint can say, checked as the service checks it, at its line. */
    private static void crossField(EvaluationRequest request, YamlDocument doc, List<RuleProblem> problems) {
        for (Problem.Violation v : EvaluationService.violations(request)) {
            problems.add(RuleProblem.error(doc.file(), doc.line("$." + v.field()), v.field() + ": " + v.message()));
        }
    }

    private static String field(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String reason(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field; expected one of " + u.getKnownPropertyIds();
        }
        if (e instanceof InvalidFormatException f) {
            return "'" + f.getValue() + "' is not a valid " + (f.getTargetType() == java.time.LocalDate.class
                    ? "date (YYYY-MM-DD)" : f.getTargetType().getSimpleName().toLowerCase());
        }
        return "has the wrong type";
    }
}
