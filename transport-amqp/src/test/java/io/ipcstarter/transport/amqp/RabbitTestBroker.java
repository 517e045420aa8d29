package io.ipcstarter.transport.amqp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import io.ipcstarter.testsupport.TestCertificates;

/**
 * One private RabbitMQ broker per test JVM: Debian's {@code rabbitmq-server} started as a
 * plain process by {@code scripts/rabbitmq-test-broker.sh} (its own data directory, node
 * name and loopback port, in a temporary directory), on first use, and killed with its
 * children when the JVM exits. Besides plain AMQP it listens with TLS (1.3 and 1.2) on a
 * second loopback port (where autoconfigure's test jar is on the class path), presenting
 * the server certificate of {@link TestCertificates} and requiring a client certificate
 * signed by its CA. Tests that need it skip, with the reason, where the package is not
 * installed; a broker that is installed but does not start fails them.
 */
public final class RabbitTestBroker {

	/**
	 * How long a start may take: about 20 s on two loaded cores, mostly Erlang's boot.
	 */
	private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

	private static final Path SCRIPT = Path.of("..", "scripts", "rabbitmq-test-broker.sh").toAbsolutePath().normalize();

	private static RabbitTestBroker started;

	private static String notRunnable;

	private volatile Process process;

	private final int port;

	private final int distPort;

	private final int tlsPort;

	private final Path directory;

	private RabbitTestBroker(int port, int distPort, int tlsPort, Path directory) throws IOException {
		this.port = port;
		this.distPort = distPort;
		this.tlsPort = tlsPort;
		this.directory = directory;
		this.process = launch();
	}

	/** The broker, started on first call; skips the calling test where it cannot run. */
	public static synchronized RabbitTestBroker get() {
		Assumptions.assumeTrue(notRunnable == null, () -> notRunnable);
		if (started == null) {
			if (!Files.isExecutable(Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server"))) {
				notRunnable = "rabbitmq-server is not installed (run scripts/prerequisites.sh, or apt-get install "
						+ "rabbitmq-server): the amqp tests need a real broker";
				Assumptions.abort(notRunnable);
			}
			started = start();
		}
		return started;
	}

	private static RabbitTestBroker start() {
		try {
			// in memory where there is /dev/shm: the broker syncs every persistent
			// message to disk before confirming it, which costs milliseconds on a loaded
			// disk
			Path shm = Path.of("/dev/shm");
			Path directory = Files.isWritable(shm) ? Files.createTempDirectory(shm, "ipc-rabbitmq-")
					: Files.createTempDirectory("ipc-rabbitmq-");
			RabbitTestBroker broker = new RabbitTestBroker(freePort(), freePort(),
					canMakeCertificates() ? freePort() : 0, directory);
			Runtime.getRuntime().addShutdownHook(new Thread(broker::kill, "rabbitmq-test-broker-stop"));
			broker.awaitListening();
			return broker;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start the test broker with " + SCRIPT, ex);
		}
	}

	/**
	 * Whether the test certificates can be made here: they come from autoconfigure's test
	 * jar, which this module's tests have and sample-app's (which use this broker without
	 * TLS) do not.
	 */
	private static boolean canMakeCertificates() {
		try {
			Class.forName("io.ipcstarter.testsupport.TestCertificates", false, RabbitTestBroker.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}

	private Process launch() throws IOException {
		List<String> command = new java.util.ArrayList<>(List.of(SCRIPT.toString(), this.directory.toString(),
				String.valueOf(this.port), String.valueOf(this.distPort)));
		if (this.tlsPort > 0) {
			command.addAll(List.of(String.valueOf(this.tlsPort), TestCertificates.directory().toString()));
		}
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.redirectErrorStream(true);
		builder.redirectOutput(ProcessBuilder.Redirect.appendTo(this.directory.resolve("console.log").toFile()));
		return builder.start();
	}

	private void awaitListening() throws IOException {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The test broker exited with " + this.process.exitValue() + ": "
						+ Files.readString(this.directory.resolve("console.log")));
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 200);
				return;
			}
			catch (IOException ex) {
				sleep(250);
			}
		}
		kill();
		throw new IllegalStateException("The test broker did not listen on port " + this.port + " within "
				+ START_TIMEOUT + "; its log is in " + this.directory);
	}

	/** The broker's AMQP port on 127.0.0.1. */
	public int port() {
		return this.port;
	}

	/**
	 * The broker's AMQPS port on 127.0.0.1: TLS 1.3 or 1.2, server certificate
	 * {@link TestCertificates#SERVER}, client certificate signed by
	 * {@link TestCertificates#CA} required.
	 */
	public int tlsPort() {
		Assumptions.assumeTrue(this.tlsPort > 0, "no TLS listener: the test certificates' class is missing");
		return this.tlsPort;
	}

	/**
	 * The broker's own list of its client connections, one line each with these columns,
	 * tab-separated, as {@code rabbitmqctl list_connections --no-table-headers COLUMNS}
	 * prints them (e.g. {@code ssl}, {@code ssl_protocol}, {@code peer_cert_subject},
	 * {@code client_properties}, which holds the client's connection name).
	 */
	public List<String> connections(String... columns) throws IOException, InterruptedException {
		List<String> command = new java.util.ArrayList<>(List.of("/usr/lib/rabbitmq/bin/rabbitmqctl", "-q", "-n",
				"ipctest" + this.port + "@localhost", "list_connections", "--no-table-headers"));
		command.addAll(List.of(columns));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().put("HOME", this.directory.toString()); // the Erlang cookie
		builder.environment().put("ERL_EPMD_ADDRESS", "127.0.0.1");
		builder.redirectErrorStream(true);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException("rabbitmqctl list_connections failed: " + output);
		}
		return output.lines().filter((line) -> !line.isBlank()).toList();
	}

	/** The broker as the transport takes it: 127.0.0.1, guest. */
	public AmqpBroker broker() {
		return AmqpBroker.localhost(this.port);
	}

	/**
	 * Kill the broker with -9, as a crash would, leaving its data directory; the port
	 * refuses connections once this returns.
	 */
	synchronized void crash() {
		Process current = this.process;
		current.descendants().forEach(ProcessHandle::destroyForcibly);
		current.destroyForcibly();
		try {
			current.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Start the broker again on the same data directory, node name and port, after
	 * {@link #crash()}; returns once it listens. What was durable and persistent is there
	 * again.
	 */
	synchronized void restart() {
		try {
			this.process = launch();
			awaitListening();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot restart the test broker with " + SCRIPT, ex);
		}
	}

	/** Kill the broker and what it started (Erlang's port programs), then its files. */
	void kill() {
		crash();
		deleteQuietly(this.directory);
	}

	private static void deleteQuietly(Path directory) {
		try (var paths = Files.walk(directory)) {
			paths.sorted(java.util.Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory: the system cleans it eventually
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
