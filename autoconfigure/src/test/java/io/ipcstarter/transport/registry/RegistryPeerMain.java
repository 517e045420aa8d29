package io.ipcstarter.transport.registry;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.Role;

/**
 * The second process of the registry tests (a separate Windows JVM, under Wine here): an
 * outbound endpoint on key {@code args[0]}, value {@code args[1]}. For each line
 * {@code set TEXT} read from standard input it writes TEXT and prints
 * {@code PEER:set TEXT}; it ends at the end of its input.
 */
public final class RegistryPeerMain {

	private RegistryPeerMain() {
	}

	public static void main(String[] args) throws Exception {
		RegistryOptions options = new RegistryOptions();
		options.setValue(args[1]);
		EndpointSpec spec = EndpointSpec.builder("peer", "registry", Role.OUTBOUND, args[0])
			.option(RegistryOptions.class, options)
			.build();
		RegistryTransport transport = new RegistryTransport();
		transport.validate(spec);
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		try (IpcClient client = transport.createClient(spec)) {
			System.out.println("PEER:ready");
			String line;
			while ((line = in.readLine()) != null) {
				if (line.startsWith("set ")) {
					client.send(line.substring(4).getBytes(StandardCharsets.UTF_8));
					System.out.println("PEER:set " + line.substring(4));
				}
			}
		}
	}

}
