package dev.aibilling.domain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The boundary, checked on the compiled classes as well as by the build (the module has
 * no dependencies): the domain speaks only Java and itself.
 */
class DomainBoundaryTest {
    private final JavaClasses domain = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.aibilling.domain");

    @Test
    void theDomainDependsOnTheJdkAndItselfOnly() {
        // javax.crypto is java.base's too: the HMAC of the unsubscribe links
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.crypto..",
                "dev.aibilling.domain..").check(domain);
    }
}
