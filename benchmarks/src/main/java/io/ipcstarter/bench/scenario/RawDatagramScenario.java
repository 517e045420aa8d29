package io.ipcstarter.bench.scenario;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Map;

import io.ipcstarter.bench.Addresses;
import io.ipcstarter.bench.Args;
import io.ipcstarter.bench.Layer;
import io.ipcstarter.bench.Receiver;
import io.ipcstarter.bench.Scenario;
import io.ipcstarter.bench.Sender;
import io.ipcstarter.bench.SinkCounter;

/**
 * Raw JDK baseline for {@code udp}: blocking {@link DatagramChannel}s on loopback, one
 * datagram per message, direct buffers allocated once, the receiver copying each payload
 * into a reusable array. One socket pair for one-way messages, one for request/reply (the
 * echo answers to the address each request came from). UDP has no back-pressure: a
 * datagram that finds the receiver's buffer full is dropped, so one-way rates are what
 * the receiver counted, never what was sent.
 */
final class RawDatagramScenario implements Scenario {

	/** The largest UDP payload over IPv4. */
	static final int MAX_DATAGRAM = 65_507;

	@Override
	public String id() {
		return "udp/raw";
	}

	@Override
	public String transport() {
		return "udp";
	}

	@Override
	public Layer layer() {
		return Layer.RAW;
	}

	@Override
	public String description() {
		return "JDK NIO DatagramChannel, loopback";
	}

	@Override
	public int maxMessageSize() {
		return MAX_DATAGRAM;
	}

	@Override
	public Map<String, String> addresses(Addresses a) {
		return Map.of("sink", a.udp(), "echo", a.udp());
	}

	private static InetSocketAddress address(String text) {
		int colon = text.lastIndexOf(':');
		return new InetSocketAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
	}

	@Override
	public Receiver receiver(Args args) throws IOException {
		SinkCounter counter = new SinkCounter();
		DatagramChannel sink = DatagramChannel.open(StandardProtocolFamily.INET).bind(address(args.get("sink")));
		DatagramChannel echo = DatagramChannel.open(StandardProtocolFamily.INET).bind(address(args.get("echo")));
		daemon("raw-udp-sink", () -> {
			ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM + 1);
			byte[] scratch = new byte[MAX_DATAGRAM + 1];
			while (true) {
				buffer.clear();
				sink.receive(buffer);
				buffer.flip();
				int length = buffer.remaining();
				buffer.get(scratch, 0, length);
				counter.add(length);
			}
		});
		daemon("raw-udp-echo", () -> {
			ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM + 1);
			while (true) {
				buffer.clear();
				SocketAddress from = echo.receive(buffer);
				buffer.flip();
				echo.send(buffer, from);
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
		DatagramChannel sink = DatagramChannel.open(StandardProtocolFamily.INET).connect(address(args.get("sink")));
		DatagramChannel echo = DatagramChannel.open(StandardProtocolFamily.INET).connect(address(args.get("echo")));
		ByteBuffer out = ByteBuffer.allocateDirect(MAX_DATAGRAM);
		ByteBuffer in = ByteBuffer.allocateDirect(MAX_DATAGRAM + 1);
		return new Sender() {

			/**
			 * The echo's bytes, reused while the size stays (the caller checks its
			 * length).
			 */
			private byte[] reply = new byte[0];

			@Override
			public void send(byte[] payload) throws IOException {
				out.clear();
				out.put(payload).flip();
				sink.write(out);
			}

			@Override
			public byte[] request(byte[] payload) throws IOException {
				out.clear();
				out.put(payload).flip();
				echo.write(out);
				in.clear();
				// one outstanding request on loopback: a lost one would hang the window,
				// and fail it
				echo.read(in);
				in.flip();
				int length = in.remaining();
				if (this.reply.length != length) {
					this.reply = new byte[length];
				}
				in.get(this.reply);
				return this.reply;
			}

			@Override
			public void close() throws IOException {
				sink.close();
				echo.close();
			}

		};
	}

	/** A loop that ends when its channel is closed. */
	@FunctionalInterface
	private interface Loop {

		void run() throws IOException;

	}

	private static void daemon(String name, Loop loop) {
		Thread thread = new Thread(() -> {
			try {
				loop.run();
			}
			catch (ClosedChannelException ex) {
				// closed by Receiver.close
			}
			catch (IOException ex) {
				System.err.println(name + ": " + ex);
			}
		}, name);
		thread.setDaemon(true);
		thread.start();
	}

}
