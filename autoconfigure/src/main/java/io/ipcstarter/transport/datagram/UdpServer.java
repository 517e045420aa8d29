package io.ipcstarter.transport.datagram;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcThreads;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Peer;

/**
 * The inbound side of {@code udp}: one socket bound to the address (with
 * {@code udp.multicast-group}: bound to the group and its port, and joined to the group
 * on {@code udp.interface}) and one thread ({@code ipc-<name>-udp-1}, not a daemon: a
 * listening endpoint keeps the JVM alive) that receives each datagram as one message. A
 * datagram larger than the limit is received into a buffer one byte larger than it, so
 * the OS's silent truncation still shows, and reported as {@link ErrorReason#OVERSIZE}; a
 * gateway answers with one datagram to the request's source address. The socket is
 * non-blocking and the thread waits in a selector, so that a stop can wake it without
 * closing the socket: the message in hand finishes and its answer still goes out (within
 * {@link IpcTransport#DRAIN_TIMEOUT}). On Linux the thread also reads the OS's count of
 * datagrams it dropped for the socket ({@link UdpDrops}) and reports new ones as
 * {@link ErrorReason#DROPPED}: at most once per {@link UdpDrops#INTERVAL_NANOS} while
 * datagrams arrive, and once more when they stop, never while the socket is idle.
 */
final class UdpServer implements IpcServer {

	private final EndpointSpec spec;

	private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

	private final UdpOptions options;

	private final @Nullable UdpGroup group;

	private final int limit;

	private volatile @Nullable DatagramChannel channel;

	private volatile @Nullable Selector selector;

	private volatile @Nullable Thread receiver;

	private volatile boolean closed;

	private volatile String address;

	private volatile @Nullable UdpDrops drops;

	UdpServer(EndpointSpec spec, UdpOptions options) {
		this.spec = spec;
		this.options = options;
		this.group = UdpGroup.of(spec, options);
		this.limit = Datagrams.limit(spec);
		this.address = spec.address();
	}

	@Override
	public void start(InboundListener listener) throws IOException {
		if (this.closed) {
			throw new IpcException(ErrorReason.IO, "The udp server of " + this.spec + " is closed");
		}
		UdpGroup group = this.group;
		InetSocketAddress bindTo = (group != null) ? group.socketAddress() : Datagrams.resolve(this.spec);
		DatagramChannel ch;
		try {
			ch = DatagramChannel.open(Datagrams.familyToBind(bindTo));
		}
		// IPv6 off (java.net.preferIPv4Stack), wanted for 127.x.x.255
		catch (UnsupportedOperationException ex) {
			throw new IOException("Cannot bind udp address " + this.spec.address() + " of endpoint '" + this.spec.name()
					+ "': it needs an IPv6 (dual-stack) socket, and this JVM has none (" + ex.getMessage()
					+ "); the JDK will not bind an IPv4 socket to 127.x.x.255", ex);
		}
		Selector sel;
		try {
			if (this.options.getReceiveBufferSize() > 0) {
				ch.setOption(StandardSocketOptions.SO_RCVBUF, this.options.getReceiveBufferSize());
			}
			if (group != null) {
				// every member socket on this host gets its own copy of a group's
				// datagram, so several may share the port; bound to the group itself, a
				// member receives nothing sent to the port otherwise
				ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
				// Windows cannot bind a group
				ch.bind(WINDOWS ? new InetSocketAddress(bindTo.getPort()) : bindTo);
				ch.join(group.group(), group.networkInterface());
			}
			else {
				// no SO_REUSEADDR: on Linux it would let a second server share the port
				// and take half the datagrams
				ch.bind(bindTo);
			}
			ch.configureBlocking(false);
			sel = Selector.open();
			ch.register(sel, SelectionKey.OP_READ);
		}
		catch (IOException ex) {
			ch.close();
			throw new IOException(
					"Cannot bind udp address " + this.spec.address() + " of endpoint '" + this.spec.name() + "'"
							+ ((group != null) ? " or join multicast group " + group.group().getHostAddress()
									+ " on interface " + group.networkInterface().getName() : "")
							+ ": " + ex.getMessage(),
					ex);
		}
		this.address = Datagrams.describe(ch.getLocalAddress());
		this.drops = UdpDrops.find(((InetSocketAddress) ch.getLocalAddress()).getPort());
		this.channel = ch;
		this.selector = sel;
		Thread thread = new IpcThreads(this.spec.name(), "udp", false).newThread(() -> receive(ch, sel, listener));
		this.receiver = thread;
		thread.start();
	}

