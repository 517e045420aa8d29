package io.ipcstarter.transport.contract;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.TransportOptions;

/**
 * A contract suite's {@link IpcTransportContractTests#clientTransport() client transport}
 * whose clients live in a second JVM ({@link ClientPeerMain}, started on first use, one
 * per suite class): each client of the suite is a real client of {@code transport} in
 * that process, driven over its standard input. So server and clients are two processes,
 * as between two programs; and a transport that ignores its own process's writes (the
 * clipboard) can run the suite at all. Calls are serialized over the one pipe, so the
 * suite's concurrent tests send from many threads but one at a time.
 */
final class ClientsInAnotherProcess implements IpcTransport, AutoCloseable {

	private static final Duration ANSWER = Duration.ofSeconds(60);

	private final IpcTransport transport;

	private final Function<EndpointSpec, List<String>> options;

	private final AtomicInteger ids = new AtomicInteger();

	private @Nullable PeerProcess peer;

	/**
	 * @param transport the transport whose clients the second JVM holds
	 * @param options a spec's transport options as {@code key=value} words for
	 * {@link ClientPeerMain}
	 */
	ClientsInAnotherProcess(IpcTransport transport, Function<EndpointSpec, List<String>> options) {
		this.transport = transport;
		this.options = options;
	}

	@Override
	public String id() {
		return this.transport.id();
	}

	@Override
	public Set<Role> roles() {
		return this.transport.roles();
	}

	@Override
	public @Nullable Class<? extends TransportOptions<?>> optionsType() {
		return this.transport.optionsType();
	}

	@Override
	public void validate(EndpointSpec spec) throws InvalidEndpointException {
		this.transport.validate(spec);
	}

	@Override
	public IpcServer createServer(EndpointSpec spec) {
		throw new UnsupportedOperationException("servers run in the test's process");
	}

	@Override
	public IpcClient createClient(EndpointSpec spec) {
		String id = String.valueOf(this.ids.incrementAndGet());
		List<String> words = new ArrayList<>(List.of("open", id, spec.transport(), spec.role().name(), spec.address(),
				String.valueOf(spec.sendTimeout().toMillis()), String.valueOf(spec.replyTimeout().toMillis()),
				String.valueOf(spec.maxMessageSize())));
		words.addAll(this.options.apply(spec));
		return new RemoteClient(id, spec.address(), String.join(" ", words));
	}

	/** One command and its answer; the answer's words after {@code ok}. */
	private synchronized String call(String command) throws IOException {
		PeerProcess running = this.peer;
		if (running == null || !running.isAlive()) {
			running = PeerProcess.java(ClientPeerMain.class);
			this.peer = running;
		}
		running.tell(command);
		String said;
		try {
			said = running.awaitLine(PeerProcess.SAID, ANSWER).substring(PeerProcess.SAID.length());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", ex);
		}
		if (said.equals("ok") || said.startsWith("ok ")) {
			return said.substring(2).trim();
		}
		// "failed REASON MESSAGE": the client's own failure, reason and all
		String[] parts = said.split(" ", 3);
		ErrorReason reason = Arrays.stream(ErrorReason.values())
			.filter((r) -> r.tag().equals(parts[1]))
			.findFirst()
			.orElse(ErrorReason.IO);
		throw new IpcException(reason, (parts.length > 2) ? parts[2] : said);
	}

	@Override
	public synchronized void close() throws InterruptedException {
		if (this.peer != null) {
			this.peer.close();
			this.peer = null;
		}
	}

	/** A client in the second JVM. */
	private final class RemoteClient implements IpcClient {

		private final String id;

		private final String address;

		private boolean opened;

		private boolean closed;

		private final String open;

		RemoteClient(String id, String address, String open) {
			this.id = id;
			this.address = address;
			this.open = open;
		}

		private synchronized void ensureOpen() throws IOException {
			if (this.closed) {
				throw new IpcException(ErrorReason.IO, "client " + this.id + " is closed");
			}
			if (!this.opened) {
				call(this.open);
				this.opened = true;
			}
		}

		@Override
		public void send(byte[] payload) throws IOException {
			ensureOpen();
			call("send " + this.id + " " + HexFormat.of().formatHex(payload));
		}

		@Override
		public byte[] request(byte[] payload) throws IOException {
			ensureOpen();
			return HexFormat.of().parseHex(call("request " + this.id + " " + HexFormat.of().formatHex(payload)));
		}

		@Override
		public String address() {
			return this.address;
		}

		@Override
		public synchronized void close() {
			if (this.opened && !this.closed) {
				try {
					call("close " + this.id);
				}
				catch (IOException ex) {
					// the peer is gone: so is the client
				}
			}
			this.closed = true;
		}

	}

}
