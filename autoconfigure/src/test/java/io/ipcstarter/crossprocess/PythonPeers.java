package io.ipcstarter.crossprocess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.ipcstarter.testsupport.PeerProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code peers/bad_peer.py} (test resources) with python3: a non-Java peer that
 * speaks, or breaks, the length-prefix framing of a {@code unix-socket} or {@code tcp}
 * endpoint.
 */
public final class PythonPeers {

	/** How long a python peer may take for its part. */
	public static final Duration WAIT = Duration.ofSeconds(30);

	private PythonPeers() {
	}

	/**
	 * Start the script against an endpoint; {@code mode} and its arguments as the
	 * script's usage says.
	 */
	public static PeerProcess start(String transport, String address, boolean replies, String... mode)
			throws Exception {
		List<String> args = new ArrayList<>(List.of(transport.equals("tcp") ? "--tcp" : "--unix", address));
		if (replies) {
			args.add("--replies");
		}
		args.addAll(List.of(mode));
		return PeerProcess.python("bad_peer.py", args.toArray(String[]::new));
	}

	/**
	 * Run good frames through the endpoint (echoed back when {@code replies}), and check
	 * the peer saw no problem.
	 */
	public static void sendGood(String transport, String address, boolean replies, int count) throws Exception {
		try (PeerProcess peer = start(transport, address, replies, "good", String.valueOf(count))) {
			assertThat(peer.await("GOOD-OK", WAIT)).isEqualTo(String.valueOf(count));
			assertThat(peer.awaitExit(WAIT)).isZero();
		}
	}

}
