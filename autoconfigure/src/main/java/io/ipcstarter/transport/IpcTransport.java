package io.ipcstarter.transport;

import java.time.Duration;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * One IPC mechanism: a factory for servers and clients from an {@link EndpointSpec}.
 * Stateless and thread-safe. Implementations are found with
 * {@link java.util.ServiceLoader} (see {@link Transports}): adding a transport is one
 * package and one line in {@code META-INF/services/io.ipcstarter.transport.IpcTransport}.
 */
public interface IpcTransport {

	/**
	 * How long stopping an endpoint lets the work in flight finish (messages being
	 * handled by a server, calls made through a client) before it closes connections or
	 * resources under it. One grace period for every transport and both directions, so a
	 * stop is bounded the same way everywhere.
	 */
	Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

	/** The id users write as {@code transport:}, e.g. {@code unix-socket}. */
	String id();

	/** The roles this transport can play. */
	Set<Role> roles();

	/**
	 * Why this transport cannot play a role that {@link #roles()} leaves out, and what to
	 * use instead, for the start-up error; {@code null} to say only which roles it has.
	 */
	default @Nullable String roleRefusal(Role role) {
		return null;
	}

	/**
	 * Whether its one-way endpoints can run with {@code delivery: acknowledged}: a duplex
	 * stream transport built on {@code transport.stream}, whose receiver can write an
	 * acknowledgement back on the connection a message came on. {@code false} by default.
	 */
	default boolean acknowledgedDelivery() {
		return false;
	}

	/**
	 * Why this transport cannot work on the running platform, naming the portable
	 * alternative; {@code null} when it can.
	 */
	default @Nullable String unsupportedReason() {
		return null;
	}

	/**
	 * The type of this transport's own settings, which YAML binds from
	 * {@code ipc.endpoints.<name>.<id>.*} and code passes to
	 * {@link EndpointSpec.Builder#option}; {@code null} when it has none.
	 */
	default @Nullable Class<? extends TransportOptions<?>> optionsType() {
		return null;
	}

	/**
	 * Check an endpoint's transport-specific settings (the address above all) before
	 * anything is opened.
	 * @throws InvalidEndpointException naming the property that is wrong and how to fix
	 * it
	 */
	void validate(EndpointSpec spec) throws InvalidEndpointException;

	/**
	 * What this transport's servers for an inbound endpoint can tell about the messages
	 * waiting for them; {@link BacklogReporting#NONE} by default.
	 */
	default BacklogReporting backlogReporting(EndpointSpec spec) {
		return BacklogReporting.NONE;
	}

	/**
	 * Whether this endpoint's connections wait inside native calls (JNA) rather than in
	 * JDK I/O. Such a wait keeps a virtual thread pinned to its carrier for as long as it
	 * lasts, and a few idle connections would take every carrier, so these endpoints keep
	 * platform threads when the application asks for virtual ones. {@code false} by
	 * default.
	 */
	default boolean blocksInNativeCalls(EndpointSpec spec) {
		return false;
	}

	/** A server for an inbound role; not started. */
	/**
	 * Names of message headers whose values this transport uses per outbound message (for
	 * example {@code ipc_messageType}); the endpoint hands the values present on a
	 * message to {@link IpcClient#send(byte[], java.util.Map)}. None by default.
	 */
	default Set<String> outboundAttributes() {
		return Set.of();
	}

	IpcServer createServer(EndpointSpec spec);

	/** A client for an outbound role; connects lazily. */
	IpcClient createClient(EndpointSpec spec);

}
