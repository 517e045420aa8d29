package io.ipcstarter.transport.datagram;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.Durations;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.HostPort;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;

/**
 * The outbound side of {@code udp}. A one-way endpoint sends every message from one
 * socket: to the address, to the broadcast address it names (with {@code udp.broadcast}),
 * or to {@code udp.multicast-group} on its port, from {@code udp.interface} with
 * {@code udp.ttl}. A gateway keeps up to {@code pool-size} sockets, each with at most one
 * request outstanding, so the next datagram a socket receives from the peer's address is
 * its reply (datagrams from anywhere else are dropped). A socket whose request timed out
 * is closed, never reused: a late reply then meets a closed port and is discarded by the
 * OS, so it can never be taken for the answer to a later request. A lost request or reply
 * is a {@link ErrorReason#TIMEOUT} after {@code reply-timeout}.
 */
final class UdpClient implements IpcClient {

	private final EndpointSpec spec;

	private final int limit;

	private final InetSocketAddress target;

	private final UdpOptions options;

	private final @Nullable UdpGroup group;

	private final Object oneWayLock = new Object();

	private @Nullable DatagramChannel oneWay;

	private final Semaphore permits;

	private final ConcurrentLinkedQueue<RequestSocket> idle = new ConcurrentLinkedQueue<>();

	private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();

	private volatile boolean closed;

	UdpClient(EndpointSpec spec, UdpOptions options) {
		this.spec = spec;
		this.limit = Datagrams.limit(spec);
		this.options = options;
		this.group = UdpGroup.of(spec, options);
		this.target = (this.group != null) ? this.group.socketAddress() : Datagrams.resolve(spec);
		this.permits = new Semaphore(spec.poolSize());
	}

	@Override
	public void send(byte[] payload) throws IOException {
		checkSize(payload.length);
		DatagramChannel ch;
		synchronized (this.oneWayLock) {
			checkOpen();
			ch = this.oneWay;
			if (ch == null) {
				ch = openSocket();
				this.oneWay = ch;
			}
		}
		// a blocking send returns once the OS has the datagram; on loopback that is once
		// the receiver's buffer has it, or the OS dropped it because that buffer was full
		try {
			ch.send(ByteBuffer.wrap(payload), this.target);
		}
		catch (SocketException ex) {
			throw refused(ex);
		}
	}

	/**
	 * A send the OS refused. Linux says only "Permission denied" (EACCES) when the
	 * address is a broadcast address and SO_BROADCAST is off: say which key turns it on.
	 */
	private IOException refused(SocketException ex) {
		if (this.options.isBroadcast() || this.group != null || !String.valueOf(ex.getMessage()).contains("denied")) {
			return ex;
		}
		return new IpcException(ErrorReason.IO,
				"Cannot send to udp " + address() + " from endpoint '" + this.spec.name() + "': " + ex.getMessage()
						+ ". If " + address()
						+ " is a broadcast address, set udp.broadcast: true to send to every host that it reaches",
				ex);
	}

	@Override
	public byte[] request(byte[] payload) throws IOException {
		checkSize(payload.length);
		checkOpen();
		try {
			if (!this.permits.tryAcquire(this.spec.sendTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
				throw new IpcException(ErrorReason.TIMEOUT,
						"No free socket (pool-size " + this.spec.poolSize() + ") to send to udp " + address()
								+ " within send-timeout " + Durations.simple(this.spec.sendTimeout()));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IpcException(ErrorReason.IO, "Interrupted while waiting for a socket to " + address(), ex);
		}
		RequestSocket socket = null;
		boolean reusable = false;
		try {
			socket = this.idle.poll();
			if (socket == null) {
				socket = new RequestSocket(openSocket());
				this.open.add(socket);
			}
			byte[] reply = socket.exchange(payload);
			reusable = true;
			return reply;
		}
		finally {
			if (socket != null) {
				if (reusable && !this.closed) {
					this.idle.add(socket);
				}
				else {
					this.open.remove(socket);
					socket.close();
				}
			}
			this.permits.release();
		}
	}

	private DatagramChannel openSocket() throws IOException {
		DatagramChannel ch = DatagramChannel.open(Datagrams.family(this.target));
		try {
			UdpGroup group = this.group;
			if (group != null) {
				ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, group.networkInterface());
				// 0 (the default): the OS loops the datagram back to members on this host
				// and puts nothing on the wire, whatever the interface
				ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, this.options.getTtl());
				ch.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
				// from the interface's own address when it is loopback, so no other
				// machine can reach the socket
				ch.bind(new InetSocketAddress(group.networkInterface().isLoopback() ? group.interfaceAddress() : null,
						0));
			}
			else {
				ch.setOption(StandardSocketOptions.SO_BROADCAST, this.options.isBroadcast());
				ch.bind(new InetSocketAddress(source(this.target.getAddress()), 0));
			}
		}
		catch (IOException ex) {
			ch.close();
			throw ex;
		}
		return ch;
	}

