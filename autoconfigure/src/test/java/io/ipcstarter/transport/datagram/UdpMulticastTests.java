package io.ipcstarter.transport.datagram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import io.ipcstarter.testsupport.PeerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Broadcast and multicast on {@code udp}, across processes, inside a private network
 * namespace ({@code unshare -n}) that has nothing but a loopback device, brought up there
 * with multicast on and a route for 224.0.0.0/4: no datagram of these tests can reach the
 * host's own networks. The test JVM cannot enter a namespace, so both sides run inside
 * one: {@link UdpNamespacePeer} (the endpoints) and the python3 peers it starts. Skipped,
 * with the reason, where no namespace can be made (not root, unshare refused, no
 * {@code ip}).
 */
@EnabledOnOs(OS.LINUX)
class UdpMulticastTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	/**
	 * Run inside the new namespace before the command: loopback only, with multicast
	 * routed to it.
	 */
	private static final String SET_UP_LOOPBACK = "ip link set lo up && ip link set lo multicast on"
			+ " && ip route add 224.0.0.0/4 dev lo";

	private static final int COUNT = UdpNamespacePeer.COUNT;

	@BeforeAll
	static void privateNetworkNamespace() throws Exception {
		String why = namespaceRefused();
		assumeTrue(why == null, () -> "No private network namespace can be made here (" + why
				+ "): broadcast and multicast are tested only inside one");
	}

	@Test
	void datagramsToTheGroupReachEveryInboundMemberJoinedOnLoopback() throws Exception {
		try (PeerProcess namespace = inNamespace("multicast-in")) {
			assertThat(namespace.await("RECEIVED", WAIT))
				.as("count, distinct and others (sent to the port, not the group) at each of two members")
				.isEqualTo(COUNT + " " + COUNT + " 0 " + COUNT + " " + COUNT + " 0");
		}
	}

	@Test
	void outboundToTheGroupReachesEveryMemberOnLoopbackWithTtlZero() throws Exception {
		try (PeerProcess namespace = inNamespace("multicast-out")) {
			assertThat(namespace.await("GOT", WAIT)).as("count and distinct at each of two python members")
				.isEqualTo(COUNT + " " + COUNT + " / " + COUNT + " " + COUNT);
		}
	}

	@Test
	void broadcastOnLoopbackArrivesBothWaysAndIsRefusedUnlessAskedFor() throws Exception {
		try (PeerProcess namespace = inNamespace("broadcast")) {
			assertThat(namespace.await("BROADCAST-IN", WAIT)).isEqualTo(COUNT + " " + COUNT + " 0");
			assertThat(namespace.await("BROADCAST-OUT", WAIT)).isEqualTo(COUNT + " " + COUNT);
			assertThat(namespace.await("REFUSED", WAIT)).contains("udp.broadcast: true")
				.contains("127.255.255.255:9103");
		}
	}

	/**
	 * {@link UdpNamespacePeer} with the test class path, alone with its peers in a fresh
	 * network namespace.
	 */
	private static PeerProcess inNamespace(String scenario) throws IOException {
		List<String> command = new ArrayList<>(
				List.of("unshare", "-n", "sh", "-c", SET_UP_LOOPBACK + " && exec \"$@\"", "sh"));
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx256m");
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(UdpNamespacePeer.class.getName());
		command.add(scenario);
		return PeerProcess.command(command);
	}

	/**
	 * Why a namespace set up as the tests need cannot be made, or {@code null} when it
	 * can.
	 */
	private static String namespaceRefused() throws InterruptedException {
		Process probe;
		try {
			probe = new ProcessBuilder("unshare", "-n", "sh", "-c", SET_UP_LOOPBACK).redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			return "unshare: " + ex.getMessage();
		}
		if (!probe.waitFor(30, TimeUnit.SECONDS)) {
			probe.destroyForcibly();
			return "unshare -n did not finish within 30 s";
		}
		if (probe.exitValue() != 0) {
			try {
				return "unshare -n exited with " + probe.exitValue() + ": "
						+ new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			}
			catch (IOException ex) {
				return "unshare -n exited with " + probe.exitValue();
			}
		}
		return null;
	}

}
