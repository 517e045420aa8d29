package io.ipcstarter.transport;

import org.jspecify.annotations.Nullable;

/**
 * The process on the other side of a connection, as far as the operating system tells us.
 *
 * @param id a description unique among the endpoint's live peers, e.g. {@code unix#3} or
 * {@code 127.0.0.1:51234}
 * @param pid the peer's process id, or {@code null} where the OS does not tell
 * @param uid the peer's user id, or {@code null} where the OS does not tell
 */
public record Peer(String id, @Nullable Integer pid, @Nullable Integer uid) {

	/** A peer known only by a description. */
	public static Peer of(String id) {
		return new Peer(id, null, null);
	}

}