	/**
	 * Where a socket sending to {@code peer} binds: loopback when the peer is there, so
	 * no other machine can reach the socket at all (127.0.0.1 for lo's broadcast address,
	 * which the JDK will not bind: see {@link Datagrams}); otherwise every interface
	 * ({@code null}).
	 */
	private static @Nullable InetAddress source(InetAddress peer) throws IOException {
		if (Datagrams.isLoopbackBroadcast(peer)) {
			return InetAddress.getByName(HostPort.LOOPBACK);
		}
		return peer.isLoopbackAddress() ? peer : null;
	}

	private void checkSize(int length) throws IpcException {
		if (length > this.limit) {
			throw new IpcException(ErrorReason.OVERSIZE,
					"A message of " + length + " bytes is larger than the "
							+ ((this.limit == Datagrams.MAX_PAYLOAD)
									? "largest UDP datagram (" + Datagrams.MAX_PAYLOAD + " bytes)"
									: "max-message-size (" + this.limit + " bytes)")
							+ " and is not sent to udp " + address() + " by endpoint '" + this.spec.name() + "'");
		}
	}

	private void checkOpen() throws IpcException {
		if (this.closed) {
			throw new IpcException(ErrorReason.IO, "The udp client of endpoint '" + this.spec.name() + "' is closed");
		}
	}

	@Override
	public int peerCount() {
		return this.open.size() + ((this.oneWay != null) ? 1 : 0);
	}

	@Override
	public String address() {
		return Datagrams.describe(this.target);
	}

	@Override
	public void close() {
		this.closed = true;
		synchronized (this.oneWayLock) {
			closeQuietly(this.oneWay);
			this.oneWay = null;
		}
		for (AutoCloseable socket : this.open) {
			closeQuietly(socket);
		}
		this.open.clear();
		this.idle.clear();
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
	 * One socket of a gateway's pool: non-blocking, with a selector of its own for timed
	 * waits.
	 */
	private final class RequestSocket implements AutoCloseable {

		private final DatagramChannel channel;

		private final Selector selector;

		private final ByteBuffer buffer;

		RequestSocket(DatagramChannel channel) throws IOException {
			this.channel = channel;
			try {
				channel.configureBlocking(false);
				this.selector = Selector.open();
				channel.register(this.selector, SelectionKey.OP_READ);
			}
			catch (IOException ex) {
				channel.close();
				throw ex;
			}
			this.buffer = ByteBuffer.allocateDirect(UdpClient.this.limit + 1);
		}

		byte[] exchange(byte[] payload) throws IOException {
			discardStray();
			long sendDeadline = System.nanoTime() + UdpClient.this.spec.sendTimeout().toNanos();
			ByteBuffer out = ByteBuffer.wrap(payload);
			// non-blocking: 0 when the socket's send buffer is full; wait for room within
			// send-timeout
			while (this.channel.send(out, UdpClient.this.target) == 0) {
				if (System.nanoTime() - sendDeadline >= 0) {
					throw new IpcException(ErrorReason.TIMEOUT, "Could not send to udp " + address()
							+ " within send-timeout " + Durations.simple(UdpClient.this.spec.sendTimeout()));
				}
				// rare (a full send buffer) and short: no selector for it
				LockSupport.parkNanos(100_000);
			}
			long deadline = System.nanoTime() + UdpClient.this.spec.replyTimeout().toNanos();
			while (true) {
				long left = deadline - System.nanoTime();
				if (left <= 0 || this.selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))) == 0) {
					if (UdpClient.this.closed) {
						throw new ClosedChannelException();
					}
					if (deadline - System.nanoTime() <= 0) {
						throw new IpcException(ErrorReason.TIMEOUT, "No reply from udp " + address()
								+ " within reply-timeout " + Durations.simple(UdpClient.this.spec.replyTimeout()));
					}
					continue;
				}
				this.selector.selectedKeys().clear();
				byte[] reply = receiveFromPeer();
				if (reply != null) {
					return reply;
				}
			}
		}

		/**
		 * The datagram waiting, if it came from the peer; {@code null} when none waits or
		 * it came from elsewhere.
		 */
		private byte @Nullable [] receiveFromPeer() throws IOException {
			this.buffer.clear();
			SocketAddress source = this.channel.receive(this.buffer);
			if (source == null || !source.equals(UdpClient.this.target)) {
				return null;
			}
			this.buffer.flip();
			if (this.buffer.remaining() > UdpClient.this.limit) {
				throw new IpcException(ErrorReason.OVERSIZE, "The reply from udp " + address()
						+ " is larger than max-message-size (" + UdpClient.this.limit + " bytes)");
			}
			byte[] reply = new byte[this.buffer.remaining()];
			this.buffer.get(reply);
			return reply;
		}

		/**
		 * Drop whatever waits before a request: it cannot be the reply to a request not
		 * sent yet.
		 */
		private void discardStray() throws IOException {
			this.buffer.clear();
			while (this.channel.receive(this.buffer) != null) {
				this.buffer.clear();
			}
		}

		@Override
		public void close() {
			closeQuietly(this.selector);
			closeQuietly(this.channel);
		}

	}

}
