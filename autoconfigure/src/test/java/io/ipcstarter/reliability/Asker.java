package io.ipcstarter.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.ipcstarter.testsupport.PeerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Asks an {@link InboxApplication} caller one request at a time and checks what it got:
 * its {@code R <reply>} or {@code E <reason>} line, and the {@code MS <millis>} the call
 * took. The request goes as a line to the process whose output carries the caller's
 * reports (the caller itself, or a parent that passes it on).
 */
final class Asker {

	private final Inbox caller;

	/** How long a failed call may take at most. */
	private final long limitMillis;

	private int calls;

	private long longestFailure;

	private String longestKind = "";

	Asker(Inbox caller, long limitMillis) {
		this.caller = caller;
		this.limitMillis = limitMillis;
	}

	void ask(String request, String reply) throws Exception {
		assertThat(call(request)).as("reply to " + request).isEqualTo("R " + reply);
	}

	/**
	 * Ask, expecting an error with {@code reason} within the limit.
	 * @return how long the call took
	 */
	long fail(String request, String reason) throws Exception {
		assertThat(call(request)).as("error for " + request).isEqualTo("E " + reason);
		long millis = lastMillis();
		if (millis > this.longestFailure) {
			this.longestFailure = millis;
			this.longestKind = request;
		}
		assertThat(millis).as("%s failed within %d ms", request, this.limitMillis)
			.isLessThanOrEqualTo(this.limitMillis);
		return millis;
	}

	/** How long the last call took. */
	long lastMillis() {
		return Long.parseLong(lastSaid("MS "));
	}

	long longestFailure() {
		return this.longestFailure;
	}

	String longestKind() {
		return this.longestKind;
	}

	/** The caller's {@code R <reply>} or {@code E <reason>} line for this request. */
	String call(String request) throws Exception {
		this.calls++;
		this.caller.process().tell(request);
		// polled often: the default 100 ms would be most of a call's time
		await().atMost(Inbox.WAIT)
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(2))
			.until(() -> said("MS ").size() >= this.calls);
		List<String> outcomes = said("R ", "E ");
		return outcomes.get(outcomes.size() - 1);
	}

	private String lastSaid(String prefix) {
		List<String> lines = said(prefix);
		return lines.get(lines.size() - 1).substring(prefix.length());
	}

	private List<String> said(String... prefixes) {
		List<String> out = new ArrayList<>();
		for (String line : this.caller.process().linesSoFar()) {
			for (String prefix : prefixes) {
				if (line.startsWith(PeerProcess.SAID + prefix)) {
					out.add(line.substring(PeerProcess.SAID.length()));
				}
			}
		}
		return out;
	}

}
