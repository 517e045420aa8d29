package io.ipcstarter.reliability;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.ipcstarter.testsupport.PeerProcess;

/**
 * What {@link InboxApplication} processes said of a burst ({@code inbox.burst}: one-way
 * sends of {@code m-0}, {@code m-1} ...), read from their output so far: the sends that
 * returned ({@code S <i>}), the sends that failed ({@code E <reason>}) and each handling
 * of a message by the receivers ({@code R m-<i>}), as {@link Tally} counts them. Public
 * for the broker modules' crash tests.
 */
public final class BurstLines {

	private BurstLines() {
	}

	/** The messages whose send returned so far, as {@code <i>}. */
	public static Set<String> sent(PeerProcess sender) {
		Set<String> sent = new HashSet<>();
		for (String line : sender.linesSoFar()) {
			if (line.startsWith(PeerProcess.SAID + "S ")) {
				sent.add(line.substring(PeerProcess.SAID.length() + 2));
			}
		}
		return sent;
	}

	/** Each handling of a message by {@code receivers} so far, as {@code <i>}. */
	public static List<String> received(List<PeerProcess> receivers) {
		List<String> received = new ArrayList<>();
		for (PeerProcess receiver : List.copyOf(receivers)) {
			for (String line : receiver.linesSoFar()) {
				if (line.startsWith(PeerProcess.SAID + "R m-")) {
					received.add(line.substring(PeerProcess.SAID.length() + 4));
				}
			}
		}
		return received;
	}

	/** The sends that failed so far: the sender's {@code E <reason>} lines. */
	public static List<String> errors(PeerProcess sender) {
		return sender.linesSoFar().stream().filter((line) -> line.startsWith(PeerProcess.SAID + "E ")).toList();
	}

	/** A line for the test's output: how far sender and receivers got at {@code what}. */
	public static void progress(String what, PeerProcess sender, List<PeerProcess> receivers, long startedNanos) {
		System.out.println(what + " after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos)
				+ " ms: sent " + sent(sender).size() + ", handled " + received(receivers).size());
	}

}
