package io.ipcstarter.transport.amqp;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * The layer rule of {@code docs/architecture.md} for this module: the transport package
 * is plain Java on the RabbitMQ client and the SPI, nothing of Spring (the broker
 * connection comes in through the module's wiring,
 * {@code io.ipcstarter.autoconfigure.amqp}).
 */
@AnalyzeClasses(packages = "io.ipcstarter.transport.amqp", importOptions = ImportOption.DoNotIncludeTests.class)
class AmqpArchitectureTests {

	@ArchTest
	static final ArchRule theTransportIsPlainJavaOnTheClientAndTheSpi = classes().that()
		.resideInAPackage("io.ipcstarter.transport.amqp..")
		.should()
		.onlyDependOnClassesThat()
		.resideInAnyPackage("java..", "javax..", "com.rabbitmq.client..", "org.jspecify..", "io.ipcstarter.transport",
				"io.ipcstarter.transport.amqp..");

}
