package io.ipcstarter.transport.amqp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.ipcstarter.testsupport.PeerProcess;

/**
 * The python peer of these tests ({@code peers/amqp_peer.py}), run with Debian's
 * {@code /usr/bin/python3}, which has {@code python3-pika}.
 */
final class AmqpPeers {

	private static final Path SCRIPT = Path.of("src", "test", "resources", "peers", "amqp_peer.py").toAbsolutePath();

	private AmqpPeers() {
	}

	static PeerProcess start(int port, String mode, String queue, String... args) throws IOException {
		org.junit.jupiter.api.Assumptions.assumeTrue(hasPika(),
				"/usr/bin/python3 has no pika: apt-get install python3-pika");
		List<String> command = new ArrayList<>(
				List.of("/usr/bin/python3", "-u", SCRIPT.toString(), String.valueOf(port), mode, queue));
		command.addAll(List.of(args));
		return PeerProcess.command(command);
	}

	private static boolean hasPika() {
		try {
			return new ProcessBuilder("/usr/bin/python3", "-c", "import pika").start().waitFor() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
