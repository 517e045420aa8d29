package io.ipcstarter.transport.socket;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.testsupport.TestCertificates;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.Role;

import static io.ipcstarter.testsupport.TestCertificates.CA;
import static io.ipcstarter.testsupport.TestCertificates.CLIENT;
import static io.ipcstarter.testsupport.TestCertificates.CLIENT_KEY;
import static io.ipcstarter.testsupport.TestCertificates.EXPIRED_SERVER;
import static io.ipcstarter.testsupport.TestCertificates.SERVER;
import static io.ipcstarter.testsupport.TestCertificates.SERVER_KEY;
import static io.ipcstarter.testsupport.TestCertificates.WRONG_CA_SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * TLS on the {@code tcp} transport with certificates made by keytool for the run
 * ({@link TestCertificates}): messages and replies cross, a client that does not trust
 * the server's CA, or meets an expired certificate or one that does not name its host,
 * fails at once with {@code peer-rejected} (no retrying until send-timeout); a listener
 * that needs client certificates refuses clients without one; a plain-text peer and a
 * silent one are closed and counted as {@code peer-rejected}, and the listener goes on
 * serving TLS peers; {@code idle-timeout} and the application's connection executor apply
 * as on plain {@code tcp}; new keys given to the context reach the next connection.
 */
class TlsTcpTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final List<AutoCloseable> closeables = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
	}

	@Test
	void messagesAndRepliesShouldCrossTls() throws Exception {
		RecordingListener listener = RecordingListener.upperCasing();
		IpcServer server = server(Role.INBOUND_GATEWAY, serverContext(SERVER), TlsClientAuth.NONE, listener);
		IpcClient client = client(Role.OUTBOUND_GATEWAY, server, clientContext(null, CA), (ssl) -> {
		});
		for (int i = 0; i < 100; i++) {
			assertThat(text(client.request(bytes("hello " + i)))).isEqualTo("HELLO " + i);
		}
		byte[] large = new byte[600_000]; // many TLS records, both ways
		for (int i = 0; i < large.length; i++) {
			large[i] = (byte) ('a' + i % 26);
		}
		assertThat(client.request(large)).hasSize(large.length).startsWith(bytes("ABCDEFG"));
		assertThat(listener.drainErrors()).isEmpty();
	}

	@Test
	void oneWayMessagesShouldArriveInOrder() throws Exception {
		RecordingListener listener = new RecordingListener();
		IpcServer server = server(Role.INBOUND, serverContext(SERVER), TlsClientAuth.NONE, listener);
		IpcClient client = client(Role.OUTBOUND, server, clientContext(null, CA), (ssl) -> {
		});
		for (int i = 0; i < 1000; i++) {
			client.send(bytes("m" + i));
		}
		for (int i = 0; i < 1000; i++) {
			assertThat(listener.nextText(WAIT)).isEqualTo("m" + i);
		}
	}

	@Test
	void aServerCertificateFromAnotherCaShouldFailTheSendAtOnce() throws Exception {
		IpcServer server = server(Role.INBOUND, serverContext(WRONG_CA_SERVER), TlsClientAuth.NONE,
				new RecordingListener());
		assertRefused(client(Role.OUTBOUND, server, clientContext(null, CA), (ssl) -> {
		}), "PKIX");
	}

	@Test
	void anExpiredServerCertificateShouldFailTheSendAtOnce() throws Exception {
		IpcServer server = server(Role.INBOUND, serverContext(EXPIRED_SERVER), TlsClientAuth.NONE,
				new RecordingListener());
		assertRefused(client(Role.OUTBOUND, server, clientContext(null, CA), (ssl) -> {
		}), "validity");
	}

	@Test
	void aServerCertificateThatDoesNotNameTheHostShouldFailUnlessVerificationIsOff() throws Exception {
		// the client certificate names no host: trusted, but not for 127.0.0.1
		RecordingListener listener = RecordingListener.echo();
		IpcServer server = server(Role.INBOUND_GATEWAY, TestCertificates.context(CLIENT, CLIENT_KEY, null),
				TlsClientAuth.NONE, listener);
		assertRefused(client(Role.OUTBOUND_GATEWAY, server, clientContext(null, CA), (ssl) -> {
		}), "127.0.0.1");
		IpcClient unverified = client(Role.OUTBOUND_GATEWAY, server, clientContext(null, CA),
				(ssl) -> ssl.setVerifyHostname(false));
		assertThat(text(unverified.request(bytes("trusted anyway")))).isEqualTo("trusted anyway");
	}

	@Test
	void mutualTlsShouldAdmitOnlyClientsWithATrustedCertificate() throws Exception {
		RecordingListener listener = RecordingListener.echo();
		IpcServer server = server(Role.INBOUND_GATEWAY, TestCertificates.context(SERVER, SERVER_KEY, CA),
				TlsClientAuth.NEED, listener);
		IpcClient withKey = client(Role.OUTBOUND_GATEWAY, server, clientContext(CLIENT, CA), (ssl) -> {
		});
		assertThat(text(withKey.request(bytes("mutual")))).isEqualTo("mutual");
		// TLS 1.3: the client's handshake ends before the server judges its certificate;
		// the send still fails rather than writing into a connection the server drops
		assertRefused(client(Role.OUTBOUND, server, clientContext(null, CA), (ssl) -> {
		}), "");
		assertThat(listener.awaitError(ErrorReason.PEER_REJECTED).cause()).hasMessageContaining("TLS handshake");
		IpcClient wrongCa = client(Role.OUTBOUND, server, TestCertificates.context(WRONG_CA_SERVER, SERVER_KEY, CA),
				(ssl) -> {
				});
		assertRefused(wrongCa, "");
		assertThat(listener.awaitError(ErrorReason.PEER_REJECTED).cause()).hasMessageContaining("TLS handshake");
		assertThat(text(withKey.request(bytes("still serving")))).isEqualTo("still serving");
	}

	@Test
	void wantShouldAdmitClientsWithoutACertificate() throws Exception {
		IpcServer server = server(Role.INBOUND_GATEWAY, TestCertificates.context(SERVER, SERVER_KEY, CA),
				TlsClientAuth.WANT, RecordingListener.echo());
		assertThat(text(client(Role.OUTBOUND_GATEWAY, server, clientContext(null, CA), (ssl) -> {
		}).request(bytes("anonymous")))).isEqualTo("anonymous");
		assertThat(text(client(Role.OUTBOUND_GATEWAY, server, clientContext(CLIENT, CA), (ssl) -> {
		}).request(bytes("known")))).isEqualTo("known");
	}

	@Test
	void aPlainTextPeerShouldBeClosedAndCountedWhileTlsPeersAreServed() throws Exception {
		RecordingListener listener = RecordingListener.echo();
		IpcServer server = server(Role.INBOUND_GATEWAY, serverContext(SERVER), TlsClientAuth.NONE, listener);
		try (Socket plain = plainSocket(server)) {
			OutputStream out = plain.getOutputStream();
			out.write(new byte[] { 0, 0, 0, 5, 'h', 'e', 'l', 'l', 'o' });
			out.flush();
			plain.setSoTimeout((int) WAIT.toMillis());
			InputStream in = plain.getInputStream();
			assertThat(readToEnd(in)).as("no reply, and the connection closed").doesNotContain((byte) 'h');
		}
		assertThat(listener.awaitError(ErrorReason.PEER_REJECTED).cause()).hasMessageContaining("TLS handshake");
		assertThat(listener.messages()).isEmpty();
		IpcClient client = client(Role.OUTBOUND_GATEWAY, server, clientContext(null, CA), (ssl) -> {
		});
		assertThat(text(client.request(bytes("after")))).isEqualTo("after");
	}

	@Test
	void failedHandshakesShouldGiveTheirPlacesBackUnderMaxConnections() throws Exception {
		RecordingListener listener = RecordingListener.echo();
		TcpOptions options = new TcpOptions();
		options.getSsl().context(TlsContext.of(serverContext(SERVER))).setClientAuth(TlsClientAuth.NONE);
		IpcServer server = start(EndpointSpec.builder("tls-in", "tcp", Role.INBOUND_GATEWAY, "127.0.0.1:0")
			.option(TcpOptions.class, options)
			.maxConnections(2)
			.build(), listener);
		// more plain-text peers than places, one after the other: each is refused in its
		// handshake, and its place must come back
		for (int i = 0; i < 3; i++) {
			try (Socket plain = plainSocket(server)) {
				plain.getOutputStream().write(new byte[] { 0, 0, 0, 1, 'x' });
				plain.setSoTimeout((int) WAIT.toMillis());
				readToEnd(plain.getInputStream());
			}
		}
		IpcClient client = client(Role.OUTBOUND_GATEWAY, server, clientContext(null, CA), (ssl) -> {
		});
		assertThat(text(client.request(bytes("still served")))).isEqualTo("still served");
	}

	@Test
	void aSilentPeerShouldBeClosedAfterTheHandshakeTimeout() throws Exception {
		RecordingListener listener = new RecordingListener();
		IpcServer server = server(Role.INBOUND, serverContext(SERVER), TlsClientAuth.NONE, listener,
				(ssl) -> ssl.setHandshakeTimeout(Duration.ofMillis(300)));
		try (Socket silent = plainSocket(server)) {
			silent.setSoTimeout((int) WAIT.toMillis());
			long start = System.nanoTime();
			assertThat(silent.getInputStream().read()).as("closed by the server").isEqualTo(-1);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		}
		assertThat(listener.awaitError(ErrorReason.PEER_REJECTED).cause())
			.hasMessageContaining("handshake-timeout 300ms");
		assertThat(server.peerCount()).isZero();
	}

	@Test
	void aTlsPeerThatStopsMidHandshakeShouldNotHoldTheAcceptThread() throws Exception {
		RecordingListener listener = new RecordingListener();
		IpcServer server = server(Role.INBOUND, serverContext(SERVER), TlsClientAuth.NONE, listener,
				(ssl) -> ssl.setHandshakeTimeout(Duration.ofSeconds(30)));
		try (Socket silent = plainSocket(server)) {
			IpcClient client = client(Role.OUTBOUND, server, clientContext(null, CA), (ssl) -> {
			});
			client.send(bytes("past the silent one"));
			assertThat(listener.nextText(WAIT)).isEqualTo("past the silent one");
		}
	}

	@Test
	void idleTimeoutShouldCloseASilentTlsPeerAsItClosesAPlainOne() throws Exception {
		RecordingListener listener = new RecordingListener();
		TcpOptions options = new TcpOptions();
		options.getSsl().context(TlsContext.of(serverContext(SERVER)));
		IpcServer server = start(EndpointSpec.builder("tls-idle", "tcp", Role.INBOUND, "127.0.0.1:0")
			.option(TcpOptions.class, options)
			.idleTimeout(Duration.ofMillis(300))
			.build(), listener);
		try (SSLSocket socket = (SSLSocket) clientContext(null, CA).getSocketFactory()
			.createSocket(InetAddress.getLoopbackAddress(), port(server))) {
			socket.startHandshake();
			socket.setSoTimeout((int) WAIT.toMillis());
			assertThat(socket.getInputStream().read()).as("closed for being idle").isEqualTo(-1);
		}
		assertThat(listener.drainErrors()).as("an idle peer is no error").isEmpty();
	}

	@Test
	void handshakesShouldRunOnTheConnectionExecutor() throws Exception {
		RecordingListener listener = RecordingListener.answering((request) -> bytes(Thread.currentThread().getName()));
		TcpOptions options = new TcpOptions();
		options.getSsl().context(TlsContext.of(serverContext(SERVER)));
		ExecutorService executor = Executors.newCachedThreadPool((task) -> new Thread(task, "application-executor"));
		this.closeables.add(executor::shutdownNow);
		IpcServer server = start(EndpointSpec.builder("tls-exec", "tcp", Role.INBOUND_GATEWAY, "127.0.0.1:0")
			.option(TcpOptions.class, options)
			.connectionExecutor(executor)
			.build(), listener);
		IpcClient client = client(Role.OUTBOUND_GATEWAY, server, clientContext(null, CA), (ssl) -> {
		});
		assertThat(text(client.request(bytes("who")))).isEqualTo("application-executor");
	}

	@Test
	void newKeysShouldReachTheNextConnection() throws Exception {
		TlsContext keys = TlsContext.of(serverContext(WRONG_CA_SERVER));
		IpcServer server = server(Role.INBOUND_GATEWAY, keys, TlsClientAuth.NONE, RecordingListener.echo(), (ssl) -> {
		});
		assertRefused(client(Role.OUTBOUND_GATEWAY, server, clientContext(null, CA), (ssl) -> {
		}), "PKIX");
		keys.update(serverContext(SERVER), null, null);
		IpcClient client = client(Role.OUTBOUND_GATEWAY, server, clientContext(null, CA), (ssl) -> {
		});
		assertThat(text(client.request(bytes("renewed")))).isEqualTo("renewed");
	}

	@Test
	void aJdkTlsSocketShouldSpeakTheDocumentedFraming() throws Exception {
		RecordingListener listener = RecordingListener.upperCasing();
		IpcServer server = server(Role.INBOUND_GATEWAY, serverContext(SERVER), TlsClientAuth.NONE, listener);
		try (SSLSocket socket = (SSLSocket) clientContext(null, CA).getSocketFactory()
			.createSocket(InetAddress.getLoopbackAddress(), port(server))) {
			socket.getOutputStream().write(new byte[] { 0, 0, 0, 3, 'a', 'b', 'c' });
			socket.getOutputStream().flush();
			assertThat(socket.getInputStream().readNBytes(7)).containsExactly(0, 0, 0, 3, 'A', 'B', 'C');
		}
	}

	private void assertRefused(IpcClient client, String detail) {
		long start = System.nanoTime();
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> client.send(bytes("x")))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.PEER_REJECTED))
			.withMessageContaining(detail);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no retrying until send-timeout")
			.isLessThan(Duration.ofSeconds(5));
	}

	private IpcServer server(Role role, SSLContext context, TlsClientAuth clientAuth, RecordingListener listener)
			throws Exception {
		return server(role, TlsContext.of(context), clientAuth, listener, (ssl) -> {
		});
	}

	private IpcServer server(Role role, SSLContext context, TlsClientAuth clientAuth, RecordingListener listener,
			Consumer<TcpOptions.Ssl> customizer) throws Exception {
		return server(role, TlsContext.of(context), clientAuth, listener, customizer);
	}

	private IpcServer server(Role role, TlsContext context, TlsClientAuth clientAuth, RecordingListener listener,
			Consumer<TcpOptions.Ssl> customizer) throws Exception {
		TcpOptions options = new TcpOptions();
		options.getSsl().context(context).setClientAuth(clientAuth);
		customizer.accept(options.getSsl());
		EndpointSpec spec = EndpointSpec.builder("tls-in", "tcp", role, "127.0.0.1:0")
			.option(TcpOptions.class, options)
			.build();
		return start(spec, listener);
	}

	private IpcServer start(EndpointSpec spec, RecordingListener listener) throws Exception {
		TcpTransport tcp = new TcpTransport();
		tcp.validate(spec);
		IpcServer server = tcp.createServer(spec);
		this.closeables.add(server);
		server.start(listener);
		return server;
	}

	/**
	 * A client of the server at {@code 127.0.0.1:port}: its certificate must name that
	 * address.
	 */
	private IpcClient client(Role role, IpcServer server, SSLContext context, Consumer<TcpOptions.Ssl> customizer) {
		TcpOptions options = new TcpOptions();
		options.getSsl().context(context);
		customizer.accept(options.getSsl());
		EndpointSpec spec = EndpointSpec.builder("tls-out", "tcp", role, "127.0.0.1:" + port(server))
			.option(TcpOptions.class, options)
			.sendTimeout(Duration.ofSeconds(8))
			.build();
		TcpTransport tcp = new TcpTransport();
		tcp.validate(spec);
		IpcClient client = tcp.createClient(spec);
		this.closeables.add(client);
		return client;
	}

	private static SSLContext serverContext(String certificate) {
		return TestCertificates.context(certificate, SERVER_KEY, null);
	}

	private static SSLContext clientContext(String certificate, String trusted) {
		return TestCertificates.context(certificate, (certificate != null) ? CLIENT_KEY : null, trusted);
	}

	private static Socket plainSocket(IpcServer server) throws Exception {
		return new Socket(InetAddress.getLoopbackAddress(), port(server));
	}

	private static int port(IpcServer server) {
		String address = server.address();
		return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
	}

	private static byte[] readToEnd(InputStream in) throws Exception {
		try {
			return in.readAllBytes();
		}
		catch (java.net.SocketException ex) {
			return new byte[0]; // reset: closed just as well
		}
	}

	private static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(byte[] b) {
		return new String(b, StandardCharsets.UTF_8);
	}

}
