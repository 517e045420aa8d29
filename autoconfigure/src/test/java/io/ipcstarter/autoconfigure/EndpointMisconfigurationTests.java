package io.ipcstarter.autoconfigure;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.integration.config.EnableIntegration;

import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.transport.InvalidEndpointException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every configuration mistake stops start-up with an {@link InvalidEndpointException}
 * naming the endpoint and the property, and {@link InvalidEndpointFailureAnalyzer} turns
 * it into a description and an action.
 */
@ExtendWith(OutputCaptureExtension.class)
class EndpointMisconfigurationTests {

	private final ApplicationContextRunner runner = IpcContextRunners.ipc();

	@TempDir
	Path dir;

	private String sock(String name) {
		return this.dir.resolve(name + ".sock").toString();
	}

	/**
	 * Properties of endpoint {@code e}: pairs of key (relative to the endpoint) and
	 * value.
	 */
	private ApplicationContextRunner endpoint(String... keyValues) {
		String[] properties = new String[keyValues.length / 2];
		for (int i = 0; i < keyValues.length; i += 2) {
			properties[i / 2] = "ipc.endpoints.e." + keyValues[i] + "=" + keyValues[i + 1];
		}
		return this.runner.withPropertyValues(properties);
	}

	private static FailureAnalysis analysisOf(AssertableApplicationContext context, String property) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		assertThat(failure).as("start-up fails with an InvalidEndpointException")
			.satisfiesAnyOf(f -> assertThat(f).isInstanceOf(InvalidEndpointException.class),
					f -> assertThat(f).hasCauseInstanceOf(InvalidEndpointException.class),
					f -> assertThat(f).hasRootCauseInstanceOf(InvalidEndpointException.class));
		FailureAnalysis analysis = new InvalidEndpointFailureAnalyzer().analyze(failure);
		assertThat(analysis).as("the failure analyzer explains " + failure).isNotNull();
		assertThat(analysis.getDescription()).contains("IPC endpoint 'e'").contains("ipc.endpoints.e." + property);
		assertThat(analysis.getAction()).startsWith("Consider changing ipc.endpoints.e." + property + ": ");
		return analysis;
	}

	@Test
	void unknownTransportNamesTheKnownOnes() {
		endpoint("transport", "carrier-pigeon", "role", "inbound", "address", sock("e"), "channel", "c")
			.run(context -> {
				FailureAnalysis analysis = analysisOf(context, "transport");
				assertThat(analysis.getDescription()).contains("unknown transport 'carrier-pigeon'");
				assertThat(analysis.getAction()).contains("unix-socket").contains("tcp");
			});
	}

	@Test
	void missingTransport() {
		endpoint("role", "inbound", "address", sock("e"), "channel", "c").run(context -> {
			FailureAnalysis analysis = analysisOf(context, "transport");
			assertThat(analysis.getDescription()).contains("no transport given");
			assertThat(analysis.getAction()).contains("unix-socket");
		});
	}

	@Test
	void missingRole() {
		endpoint("transport", "unix-socket", "address", sock("e"), "channel", "c").run(context -> {
			FailureAnalysis analysis = analysisOf(context, "role");
			assertThat(analysis.getDescription()).contains("no role given");
			assertThat(analysis.getAction()).contains("inbound, outbound, inbound-gateway or outbound-gateway");
		});
	}

	@Test
	void misspelledRoleNamesTheProperty() {
		endpoint("transport", "unix-socket", "role", "sideways", "address", sock("e"), "channel", "c").run(context -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().isNotNull();
			assertThat(messagesOf(context.getStartupFailure())).contains("ipc.endpoints.e.role").contains("sideways");
		});
	}

	@Test
	void misspelledMessageIdsNamesTheProperty() {
		this.runner.withPropertyValues("ipc.message-ids=fastest").run(context -> {
			assertThat(context).hasFailed();
			assertThat(messagesOf(context.getStartupFailure())).contains("ipc.message-ids").contains("fastest");
		});
	}

	@Test
	void missingAddress() {
		endpoint("transport", "tcp", "role", "inbound", "channel", "c").run(context -> {
			FailureAnalysis analysis = analysisOf(context, "address");
			assertThat(analysis.getDescription()).contains("no address given");
		});
	}

	@Test
	void missingChannel() {
		endpoint("transport", "unix-socket", "role", "outbound", "address", sock("e")).run(context -> {
			FailureAnalysis analysis = analysisOf(context, "channel");
			assertThat(analysis.getDescription()).contains("no channel given");
			assertThat(analysis.getAction()).contains("drains");
		});
	}

	@Test
	void badPermissionsString() {
		endpoint("transport", "unix-socket", "role", "inbound", "address", sock("e"), "channel", "c", "permissions",
				"0600")
			.run(context -> {
				FailureAnalysis analysis = analysisOf(context, "permissions");
				assertThat(analysis.getDescription()).contains("'0600' is not a permission string");
				assertThat(analysis.getAction()).contains("rw-------");
			});
	}

	@Test
	void roleTheTransportCannotPlay() {
		endpoint("transport", "test-inbound-only", "role", "outbound", "address", "x", "channel", "c").run(context -> {
			FailureAnalysis analysis = analysisOf(context, "role");
			assertThat(analysis.getDescription()).contains("transport 'test-inbound-only' cannot be outbound");
			assertThat(analysis.getAction()).contains("Set it to one of: inbound");
		});
	}

	@Test
	void roleTheTransportCannotPlaySaysWhyAndWhatToUse() {
		endpoint("transport", "file", "role", "inbound-gateway", "address", this.dir.resolve("box").toString(),
				"channel", "c")
			.run(context -> assertThat(analysisOf(context, "role").getDescription())
				.contains("transport 'file' cannot be inbound-gateway: a shared directory is one-way")
				.contains("use unix-socket or tcp for request/reply"));
	}

	@Test
	void transportThatCannotWorkOnThisPlatform() {
		endpoint("transport", "test-unsupported", "role", "inbound", "address", "x", "channel", "c").run(context -> {
			FailureAnalysis analysis = analysisOf(context, "transport");
			assertThat(analysis.getDescription()).contains("does not work on " + System.getProperty("os.name"))
				.contains(UnsupportedTestTransport.REASON);
		});
	}

	@Test
	void allowedUidsOnTcp() {
		endpoint("transport", "tcp", "role", "inbound", "address", "127.0.0.1:0", "channel", "c", "allowed-uids",
				"1000")
			.run(context -> {
				FailureAnalysis analysis = analysisOf(context, "allowed-uids");
				assertThat(analysis.getDescription()).contains("TCP cannot tell which user");
				assertThat(analysis.getAction()).contains("unix-socket");
			});
	}

	@Test
	void tcpAddressThatIsNotHostPort() {
		endpoint("transport", "tcp", "role", "inbound", "address", "localhost:http", "channel", "c").run(context -> {
			FailureAnalysis analysis = analysisOf(context, "address");
			assertThat(analysis.getDescription()).contains("'localhost:http' is not a usable host:port");
		});
	}

	@Test
	void tcpOutboundToPortZero() {
		endpoint("transport", "tcp", "role", "outbound", "address", "127.0.0.1:0", "channel", "c").run(context -> {
			FailureAnalysis analysis = analysisOf(context, "address");
			assertThat(analysis.getDescription()).contains("port 0");
		});
	}

	@Test
	void socketPathLongerThanTheOsAllows() {
		String tooLong = this.dir.resolve("x".repeat(120) + ".sock").toString();
		endpoint("transport", "unix-socket", "role", "inbound", "address", tooLong, "channel", "c").run(context -> {
			FailureAnalysis analysis = analysisOf(context, "address");
			assertThat(analysis.getDescription()).contains("the OS limit is 103");
		});
	}

	@Test
	void maxMessageSizeOfZero() {
		endpoint("transport", "unix-socket", "role", "inbound", "address", sock("e"), "channel", "c",
				"max-message-size", "0")
			.run(context -> {
				FailureAnalysis analysis = analysisOf(context, "max-message-size");
				assertThat(analysis.getDescription()).contains("must be between 1B and 2GB");
			});
	}

	@Test
	void nonPositiveTimeoutNamesItsProperty() {
		endpoint("transport", "unix-socket", "role", "outbound", "address", sock("e"), "channel", "c", "send-timeout",
				"0s")
			.run(context -> assertThat(analysisOf(context, "send-timeout").getDescription())
				.as("the duration as written, not PT0S")
				.contains("was 0s"));
	}

	@Test
	void negativeIdleTimeoutNamesItsProperty() {
		endpoint("transport", "tcp", "role", "inbound", "address", "127.0.0.1:0", "channel", "c", "idle-timeout", "-1s")
			.run(context -> {
				FailureAnalysis analysis = analysisOf(context, "idle-timeout");
				assertThat(analysis.getDescription()).contains("must not be negative, was -1s");
				assertThat(analysis.getAction()).contains("or 0 to keep idle peers");
			});
	}

	/**
	 * A typo, top-level or nested, fails naming itself and the key it was meant to be.
	 */
	@ParameterizedTest
	@CsvSource({ "inbound, max-mesage-size, 2MB, max-message-size",
			"outbound, reconnect.max-intreval, 1s, reconnect.max-interval",
			"inbound, alowed-uids, 1000, allowed-uids" })
	void misspelledKeyFailsNamingItAndTheNearestKey(String role, String typo, String value, String meant) {
		endpoint("transport", "unix-socket", "role", role, "address", sock("e"), "channel", "c", typo, value)
			.run(context -> {
				FailureAnalysis analysis = analysisOf(context, typo);
				assertThat(analysis.getDescription()).contains("unknown property '" + typo + "'");
				assertThat(analysis.getAction()).contains("Did you mean '" + meant + "'?");
			});
	}

	@Test
	void misspelledAddressIsReportedAsTheTypoNotAsAMissingAddress() {
		endpoint("transport", "unix-socket", "role", "inbound", "adress", sock("e"), "channel", "c")
			.run(context -> assertThat(analysisOf(context, "adress").getAction()).contains("Did you mean 'address'?"));
	}

	@Test
	void unknownKeyFarFromAnyOtherGetsNoGuess() {
		endpoint("transport", "unix-socket", "role", "inbound", "address", sock("e"), "channel", "c",
				"colour-of-the-bikeshed", "green")
			.run(context -> {
				FailureAnalysis analysis = analysisOf(context, "colour-of-the-bikeshed");
				assertThat(analysis.getAction()).doesNotContain("Did you mean");
			});
	}

	@Test
	void optionsOfAnotherTransportFail() {
		endpoint("transport", "unix-socket", "role", "inbound", "address", sock("e"), "channel", "c",
				"file.poll-interval", "5s")
			.run(context -> {
				FailureAnalysis analysis = analysisOf(context, "file");
				assertThat(analysis.getDescription())
					.contains("options of transport 'file' on a 'unix-socket' endpoint");
			});
	}

	@Test
	void misspelledKeyInTheTransportsOwnOptionsFails() {
		endpoint("transport", "file", "role", "inbound", "address", this.dir.resolve("box").toString(), "channel", "c",
				"file.pol-interval", "5s")
			.run(context -> {
				assertThat(context).hasFailed();
				assertThat(messagesOf(context.getStartupFailure())).contains("file.pol-interval");
			});
	}

	@Test
	void perEndpointKeyUnderDefaultsFails() {
		this.runner.withPropertyValues("ipc.defaults.transport=unix-socket").run(context -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidEndpointFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("'transport' belongs to one endpoint")
				.contains("ipc.defaults.transport");
			assertThat(analysis.getAction()).contains("ipc.endpoints.<name>.transport");
		});
	}

	@Test
	void misspelledKeyUnderDefaultsFails() {
		this.runner.withPropertyValues("ipc.defaults.send-timout=1s").run(context -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidEndpointFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("ipc.defaults.send-timout");
			assertThat(analysis.getAction()).contains("Did you mean 'send-timeout'?");
		});
	}

	@Test
	void socketPathInUseByAnotherProcess() throws Exception {
		String path = sock("taken");
		try (PeerProcess holder = PeerProcess
			.pythonCode("import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(); "
					+ "print('PEER:READY', flush=True); sys.stdin.read()", path)) {
			holder.await("READY", java.time.Duration.ofSeconds(30));
			endpoint("transport", "unix-socket", "role", "inbound", "address", path, "channel", "c").run(context -> {
				FailureAnalysis analysis = analysisOf(context, "address");
				assertThat(analysis.getDescription()).contains("cannot listen on " + path)
					.contains("another process, or another endpoint of this application, is listening on it");
				assertThat(analysis.getAction()).contains("Stop the process that holds " + path);
			});
			assertThat(Files.exists(Path.of(path))).as("the other process's socket file is left alone").isTrue();
		}
	}

	@Test
	void socketPathInUseByAnotherEndpoint() {
		String path = sock("twice");
		this.runner
			.withPropertyValues("ipc.endpoints.one.transport=unix-socket", "ipc.endpoints.one.role=inbound",
					"ipc.endpoints.one.address=" + path, "ipc.endpoints.one.channel=c",
					"ipc.endpoints.two.transport=unix-socket", "ipc.endpoints.two.role=inbound-gateway",
					"ipc.endpoints.two.address=" + path, "ipc.endpoints.two.channel=d")
			.run(context -> {
				assertThat(context).hasFailed();
				// whichever starts second fails
				FailureAnalysis analysis = new InvalidEndpointFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).containsPattern("IPC endpoint '(one|two)'")
					.containsPattern("ipc\\.endpoints\\.(one|two)\\.address")
					.contains("another endpoint of this application");
			});
		assertThat(Files.exists(Path.of(path))).as("the endpoint that started removed its file on close").isFalse();
	}

	@Test
	void tcpPortInUse() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			String address = "127.0.0.1:" + taken.getLocalPort();
			endpoint("transport", "tcp", "role", "inbound", "address", address, "channel", "c").run(context -> {
				FailureAnalysis analysis = analysisOf(context, "address");
				assertThat(analysis.getDescription()).contains("cannot listen on " + address);
			});
		}
	}

	@Test
	void regularFileWhereTheSocketShouldBe() throws Exception {
		Path file = Files.writeString(this.dir.resolve("precious.txt"), "keep me");
		endpoint("transport", "unix-socket", "role", "inbound", "address", file.toString(), "channel", "c")
			.run(context -> {
				FailureAnalysis analysis = analysisOf(context, "address");
				assertThat(analysis.getDescription()).contains("a file that is not a socket is there");
			});
		assertThat(Files.readString(file)).as("never deleted").isEqualTo("keep me");
	}

	@Test
	void springBootPrintsTheAnalysisAtStartUp(CapturedOutput output) {
		assertThatThrownBy(() -> new SpringApplicationBuilder(FailingApp.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.run("--ipc.endpoints.orders.transport=carrier-pigeon", "--ipc.endpoints.orders.role=inbound",
					"--ipc.endpoints.orders.address=" + sock("orders"), "--ipc.endpoints.orders.channel=orders"))
			.isInstanceOf(InvalidEndpointException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("IPC endpoint 'orders': unknown transport 'carrier-pigeon' (property "
					+ "ipc.endpoints.orders.transport)")
			.contains("Consider changing ipc.endpoints.orders.transport: Set it to one of:");
	}

	private static String messagesOf(Throwable failure) {
		StringBuilder all = new StringBuilder();
		for (Throwable t = failure; t != null; t = t.getCause()) {
			all.append(t.getMessage()).append('\n');
		}
		return all.toString();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ IntegrationAutoConfiguration.class, IpcAutoConfiguration.class })
	@EnableIntegration
	static class FailingApp {

	}

}
