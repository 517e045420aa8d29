package io.ipcstarter.sample;

import java.nio.file.Path;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import io.ipcstarter.integration.IpcEndpoint;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's echo endpoint moved onto a broker by a profile's YAML alone
 * ({@code application-amqp.yml}, {@code application-kafka.yml} in the test resources),
 * with a bridge at its old socket address: the python client of
 * {@link SampleAppPythonPeerTests#pythonEchoesOverTheUnixSocket()} runs unchanged, same
 * arguments, same socket path, and sees what it sees there: every reply, on four
 * connections at once, byte for byte its own request (empty, all 256 byte values, 64 KiB
 * of random bytes, UTF-8 text, then short ones). The echo endpoint's meters show that
 * each request crossed the broker. Subclasses run it per broker.
 */
abstract class BrokerEchoProfileTests {

	@TempDir
	static Path dir;

	@Autowired
	@Qualifier("ipc.echo-unix")
	IpcEndpoint echo;

	@Autowired
	@Qualifier("ipc.echo-socket")
	IpcEndpoint bridge;

	@Autowired
	MeterRegistry meters;

	@Autowired
	EchoClient echoClient;

	/** The transport the profile moved the echo endpoint to. */
	abstract String transport();

	@Test
	void pythonSeesTheSameEchoThroughTheBridgeAsOverTheUnixSocket() throws Exception {
		assertThat(this.echo.getSpec().transport()).isEqualTo(transport());
		assertThat(this.echo.getSpec().role().name()).isEqualTo("INBOUND_GATEWAY");
		assertThat(this.echo.getAddress()).isEqualTo("ipc-sample-echo");
		assertThat(this.bridge.getAddress()).isEqualTo(dir.resolve("ipc-sample").resolve("echo.sock").toString());
		double before = answered();
		String output = PythonClient.run("unix-socket", this.bridge.getAddress(), "echo", "4", "50");
		assertThat(output).contains("PEER:ECHO-OK 200");
		assertThat(answered() - before).as("requests the echo endpoint on the broker answered")
			.isGreaterThanOrEqualTo(200);
	}

	@Test
	void echoClientStillCallsTheEchoServerThroughTheBridge() {
		assertThat(this.echoClient.echo("ping")).isEqualTo("ping");
	}

	private double answered() {
		return this.meters.find("ipc.messages")
			.tag("endpoint", "echo-unix")
			.tag("direction", "in")
			.tag("outcome", "success")
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

}
