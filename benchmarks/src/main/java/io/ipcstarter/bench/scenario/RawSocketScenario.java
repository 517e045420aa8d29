package io.ipcstarter.bench.scenario;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.ipcstarter.bench.Addresses;
import io.ipcstarter.bench.Args;
import io.ipcstarter.bench.Layer;
import io.ipcstarter.bench.Receiver;
import io.ipcstarter.bench.Scenario;
import io.ipcstarter.bench.Sender;
import io.ipcstarter.bench.SinkCounter;

/**
 * Raw JDK baseline for the socket transports: blocking NIO {@link SocketChannel}s
 * (unix-domain or TCP loopback with {@code TCP_NODELAY}), length-prefixed frames, one
 * thread per connection, no allocation per message. One connection for one-way messages,
 * one for request/reply.
 */
final class RawSocketScenario implements Scenario {

	static final int MAX_MESSAGE = 1024 * 1024;

	private final boolean unix;

	RawSocketScenario(boolean unix) {
		this.unix = unix;
	}

	@Override
	public String id() {
		return transport() + "/raw";
	}

	@Override
	public String transport() {
		return this.unix ? "unix-socket" : "tcp";
	}

	@Override
	public Layer layer() {
		return Layer.RAW;
	}

	@Override
	public String description() {
		return this.unix ? "JDK NIO SocketChannel, AF_UNIX" : "JDK NIO SocketChannel, TCP loopback";
	}

	@Override
	public Map<String, String> addresses(Addresses a) {
		return this.unix ? Map.of("sink", a.path("sink.sock"), "echo", a.path("echo.sock"))
				: Map.of("sink", a.tcp(), "echo", a.tcp());
	}

	private SocketAddress address(String text) {
		if (this.unix) {
			return UnixDomainSocketAddress.of(text);
		}
		int colon = text.lastIndexOf(':');
		return new InetSocketAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
	}

	@Override
	public Receiver receiver(Args args) throws IOException {
		SinkCounter counter = new SinkCounter();
		ServerSocketChannel sink = listen(args.get("sink"));
		ServerSocketChannel echo = listen(args.get("echo"));
		daemon("raw-sink", () -> {
			try (FramedChannel channel = new FramedChannel(accept(sink), MAX_MESSAGE)) {
				byte[] scratch = new byte[MAX_MESSAGE];
				int length;
				while ((length = channel.read(scratch)) >= 0) {
					counter.add(length);
				}
			}
		});
		daemon("raw-echo", () -> {
			try (FramedChannel channel = new FramedChannel(accept(echo), MAX_MESSAGE)) {
				int length;
				while ((length = channel.read(null)) >= 0) {
					channel.echoLastFrame(length);
				}
			}
		});
		return new Receiver() {

			@Override
			public SinkCounter counter() {
				return counter;
			}

			@Override
			public void close() throws IOException {
				sink.close();
				echo.close();
			}

		};
	}

	@Override
	public Sender sender(Args args) throws IOException {
		FramedChannel sink = new FramedChannel(connect(args.get("sink")), MAX_MESSAGE);
		FramedChannel echo = new FramedChannel(connect(args.get("echo")), MAX_MESSAGE);
		byte[] reply = new byte[MAX_MESSAGE];
		return new Sender() {

			@Override
			public void send(byte[] payload) throws IOException {
				sink.write(payload, payload.length);
			}

			@Override
			public byte[] request(byte[] payload) throws IOException {
				echo.write(payload, payload.length);
				int length = echo.read(reply);
				// the caller checks the length only: hand back the request's array rather
				// than allocate one
				return (length == payload.length) ? payload : new byte[length];
			}

			@Override
			public void close() throws IOException {
				sink.close();
				echo.close();
			}

		};
	}

	private ServerSocketChannel listen(String text) throws IOException {
		ServerSocketChannel server = ServerSocketChannel
			.open(this.unix ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET);
		if (this.unix) {
			Files.deleteIfExists(Path.of(text));
		}
		server.bind(address(text));
		return server;
	}

	private SocketChannel accept(ServerSocketChannel server) throws IOException {
		SocketChannel channel = server.accept();
		if (!this.unix) {
			channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
		}
		return channel;
	}

	private SocketChannel connect(String text) throws IOException {
		SocketChannel channel = SocketChannel.open(address(text));
		if (!this.unix) {
			channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
		}
		return channel;
	}

	/**
	 * Run a blocking loop on a daemon thread; a failure is printed (the coordinator then
	 * sees no progress).
	 */
	static void daemon(String name, IoTask task) {
		Thread thread = new Thread(() -> {
			try {
				task.run();
			}
			catch (Exception ex) {
				ex.printStackTrace();
			}
		}, name);
		thread.setDaemon(true);
		thread.start();
	}

	/** A loop that may throw. */
	@FunctionalInterface
	interface IoTask {

		void run() throws Exception;

	}

}
