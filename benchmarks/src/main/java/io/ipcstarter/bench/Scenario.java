package io.ipcstarter.bench;

import java.util.Map;

/**
 * One row of the results: a way of moving messages between two processes. The coordinator
 * asks it for addresses, then starts {@link #receiver} in one child JVM and
 * {@link #sender} in another with those addresses. Implementations are stateless; see
 * {@link io.ipcstarter.bench.scenario.Scenarios} for the list.
 */
public interface Scenario {

	/**
	 * Unique id, used on the child command line and in the CSV, e.g.
	 * {@code unix-socket/spi}.
	 */
	String id();

	/** The IPC mechanism, e.g. {@code unix-socket}; rows are grouped by it. */
	String transport();

	Layer layer();

	/**
	 * What this row is, for the table, e.g. {@code NIO SocketChannel} or
	 * {@code Aeron IPC, busy-spin}.
	 */
	String description();

	/**
	 * Why this scenario cannot run here (e.g. its transport is not on the class path), or
	 * {@code null}.
	 */
	default String unavailableReason() {
		return null;
	}

	/** The largest message this row carries; the harness measures no size above it. */
	default int maxMessageSize() {
		return Integer.MAX_VALUE;
	}

	/**
	 * Whether this row has request/reply; without it only one-way throughput is measured.
	 */
	default boolean roundTrip() {
		return true;
	}

	/**
	 * Allocate what the two sides need (socket paths, ports, file names) as
	 * {@code key=value} arguments.
	 */
	Map<String, String> addresses(Addresses addresses);

	/** Start the receiving side; returns once senders can connect. */
	Receiver receiver(Args args) throws Exception;

	/** Start the sending side; the receiver is up. */
	Sender sender(Args args) throws Exception;

}
