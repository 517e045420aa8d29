package io.ipcstarter.sample;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import io.ipcstarter.integration.IpcEndpoint;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command-line form from the README: {@code --ipc.endpoints.e.*} arguments alone turn
 * the sample app into an echo server on a new endpoint that a python3 client talks to.
 * The sample's own endpoints are moved out of the way (temporary directory, free ports)
 * so the test never collides with anything on the machine.
 */
class CommandLineEchoTests {

	@TempDir
	Path dir;

	private String[] sampleEndpointsOutOfTheWay() {
		return SampleAddresses.asArguments(this.dir);
	}

	private ConfigurableApplicationContext run(String... endpointArgs) {
		String[] out = sampleEndpointsOutOfTheWay();
		String[] args = new String[out.length + endpointArgs.length];
		System.arraycopy(out, 0, args, 0, out.length);
		System.arraycopy(endpointArgs, 0, args, out.length, endpointArgs.length);
		return SpringApplication.run(SampleApplication.class, args);
	}

	@Test
	void unixSocketEchoEndpointFromTheCommandLine() throws Exception {
		String path = this.dir.resolve("e.sock").toString();
		try (ConfigurableApplicationContext context = run("--ipc.endpoints.e.transport=unix-socket",
				"--ipc.endpoints.e.role=inbound-gateway", "--ipc.endpoints.e.address=" + path,
				"--ipc.endpoints.e.channel=echo")) {
			assertThat(context.getBean("ipc.e", IpcEndpoint.class).getAddress()).isEqualTo(path);
			assertThat(PythonClient.run("unix-socket", path, "echo", "2", "20")).contains("PEER:ECHO-OK 40");
		}
	}

	@Test
	void tcpEchoEndpointFromTheCommandLine() throws Exception {
		try (ConfigurableApplicationContext context = run("--ipc.endpoints.e.transport=tcp",
				"--ipc.endpoints.e.role=inbound-gateway", "--ipc.endpoints.e.address=127.0.0.1:0",
				"--ipc.endpoints.e.channel=echo")) {
			String address = context.getBean("ipc.e", IpcEndpoint.class).getAddress();
			assertThat(PythonClient.run("tcp", address, "echo", "2", "20")).contains("PEER:ECHO-OK 40");
		}
	}

}
