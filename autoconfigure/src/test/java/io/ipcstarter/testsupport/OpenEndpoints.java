package io.ipcstarter.testsupport;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;

/**
 * The servers, clients and peers one transport test opened, closed together after it
 * ({@code @AfterEach}): clients and peers first, newest first, so that no client is left
 * talking to a closed server; then the servers, in the order they were started.
 */
public final class OpenEndpoints implements AutoCloseable {

	private final @Nullable IpcTransport transport;

	private final List<AutoCloseable> toClose = new ArrayList<>();

	public OpenEndpoints(IpcTransport transport) {
		this.transport = transport;
	}

	/**
	 * Only the close list ({@link #closeFirst}, {@link #closeLast}), for a test that
	 * opens its clients and servers itself.
	 */
	public OpenEndpoints() {
		this.transport = null;
	}

	/** Validate {@code spec}, then start a server on it with a new listener. */
	public RecordingListener startServer(EndpointSpec spec) throws Exception {
		RecordingListener listener = new RecordingListener();
		startServer(spec, listener);
		return listener;
	}

	/** Validate {@code spec}, then start a server on it with {@code listener}. */
	public IpcServer startServer(EndpointSpec spec, InboundListener listener) throws Exception {
		transport().validate(spec);
		IpcServer server = closeLast(transport().createServer(spec));
		server.start(listener);
		return server;
	}

	/** Validate {@code spec}, then create a client on it. */
	public IpcClient client(EndpointSpec spec) {
		transport().validate(spec);
		return closeFirst(transport().createClient(spec));
	}

	private IpcTransport transport() {
		if (this.transport == null) {
			throw new IllegalStateException("No transport: new OpenEndpoints(transport) starts servers and clients");
		}
		return this.transport;
	}

	/** Close {@code opened} after the test before everything opened so far. */
	public <T extends AutoCloseable> T closeFirst(T opened) {
		this.toClose.add(0, opened);
		return opened;
	}

	/** Close {@code opened} after the test after everything opened so far. */
	public <T extends AutoCloseable> T closeLast(T opened) {
		this.toClose.add(opened);
		return opened;
	}

	@Override
	public void close() throws Exception {
		for (AutoCloseable c : this.toClose) {
			c.close();
		}
	}

}
