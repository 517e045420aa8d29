package io.ipcstarter.integration;

/**
 * Names of the message headers the IPC endpoints set, all prefixed {@code ipc_}.
 */
public final class IpcHeaders {

	/** Prefix of every IPC header. */
	public static final String PREFIX = "ipc_";

	/** Name of the endpoint that received the message. */
	public static final String ENDPOINT = PREFIX + "endpoint";

	/**
	 * Transport id of the endpoint that received the message, e.g. {@code unix-socket}.
	 */
	public static final String TRANSPORT = PREFIX + "transport";

	/**
	 * Description of the peer (connection) the message came from, unique among live
	 * peers.
	 */
	public static final String PEER = PREFIX + "peer";

	/** Process id of the peer, where the operating system tells it. */
	public static final String PEER_PID = PREFIX + "peerPid";

	/** User id of the peer, where the operating system tells it. */
	public static final String PEER_UID = PREFIX + "peerUid";

	/**
	 * Name of the file a message came in (transport {@code file}), relative to the
	 * directory it was read from.
	 */
	public static final String FILE_NAME = PREFIX + "fileName";

	private IpcHeaders() {
	}

}
