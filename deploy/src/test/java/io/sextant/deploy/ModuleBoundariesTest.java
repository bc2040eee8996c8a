package io.sextant.deploy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture's rules, as tests over the production classes of every module (deploy's test
 * class path holds them all):
 *
 * <ul>
 *   <li>the edge (collector, edge-reasoner, edge-node) and the centre (central-analytics,
 *       alarm-engine, store, central-node) share only the modules of neither side: common, runbooks,
 *       actuators, sim, bus-pulsar;</li>
 *   <li>stage modules never import the node modules, nor deploy;</li>
 *   <li>no production module imports the test kit (which brings JUnit and AssertJ).</li>
 * </ul>
 */
class ModuleBoundariesTest {
  static final String[] EDGE = {"io.sextant.collector..", "io.sextant.edge..", "io.sextant.node.edge.."};
  static final String[] CENTRAL = {"io.sextant.central..", "io.sextant.alarm..", "io.sextant.store..",
      "io.sextant.node.central.."};
  static final String[] SHARED = {"io.sextant.common..", "io.sextant.runbook..", "io.sextant.actuator..",
      "io.sextant.sim..", "io.sextant.bus.pulsar.."};
  static final String[] STAGES = {"io.sextant.common..", "io.sextant.runbook..", "io.sextant.actuator..",
      "io.sextant.sim..",
      "io.sextant.bus.pulsar..", "io.sextant.collector..", "io.sextant.edge..", "io.sextant.central..",
      "io.sextant.alarm..", "io.sextant.store.."};
  static final String[] NODES = {"io.sextant.node..", "io.sextant.deploy.."};
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
    noClasses().that().resideInAnyPackage(SHARED)
        .should().dependOnClassesThat().resideInAnyPackage(concat(EDGE, CENTRAL, NODES))
        .check(classes);
  }

  @Test
  void stageModulesDoNotDependOnTheNodes() {
    noClasses().that().resideInAnyPackage(STAGES).should().dependOnClassesThat().resideInAnyPackage(NODES)
        .check(classes);
  }

  /** The actuators depend on common only: neither the runbooks' logic nor any stage (docs/architecture.md). */
  @Test
  void theActuatorsDependOnCommonOnly() {
    noClasses().that().resideInAPackage("io.sextant.actuator..").should().dependOnClassesThat()
        .resideInAnyPackage("io.sextant.runbook..", "io.sextant.sim..", "io.sextant.bus.pulsar..",
            "io.sextant.collector..", "io.sextant.edge..", "io.sextant.central..", "io.sextant.alarm..",
            "io.sextant.store..")
        .check(classes);
  }

  @Test
  void productionCodeDoesNotUseTheTestKit() {
    noClasses().that().resideInAPackage("io.sextant..").and().resideOutsideOfPackage("io.sextant.testkit..")
        .should().dependOnClassesThat().resideInAnyPackage("io.sextant.testkit..", "org.junit..", "org.assertj..")
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

  private static String[] concat(String[]... parts) {
    return Stream.of(parts).flatMap(Arrays::stream).toArray(String[]::new);
  }
}
