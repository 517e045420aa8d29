package io.ipcstarter.transport.socket;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.annotation.ServiceActivator;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.messaging.MessageChannel;

import io.ipcstarter.actuate.IpcEndpointActivity;
import io.ipcstarter.actuate.IpcEndpoints;
import io.ipcstarter.integration.IpcEndpoint;
import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.TestCertificates;
import io.ipcstarter.transport.InvalidEndpointException;

import static io.ipcstarter.testsupport.TestCertificates.CA;
import static io.ipcstarter.testsupport.TestCertificates.CLIENT;
import static io.ipcstarter.testsupport.TestCertificates.CLIENT_KEY;
import static io.ipcstarter.testsupport.TestCertificates.SERVER;
import static io.ipcstarter.testsupport.TestCertificates.SERVER_KEY;
import static io.ipcstarter.testsupport.TestCertificates.WRONG_CA_SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * TLS {@code tcp} endpoints declared in properties, their keys in Spring Boot SSL bundles
 * of PEM files ({@code spring.ssl.bundle.pem.*}), talked to by a python3 {@code ssl} peer
 * written from docs/wire-formats.md ({@code peers/tls_peer.py}) in both directions; the
 * bundle's mistakes fail start-up naming the property; a reloaded bundle serves the next
 * connection without a restart.
 */
class TlsEndpointsTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final ApplicationContextRunner runner = IpcContextRunners.withMonitoring()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
		.withUserConfiguration(Config.class)
		.withPropertyValues("ipc.defaults.payload-type=text");

	@TempDir
	Path dir;

	@Test
	void pythonClientsShouldNeedATrustedCertificateToCallAMutualTlsGateway() {
		this.runner.withPropertyValues(bundle("server", SERVER, SERVER_KEY, CA))
			.withPropertyValues(endpoint("rpc", "inbound-gateway", "127.0.0.1:0", "toUpper"))
			.withPropertyValues("ipc.endpoints.rpc.tcp.ssl.bundle=server", "ipc.endpoints.rpc.tcp.ssl.client-auth=need")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				String address = context.getBean("ipc.rpc", IpcEndpoint.class).getAddress();
				IpcEndpointActivity activity = context.getBean(IpcEndpoints.class).get("rpc");
				assertThat(python("client", address, CA, CLIENT, CLIENT_KEY, "hello", "again"))
					.isEqualTo("reply HELLO|reply AGAIN");
				assertThat(python("client", address, CA, "no certificate")).startsWith("refused");
				await().atMost(WAIT).until(() -> activity.errors() == 1);
				assertThat(activity.lastError().reason()).isEqualTo("peer-rejected");
				assertThat(python("client", address, TestCertificates.OTHER_CA, CLIENT, CLIENT_KEY, "x"))
					.as("the python client does not trust the endpoint's CA")
					.startsWith("refused SSLCertVerificationError");
				try (PeerProcess plain = PeerProcess.pythonCode("""
						import socket, sys
						from ipcframing import connect, frame, say
						s = connect(tcp=sys.argv[1], timeout=10)
						s.sendall(frame(b'plain text'))
						try:
						    data = s.recv(100)
						    say('saw ' + ('eof' if data == b'' else 'alert' if data[:1] == b'\\x15' else repr(data)))
						except OSError as e:
						    say('saw ' + type(e).__name__)
						""", address)) {
					assertThat(plain.await("saw", WAIT)).as("closed, no reply")
						.isIn("eof", "alert", "ConnectionResetError");
				}
				await().atMost(WAIT).until(() -> activity.errors() == 3);
				assertThat(activity.received()).isEqualTo(2);
				assertThat(python("client", address, CA, CLIENT, CLIENT_KEY, "still")).isEqualTo("reply STILL");
			});
	}

	@Test
	void anOutboundGatewayShouldCallAPythonTlsServerThatNeedsItsCertificate() throws Exception {
		try (PeerProcess server = PeerProcess.python("tls_peer.py", "server", TestCertificates.file(SERVER).toString(),
				TestCertificates.file(SERVER_KEY).toString(), TestCertificates.file(CA).toString())) {
			String port = server.await("port", WAIT);
			this.runner.withPropertyValues(bundle("client", CLIENT, CLIENT_KEY, CA))
				.withPropertyValues(endpoint("call", "outbound-gateway", "localhost:" + port, "requests"))
				.withPropertyValues("ipc.endpoints.call.tcp.ssl.bundle=client")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					MessagingTemplate template = new MessagingTemplate();
					template.setReceiveTimeout(WAIT.toMillis());
					MessageChannel requests = context.getBean("requests", MessageChannel.class);
					assertThat(template.convertSendAndReceive(requests, "over tls", String.class))
						.isEqualTo("OVER TLS from client");
				});
		}
	}

	@Test
	void anUnknownBundleShouldFailStartUpNamingTheProperty() {
		this.runner.withPropertyValues(endpoint("in", "inbound", "127.0.0.1:0", "received"))
			.withPropertyValues("ipc.endpoints.in.tcp.ssl.bundle=nope")
			.run((context) -> assertThat(invalid(context.getStartupFailure()))
				.hasMessageContaining("ipc.endpoints.in.tcp.ssl.bundle")
				.hasMessageContaining("no SSL bundle named 'nope'"));
	}

	@Test
	void aListeningEndpointsBundleWithoutAKeyShouldFailStartUp() {
		this.runner.withPropertyValues("spring.ssl.bundle.pem.trust.truststore.certificate=" + location(CA))
			.withPropertyValues(endpoint("in", "inbound", "127.0.0.1:0", "received"))
			.withPropertyValues("ipc.endpoints.in.tcp.ssl.bundle=trust")
			.run((context) -> assertThat(invalid(context.getStartupFailure()))
				.hasMessageContaining("ipc.endpoints.in.tcp.ssl.bundle")
				.hasMessageContaining("holds no key"));
	}

	@Test
	void clientAuthOnASendingEndpointShouldFailStartUp() {
		this.runner.withPropertyValues(bundle("client", CLIENT, CLIENT_KEY, CA))
			.withPropertyValues(endpoint("out", "outbound", "127.0.0.1:9", "toSend"))
			.withPropertyValues("ipc.endpoints.out.tcp.ssl.bundle=client", "ipc.endpoints.out.tcp.ssl.client-auth=need")
			.run((context) -> assertThat(invalid(context.getStartupFailure()))
				.hasMessageContaining("ipc.endpoints.out.tcp.ssl.client-auth")
				.hasMessageContaining("only a listening"));
	}

	@Test
	void aReloadedBundleShouldServeTheNextConnectionWithoutARestart() throws Exception {
		Path certificate = this.dir.resolve("server.crt");
		Path key = this.dir.resolve("server.key");
		Files.copy(TestCertificates.file(WRONG_CA_SERVER), certificate);
		Files.copy(TestCertificates.file(SERVER_KEY), key);
		this.runner
			.withPropertyValues("spring.ssl.bundle.pem.server.reload-on-update=true",
					"spring.ssl.bundle.watch.file.quiet-period=200ms",
					"spring.ssl.bundle.pem.server.keystore.certificate=" + certificate.toUri(),
					"spring.ssl.bundle.pem.server.keystore.private-key=" + key.toUri())
			.withPropertyValues(endpoint("rpc", "inbound-gateway", "127.0.0.1:0", "toUpper"))
			.withPropertyValues("ipc.endpoints.rpc.tcp.ssl.bundle=server")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				String address = context.getBean("ipc.rpc", IpcEndpoint.class).getAddress();
				assertThat(handshakeSucceeds(address)).as("a certificate of another CA").isFalse();
				Path next = this.dir.resolve("next.crt");
				Files.copy(TestCertificates.file(SERVER), next);
				Files.move(next, certificate, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
				await().atMost(WAIT).until(() -> handshakeSucceeds(address));
				assertThat(python("client", address, CA, "renewed")).isEqualTo("reply RENEWED");
			});
	}

	/** The endpoint's configuration mistake among the causes of a start-up failure. */
	private static InvalidEndpointException invalid(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof InvalidEndpointException invalid) {
				return invalid;
			}
		}
		throw new AssertionError("No InvalidEndpointException in " + failure, failure);
	}

	private static boolean handshakeSucceeds(String address) {
		int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
		try (SSLSocket socket = (SSLSocket) TestCertificates.context(null, null, CA)
			.getSocketFactory()
			.createSocket(InetAddress.getLoopbackAddress(), port)) {
			socket.startHandshake();
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

	/** What the python client printed, its lines joined with {@code |}. */
	private static String python(String... args) throws Exception {
		String[] files = new String[args.length];
		for (int i = 0; i < args.length; i++) {
			files[i] = args[i].endsWith(".crt") || args[i].endsWith(".key") ? TestCertificates.file(args[i]).toString()
					: args[i];
		}
		try (PeerProcess peer = PeerProcess.python("tls_peer.py", files)) {
			assertThat(peer.awaitExit(WAIT)).isZero();
			return String.join("|",
					peer.allLines(WAIT)
						.stream()
						.filter((l) -> l.startsWith(PeerProcess.SAID))
						.map((l) -> l.substring(PeerProcess.SAID.length()))
						.toList());
		}
	}

	private static String[] bundle(String name, String certificate, String key, String trusted) {
		String prefix = "spring.ssl.bundle.pem." + name;
		return new String[] { prefix + ".keystore.certificate=" + location(certificate),
				prefix + ".keystore.private-key=" + location(key),
				prefix + ".truststore.certificate=" + location(trusted) };
	}

	private static String location(String file) {
		return TestCertificates.location(file);
	}

	private static String[] endpoint(String name, String role, String address, String channel) {
		String prefix = "ipc.endpoints." + name + ".";
		return new String[] { prefix + "transport=tcp", prefix + "role=" + role, prefix + "address=" + address,
				prefix + "channel=" + channel };
	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class Config {

		@Bean
		Upper upper() {
			return new Upper();
		}

	}

	static class Upper {

		@ServiceActivator(inputChannel = "toUpper")
		String upper(String payload) {
			return payload.toUpperCase();
		}

	}

}
