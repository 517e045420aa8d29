package io.ipcstarter.transport.amqp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * One private RabbitMQ broker per test JVM: Debian's {@code rabbitmq-server} started as a
 * plain process by {@code scripts/rabbitmq-test-broker.sh} (its own data directory, node
 * name and loopback port, in a temporary directory), on first use, and killed with its
 * children when the JVM exits. Tests that need it skip, with the reason, where the
 * package is not installed; a broker that is installed but does not start fails them.
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

	private final Path directory;

	private RabbitTestBroker(int port, int distPort, Path directory) throws IOException {
		this.port = port;
		this.distPort = distPort;
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
			RabbitTestBroker broker = new RabbitTestBroker(freePort(), freePort(), directory);
			Runtime.getRuntime().addShutdownHook(new Thread(broker::kill, "rabbitmq-test-broker-stop"));
			broker.awaitListening();
			return broker;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start the test broker with " + SCRIPT, ex);
		}
	}

	private Process launch() throws IOException {
		ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString(), this.directory.toString(),
				String.valueOf(this.port), String.valueOf(this.distPort));
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