	private void receive(DatagramChannel ch, Selector sel, InboundListener listener) {
		ByteBuffer buffer = ByteBuffer.allocateDirect(this.limit + 1);
		boolean gateway = this.spec.role().isGateway();
		SocketAddress lastSource = null;
		Peer peer = null;
		UdpDrops drops = this.drops;
		// drops can only have grown while datagrams came: when none did since the last
		// read, the idle socket costs nothing
		boolean arrivedSinceRead = false;
		long nextRead = System.nanoTime() + UdpDrops.INTERVAL_NANOS;
		while (!this.closed) {
			buffer.clear();
			SocketAddress source;
			try {
				if (drops != null && arrivedSinceRead && System.nanoTime() - nextRead >= 0) {
					reportDrops(drops, listener);
					arrivedSinceRead = false;
					nextRead = System.nanoTime() + UdpDrops.INTERVAL_NANOS;
				}
				source = ch.receive(buffer);
				// nothing waits: sleep until something does, or close() wakes us, or
				// (after datagrams came) it is time to read the drop count
				if (source == null) {
					if (drops != null && arrivedSinceRead) {
						sel.select(Math.max(1, (nextRead - System.nanoTime()) / 1_000_000));
					}
					else {
						sel.select();
					}
					sel.selectedKeys().clear();
					continue;
				}
				arrivedSinceRead = true;
			}
			catch (ClosedChannelException | ClosedSelectorException ex) {
				return;
			}
			catch (IOException ex) {
				if (this.closed) {
					return;
				}
				listener.onError(ErrorReason.IO, ex, null);
				continue;
			}
			// one Peer per sender in a row, not per datagram
			if (!source.equals(lastSource)) {
				lastSource = source;
				peer = Peer.of(Datagrams.describe(source));
			}
			buffer.flip();
			if (buffer.remaining() > this.limit) {
				listener.onError(ErrorReason.OVERSIZE, new IpcException(ErrorReason.OVERSIZE, "A datagram from "
						+ peer.id() + " is larger than max-message-size (" + this.limit + " bytes); dropped"), peer);
				continue;
			}
			byte[] payload = new byte[buffer.remaining()];
			buffer.get(payload);
			InboundListener.Reply reply = gateway ? new DatagramReply(ch, source) : InboundListener.Reply.NONE;
			try {
				listener.onMessage(payload, peer, reply);
			}
			catch (Exception ex) {
				// an IOException is the transport's own failure (a reply that could not
				// be sent); anything else the application's. The caller of a failed
				// request learns nothing: it times out
				listener.onError((ex instanceof IOException) ? IpcException.reasonOf(ex) : ErrorReason.HANDLER, ex,
						peer);
			}
		}
	}

	private void reportDrops(UdpDrops drops, InboundListener listener) {
		long count = drops.newDrops();
		if (count > 0) {
			listener.onDropped(count,
					new IpcException(ErrorReason.DROPPED, "The OS dropped " + count + " datagram"
							+ ((count == 1) ? "" : "s") + " sent to " + this.address
							+ " (its receive buffer was full: raise udp.receive-buffer-size, or handle faster)"));
		}
	}

	/**
	 * The OS's receive buffer of the bound socket, in bytes (for tests); -1 before start
	 * or after close.
	 */
	int receiveBufferSize() {
		DatagramChannel ch = this.channel;
		try {
			return (ch != null && ch.isOpen()) ? ch.getOption(StandardSocketOptions.SO_RCVBUF) : -1;
		}
		catch (IOException ex) {
			return -1;
		}
	}

	@Override
	public String address() {
		return this.address;
	}

	@Override
	public void close() {
		this.closed = true;
		Selector sel = this.selector;
		if (sel != null) {
			sel.wakeup();
		}
		// the message in hand finishes, its answer included, within the grace period;
		// then the socket closes
		Thread thread = this.receiver;
		if (thread != null && thread != Thread.currentThread()) {
			try {
				thread.join(TimeUnit.MILLISECONDS.convert(IpcTransport.DRAIN_TIMEOUT));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		closeQuietly(sel);
		closeQuietly(this.channel);
	}

	private static void closeQuietly(@Nullable AutoCloseable closeable) {
		if (closeable != null) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				// closing: nothing left to do with it
			}
		}
	}

	/**
	 * The answer to one request: a datagram from the server's socket to where the request
	 * came from.
	 */
	private record DatagramReply(DatagramChannel channel, SocketAddress to) implements InboundListener.Reply {

		@Override
		public void send(byte[] payload) throws IOException {
			if (payload.length > Datagrams.MAX_PAYLOAD) {
				throw new IpcException(ErrorReason.OVERSIZE,
						"A reply of " + payload.length + " bytes to " + Datagrams.describe(this.to)
								+ " does not fit in a UDP datagram (at most " + Datagrams.MAX_PAYLOAD + " bytes)");
			}
			// non-blocking: 0 only when the socket's send buffer is full, which a
			// datagram cannot wait out here
			if (this.channel.send(ByteBuffer.wrap(payload), this.to) == 0) {
				throw new IpcException(ErrorReason.IO, "The send buffer of the udp socket is full: the answer to "
						+ Datagrams.describe(this.to) + " was dropped");
			}
		}

	}

}
