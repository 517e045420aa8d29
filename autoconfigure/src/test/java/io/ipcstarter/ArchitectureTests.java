package io.ipcstarter;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;
import com.sun.jna.Union;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layer diagram of {@code docs/architecture.md}, checked: each rule below is one
 * sentence of that page. Production classes only; tests may reach across layers to set
 * things up.
 */
@AnalyzeClasses(packages = "io.ipcstarter", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	private static final String TRANSPORT = "io.ipcstarter.transport..";

	private static final String NATIVE_API = "io.ipcstarter.nativeapi..";

	/**
	 * One direction of dependency, top to bottom. Typed remote calls sit on the
	 * integration layer (its gateways) beside the monitoring, and only the wiring knows
	 * them. The wiring layer holds both auto-configuration packages: the monitoring one
	 * orders itself after {@code IpcAutoConfiguration}, as Boot's actuator
	 * auto-configuration does.
	 */
	@ArchTest
	static final ArchRule layersDependOnlyDownwards = layeredArchitecture().consideringOnlyDependenciesInLayers()
		.layer("Wiring")
		.definedBy("io.ipcstarter.autoconfigure..", "io.ipcstarter.actuate.autoconfigure..")
		.layer("Remote")
		.definedBy("io.ipcstarter.remote..")
		.layer("Actuate")
		.definedBy("io.ipcstarter.actuate")
		.layer("Integration")
		.definedBy("io.ipcstarter.integration..")
		.layer("Codec")
		.definedBy("io.ipcstarter.codec..")
		.layer("Transport")
		.definedBy(TRANSPORT)
		.layer("NativeApi")
		.definedBy(NATIVE_API)
		.whereLayer("Wiring")
		.mayNotBeAccessedByAnyLayer()
		.whereLayer("Remote")
		.mayOnlyBeAccessedByLayers("Wiring")
		.whereLayer("Actuate")
		.mayOnlyBeAccessedByLayers("Wiring")
		.whereLayer("Integration")
		.mayOnlyBeAccessedByLayers("Wiring", "Remote", "Actuate")
		.whereLayer("Codec")
		.mayOnlyBeAccessedByLayers("Wiring", "Actuate", "Integration")
		.whereLayer("Transport")
		.mayOnlyBeAccessedByLayers("Wiring", "Remote", "Actuate", "Integration", "Codec")
		.whereLayer("NativeApi")
		.mayOnlyBeAccessedByLayers("Transport");

	/**
	 * The transport layer is plain Java: the JDK (its {@code jdk.net} and
	 * {@code com.sun.nio.file} extensions included), JNA and JSpecify's annotations,
	 * nothing of Spring. The one exception, the {@code DataSize} that
	 * {@code ipc.endpoints.<name>.shared-memory.capacity} binds to, is pinned to its
	 * class by {@link #onlySharedMemoryOptionsUsesDataSize}.
	 */
	@ArchTest
	static final ArchRule transportsAndNativeApiArePlainJava = classes().that()
		.resideInAnyPackage(TRANSPORT, NATIVE_API)
		.should()
		.onlyDependOnClassesThat(resideInAnyPackage("java..", "javax..", "jdk..", "com.sun.nio..", "com.sun.jna..",
				"org.jspecify..", "io.ipcstarter.transport..", "io.ipcstarter.nativeapi..")
			.or(name("org.springframework.util.unit.DataSize"))
			// array types ([B, [Ljava.lang.String;) have no package
			.or(nameMatching("\\[.*")));

	/**
	 * To go when the endpoint model binds sizes in the wiring layer and hands transports
	 * plain numbers.
	 */
	@ArchTest
	static final ArchRule onlySharedMemoryOptionsUsesDataSize = noClasses().that()
		.resideInAnyPackage(TRANSPORT, NATIVE_API)
		.and(not(name("io.ipcstarter.transport.shm.SharedMemoryOptions")))
		.should()
		.dependOnClassesThat(name("org.springframework.util.unit.DataSize"));

	/**
	 * Only {@code nativeapi} declares native functions: JNA libraries, structures,
	 * callbacks.
	 */
	@ArchTest
	static final ArchRule nativeTypesLiveInNativeApi = classes().that()
		.areAssignableTo(Library.class)
		.or()
		.areAssignableTo(Structure.class)
		.or()
		.areAssignableTo(Union.class)
		.or()
		.areAssignableTo(Callback.class)
		.should()
		.resideInAPackage(NATIVE_API);

	/**
	 * Transports call the native functions {@code nativeapi} declares, never
	 * {@code Native.load} themselves.
	 */
	@ArchTest
	static final ArchRule onlyNativeApiLoadsLibraries = noClasses().that()
		.resideOutsideOfPackage(NATIVE_API)
		.should()
		.callMethodWhere(JavaCall.Predicates.target(owner(assignableTo(Native.class)))
			.and(JavaCall.Predicates.target(name("load").or(name("loadLibrary")).or(name("register")))));

	/**
	 * Above the transport layer only the SPI is known, never one transport; the wiring
	 * layer registers options.
	 */
	@ArchTest
	static final ArchRule onlyWiringKnowsTransports = noClasses().that()
		.resideInAnyPackage("io.ipcstarter.actuate", "io.ipcstarter.remote..", "io.ipcstarter.integration..",
				"io.ipcstarter.codec..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("io.ipcstarter.transport.*..");

	/**
	 * Transports do not borrow from each other: what they share is the SPI
	 * ({@code transport}) and the stream connection model ({@code transport.stream}). One
	 * deliberate exception: {@code named-pipe} on Linux and macOS is the
	 * {@code unix-socket} transport at a per-user path.
	 */
	@ArchTest
	static final ArchRule transportsDoNotDependOnEachOther = slices().matching("io.ipcstarter.transport.(*)..")
		.should()
		.notDependOnEachOther()
		.ignoreDependency(resideInAPackage(TRANSPORT), resideInAPackage("io.ipcstarter.transport.stream"))
		.ignoreDependency(resideInAPackage("io.ipcstarter.transport.pipe"),
				resideInAPackage("io.ipcstarter.transport.socket").and(simpleName("UnixSocketTransport")));

	/**
	 * The stream connection model serves the stream transports (unix-socket and tcp,
	 * named-pipe, fifo, process); transports of another shape (file, shared-memory) share
	 * only the SPI package.
	 */
	@ArchTest
	static final ArchRule onlyStreamTransportsUseTheStreamModel = classes().that()
		.resideInAPackage("io.ipcstarter.transport.stream..")
		.should()
		.onlyHaveDependentClassesThat()
		.resideInAnyPackage("io.ipcstarter.transport.stream..", "io.ipcstarter.transport.socket..",
				"io.ipcstarter.transport.pipe..", "io.ipcstarter.transport.fifo..",
				"io.ipcstarter.transport.process..");

	/** No package cycles, at any depth. */
	@ArchTest
	static final ArchRule packagesAreFreeOfCycles = slices().matching("io.ipcstarter.(**)").should().beFreeOfCycles();

}
