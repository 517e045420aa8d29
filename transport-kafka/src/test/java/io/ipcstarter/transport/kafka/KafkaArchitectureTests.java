package io.ipcstarter.transport.kafka;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The layer rules of {@code docs/architecture.md} for this module: the transport package
 * is plain Java on the official Kafka client (no Spring, not even Spring Kafka), and only
 * the wiring package knows Spring Boot's {@code spring.kafka.*}. That nothing above the
 * wiring knows a transport is the core's {@code ArchitectureTests}: those layers live in
 * the core jar, which cannot see this module.
 */
@AnalyzeClasses(packages = { "io.ipcstarter.transport.kafka", "io.ipcstarter.autoconfigure.kafka" },
		importOptions = ImportOption.DoNotIncludeTests.class)
class KafkaArchitectureTests {

	@ArchTest
	static final ArchRule transportIsPlainJavaOnTheKafkaClient = classes().that()
		.resideInAPackage("io.ipcstarter.transport.kafka..")
		.should()
		.onlyDependOnClassesThat(
				resideInAnyPackage("java..", "org.apache.kafka..", "org.jspecify..", "io.ipcstarter.transport")
					.or(resideInAPackage("io.ipcstarter.transport.kafka.."))
					.or(nameMatching("\\[.*")));

	@ArchTest
	static final ArchRule onlyTheWiringKnowsSpringKafka = noClasses()
		.that(not(resideInAPackage("io.ipcstarter.autoconfigure..")))
		.should()
		.dependOnClassesThat(resideInAnyPackage("org.springframework.kafka..", "org.springframework.boot.kafka.."));

}
