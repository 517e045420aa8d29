package io.ipcstarter.transport.pipe;

import java.io.IOException;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.socket.UnixSocketTransport;

/**
 * Named pipes on Linux and macOS: the {@code unix-socket} transport at
 * {@code <directory>/<name>.sock} ({@link PipeDirectory}), so framing, peer uid checks,
 * stale-file handling and clean-up are the socket transport's own. Only the directory is
 * checked here.
 */
final class UnixPipes {

	private final UnixSocketTransport sockets = new UnixSocketTransport();

	/**
	 * The spec with the address replaced by the socket path (validated by the socket
	 * transport).
	 */
	EndpointSpec socketSpec(EndpointSpec spec) {
		PipeDirectory directory = PipeDirectory.of(spec.option(NamedPipeOptions.class));
		EndpointSpec socketSpec = spec.toBuilder().address(directory.socketPath(PipeName.of(spec)).toString()).build();
		this.sockets.validate(socketSpec);
		return socketSpec;
	}

	IpcServer createServer(EndpointSpec spec) {
		EndpointSpec socketSpec = socketSpec(spec);
		PipeDirectory directory = PipeDirectory.of(spec.option(NamedPipeOptions.class));
		IpcServer server = this.sockets.createServer(socketSpec);
		return new IpcServer() {

			@Override
			public void start(InboundListener listener) throws IOException {
				directory.secure(true);
				server.start(listener);
			}

			@Override
			public int peerCount() {
				return server.peerCount();
			}

			@Override
			public String address() {
				return server.address();
			}

			@Override
			public void close() {
				server.close();
			}

		};
	}

	IpcClient createClient(EndpointSpec spec) {
		EndpointSpec socketSpec = socketSpec(spec);
		PipeDirectory directory = PipeDirectory.of(spec.option(NamedPipeOptions.class));
		IpcClient client = this.sockets.createClient(socketSpec);
		return new IpcClient() {

			@Override
			public void send(byte[] payload) throws IOException {
				directory.secure(false);
				client.send(payload);
			}

			@Override
			public byte[] request(byte[] payload) throws IOException {
				directory.secure(false);
				return client.request(payload);
			}

			@Override
			public int peerCount() {
				return client.peerCount();
			}

			@Override
			public String address() {
				return client.address();
			}

			@Override
			public void close() {
				client.close();
			}

		};
	}

}
