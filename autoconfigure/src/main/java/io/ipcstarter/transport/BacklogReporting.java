package io.ipcstarter.transport;

import org.jspecify.annotations.Nullable;

/**
 * What an inbound transport can tell about the messages waiting for its server (see
 * {@link IpcServer#backlog()} and {@link IpcServer#oldestWaitingMillis()}), known before
 * any server exists so that meters are registered only where they mean something.
 *
 * @param unit the unit of {@link IpcServer#backlog()} ({@link #BYTES} or
 * {@link #MESSAGES}), or {@code null} when the transport has no queue it can measure
 * @param age whether the server can tell the age of the oldest waiting message
 */
public record BacklogReporting(@Nullable String unit, boolean age) {

	/** The backlog is counted in bytes (a ring's unread span). */
	public static final String BYTES = "bytes";

	/** The backlog is counted in messages (files waiting). */
	public static final String MESSAGES = "messages";

	/** Neither backlog nor age: the default of every transport. */
	public static final BacklogReporting NONE = new BacklogReporting(null, false);

	/** Whether the server can tell its backlog. */
	public boolean backlog() {
		return this.unit != null;
	}

}
