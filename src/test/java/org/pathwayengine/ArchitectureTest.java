package org.pathwayengine;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The house rules of the code base, checked on the compiled classes: each package uses only the packages below it
 * (the README's Layout lists them), no two packages depend on each other, and the engine below the service layer
 * knows nothing of HTTP, the database or the container.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.pathwayengine");

    /** Bottom to top. */
    private static final String[] ENGINE = {"Problem", "Catalog", "Facts", "Credit", "Model"};

    @Test
    void every_package_uses_only_the_packages_below_it() {
        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Problem").definedBy("org.pathwayengine.problem..")
                .layer("Catalog").definedBy("org.pathwayengine.catalog..")
                .layer("Credentials").definedBy("org.pathwayengine.credentials..")
                .layer("Facts").definedBy("org.pathwayengine.facts..")
                .layer("Credit").definedBy("org.pathwayengine.credit..")
                .layer("Model").definedBy("org.pathwayengine.model..")
                .layer("Ruleset").definedBy("org.pathwayengine.ruleset..")
                .layer("Allocation").definedBy("org.pathwayengine.evaluation.allocation..")
                .layer("Planning").definedBy("org.pathwayengine.evaluation.planning..")
                .layer("Evaluation").definedBy("org.pathwayengine.evaluation")
                .layer("Designer").definedBy("org.pathwayengine.designer..")
                .layer("Interchange").definedBy("org.pathwayengine.interchange..")
                .layer("Service").definedBy("org.pathwayengine.service..")
                .layer("Api").definedBy("org.pathwayengine.api..")
                .layer("Cli").definedBy("org.pathwayengine.cli..")

                .whereLayer("Problem").mayNotAccessAnyLayer()
                .whereLayer("Catalog").mayNotAccessAnyLayer()
                .whereLayer("Credentials").mayNotAccessAnyLayer()
                .whereLayer("Facts").mayOnlyAccessLayers("Catalog")
                .whereLayer("Credit").mayOnlyAccessLayers("Catalog", "Facts")
                .whereLayer("Model").mayOnlyAccessLayers("Catalog", "Facts", "Credit")
                // Loading rule files and evaluating a learner are peers: neither calls the other.
                .whereLayer("Ruleset").mayOnlyAccessLayers(with(ENGINE, "Credentials"))
                // The exact algorithms work on their own numbers and nothing else.
                .whereLayer("Allocation").mayNotAccessAnyLayer()
                .whereLayer("Planning").mayNotAccessAnyLayer()
                .whereLayer("Evaluation").mayOnlyAccessLayers(with(ENGINE, "Credentials", "Allocation", "Planning"))
                .whereLayer("Designer").mayOnlyAccessLayers(with(ENGINE, "Ruleset", "Allocation", "Planning",
                        "Evaluation"))
                // Other formats in and out: plain data over the catalog and the pathway model.
                .whereLayer("Interchange").mayOnlyAccessLayers(ENGINE)
                // The service implements the credentials' allow-listed look-up (the one network call they make).
                .whereLayer("Service").mayOnlyAccessLayers(with(ENGINE, "Credentials", "Ruleset", "Allocation",
                        "Planning", "Evaluation", "Designer", "Interchange"))
                .whereLayer("Api").mayOnlyAccessLayers(with(ENGINE, "Ruleset", "Allocation", "Planning",
                        "Evaluation", "Designer", "Interchange", "Service"))
                .whereLayer("Cli").mayOnlyAccessLayers(with(ENGINE, "Credentials", "Ruleset", "Allocation",
                        "Planning", "Evaluation", "Designer", "Interchange", "Service", "Api"));
        layers.check(MAIN);
    }

    @Test
    void no_two_packages_depend_on_each_other() {
        slices().matching("org.pathwayengine.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void the_engine_knows_nothing_of_http_the_database_or_the_container() {
        noClasses().that().resideInAnyPackage("org.pathwayengine.catalog..", "org.pathwayengine.facts..",
                        "org.pathwayengine.credit..", "org.pathwayengine.model..", "org.pathwayengine.ruleset..",
                        "org.pathwayengine.evaluation..", "org.pathwayengine.designer..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "io.vertx..",
                        "jakarta.persistence..", "io.quarkus..", "jakarta.enterprise..", "jakarta.inject..",
                        "io.agroal..", "java.sql..")
                .check(MAIN);
    }

    /**
     * Verifying a credential and evaluating a learner make no network call: keys, contexts and status lists come
     * from the rules and the service's own copies, so an evaluation never waits on another host.
     */
    @Test
    void verifying_credentials_and_evaluating_open_no_connection() {
        noClasses().that().resideInAnyPackage("org.pathwayengine.credentials..", "org.pathwayengine.evaluation..",
                        "org.pathwayengine.ruleset..", "org.pathwayengine.facts..", "org.pathwayengine.model..")
                .should().dependOnClassesThat().resideInAnyPackage("java.net.http..", "io.vertx..",
                        "com.apicatalog.jsonld.http..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.URLConnection")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.HttpURLConnection")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.Socket")
                .orShould().callMethod(java.net.URL.class, "openStream")
                .orShould().callMethod(java.net.URL.class, "openConnection")
                .check(MAIN);
    }

    private static String[] with(String[] base, String... more) {
        String[] out = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, out, base.length, more.length);
        return out;
    }
}
