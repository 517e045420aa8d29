package io.ipcstarter.crossprocess;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.annotation.ServiceActivator;

import io.ipcstarter.autoconfigure.IpcAutoConfiguration;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.Transports;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code spring.threads.virtual.enabled=true} on a Java that has virtual threads, an
 * inbound unix-socket endpoint serves its connections on virtual threads; without the
 * property, on named platform threads. The app runs in a second JVM of Java 21 or later
 * (this one when it is, otherwise the JDK 25 at {@link #JDK_25}; skipped when there is
 * none) and answers, from the thread that handles the request, whether that thread is
 * virtual and its name.
 */
class VirtualThreadConnectionsTests {

	/**
	 * Where the build machine keeps a JDK with virtual threads when the build itself runs
	 * on Java 17.
	 */
	static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

	@TempDir
	Path dir;

	@Test
	void withVirtualThreadsEnabledConnectionsShouldRunOnVirtualThreads() throws Exception {
		assertThat(askWhichThread(List.of("--spring.threads.virtual.enabled=true")))
			.startsWith("virtual=true thread=ipc-whoami-reader-");
	}

	@Test
	void byDefaultConnectionsShouldRunOnNamedPlatformThreads() throws Exception {
		assertThat(askWhichThread(List.of())).startsWith("virtual=false thread=ipc-whoami-reader-");
	}

	/**
	 * Start the app on a Java with virtual threads, ask it over its socket, return its
	 * answer.
	 */
	private String askWhichThread(List<String> properties) throws Exception {
		Path java = javaWithVirtualThreads();
		Assumptions.assumeTrue(java != null, "needs Java 21+ for virtual threads: this JVM is "
				+ Runtime.version().feature() + " and there is no JDK at " + JDK_25);
		String socket = this.dir.resolve("whoami.sock").toString();
		List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
				System.getProperty("java.class.path"), ThreadReportingApplication.class.getName(),
				"--ipc.endpoints.whoami.transport=unix-socket", "--ipc.endpoints.whoami.role=inbound-gateway",
				"--ipc.endpoints.whoami.address=" + socket, "--ipc.endpoints.whoami.channel=whoami"));
		command.addAll(properties);
		try (PeerProcess app = PeerProcess.command(command)) {
			String version = app.await("READY", Duration.ofSeconds(90));
			assertThat(Integer.parseInt(version)).as("the app runs on Java 21+").isGreaterThanOrEqualTo(21);
			EndpointSpec spec = EndpointSpec.builder("asker", "unix-socket", Role.OUTBOUND_GATEWAY, socket)
				.replyTimeout(Duration.ofSeconds(10))
				.build();
			try (IpcClient client = Transports.find("unix-socket").createClient(spec)) {
				return new String(client.request("which thread?".getBytes(StandardCharsets.UTF_8)),
						StandardCharsets.UTF_8);
			}
		}
	}

	private static Path javaWithVirtualThreads() {
		if (Runtime.version().feature() >= 21) {
			return Path.of(System.getProperty("java.home"), "bin", "java");
		}
		Path java = JDK_25.resolve("bin").resolve("java");
		return Files.isExecutable(java) ? java : null;
	}

	/**
	 * The app of the other JVM: one inbound gateway from the command line, whose handler
	 * answers {@code virtual=<whether its thread is virtual> thread=<its name>}. Says
	 * {@code PEER:READY <java version>} once started and runs until its standard input
	 * ends.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ IntegrationAutoConfiguration.class, IpcAutoConfiguration.class })
	public static class ThreadReportingApplication {

		public static void main(String[] args) throws Exception {
			ConfigurableApplicationContext context = new SpringApplicationBuilder(ThreadReportingApplication.class)
				.web(WebApplicationType.NONE)
				.bannerMode(Banner.Mode.OFF)
				.logStartupInfo(false)
				.run(args);
			System.out.println("PEER:READY " + Runtime.version().feature());
			System.out.flush();
			BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			while (in.readLine() != null) {
				// runs until the test closes our standard input
			}
			context.close();
			System.exit(0);
		}

		@Bean
		WhichThread whichThread() {
			return new WhichThread();
		}

	}

	/** Answers from the thread that handles the request. */
	static class WhichThread {

		@ServiceActivator(inputChannel = "whoami")
		public byte[] answer(byte[] request) throws Exception {
			Thread thread = Thread.currentThread();
			// compiled for Java 17, which has no Thread.isVirtual()
			boolean virtual = (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
			return ("virtual=" + virtual + " thread=" + thread.getName()).getBytes(StandardCharsets.UTF_8);
		}

	}

}
