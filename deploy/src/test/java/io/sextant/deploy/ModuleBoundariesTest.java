package io.sextant.deploy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture's first rule, as a test: edge modules (collector, edge-reasoner) and central
 * modules (central-analytics, alarm-engine, store) share only common (and runbooks, the
 * declarative repair library both run). Runs over the production classes of every module.
 */
class ModuleBoundariesTest {
  static final String[] EDGE = {"io.sextant.collector..", "io.sextant.edge.."};
  static final String[] CENTRAL = {"io.sextant.central..", "io.sextant.alarm..", "io.sextant.store.."};
  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.sextant");
  }

  @Test
  void edgeDoesNotDependOnCentral() {
    noClasses().that().resideInAnyPackage(EDGE).should().dependOnClassesThat().resideInAnyPackage(CENTRAL)
        .check(classes);
  }

  @Test
  void centralDoesNotDependOnEdge() {
    noClasses().that().resideInAnyPackage(CENTRAL).should().dependOnClassesThat().resideInAnyPackage(EDGE)
        .check(classes);
  }

  @Test
  void sharedModulesDependOnNeitherSide() {
    noClasses().that().resideInAnyPackage("io.sextant.common..", "io.sextant.runbook..")
        .should().dependOnClassesThat().resideInAnyPackage(concat(EDGE, CENTRAL, "io.sextant.deploy.."))
        .check(classes);
  }

  @Test
  void productionCodeDoesNotUseTheTestKitOutsideTheDemo() {
    noClasses().that().resideInAnyPackage(concat(EDGE, CENTRAL, "io.sextant.common..", "io.sextant.runbook.."))
        .should().dependOnClassesThat().resideInAnyPackage("io.sextant.testkit..")
        .check(classes);
  }

  /** Consumers get the launcher's jar without its dependencies: it must run on the JDK alone. */
  @Test
  void thePulsarLauncherUsesOnlyTheJdk() {
    classes().that().resideInAPackage("io.sextant.pulsar.launcher..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax..", "io.sextant.pulsar.launcher..")
        .check(classes);
  }

  /** The broker runs in its own JVM: nothing else touches its classes (docs/pulsar.md). */
  @Test
  void onlyTheStandaloneChildUsesTheBroker() {
    noClasses().that().resideOutsideOfPackage("io.sextant.pulsar.standalone..")
        .should().dependOnClassesThat().resideInAnyPackage("io.sextant.pulsar.standalone..", "org.apache.pulsar.broker..")
        .check(classes);
  }

  private static String[] concat(String[] a, String[] b, String... c) {
    String[] out = new String[a.length + b.length + c.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    System.arraycopy(c, 0, out, a.length + b.length, c.length);
    return out;
  }
}
