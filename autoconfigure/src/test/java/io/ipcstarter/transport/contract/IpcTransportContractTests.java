package io.ipcstarter.transport.contract;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What every {@link IpcTransport} promises at the SPI level ({@link IpcServer} /
 * {@link IpcClient}), whatever the mechanism. A transport proves it with a thin subclass
 * that says how to make an address and, where the transport can do it, how to push raw
 * bytes at a server.
 * <p>
 * Hooks for subclasses:
 * <ul>
 * <li>{@link #transport()} and {@link #newAddress()} (required);</li>
 * <li>{@link #serverSpec} / {@link #clientSpec} to add transport options to the
 * specs;</li>
 * <li>{@link #clientTransport()} when the suite's clients are of another transport than
 * its servers (a server whose peer is a child process is reached through that
 * child);</li>
 * <li>{@link #clientAddress(IpcServer)} when a client reaches a server by another address
 * than the one it reports (default: {@link IpcServer#address()}, which for {@code tcp}
 * port 0 carries the real port);</li>
 * <li>{@link #absentAddress()}: an address where no server is;</li>
 * <li>capability flags ({@link #supportsGateways()}, {@link #supportsOneWay()},
 * {@link #isConnectionOriented()}, {@link #usesLengthPrefixFraming()},
 * {@link #hasExclusiveAddress()}, {@link #peersShareOneStream()},
 * {@link #promisesDeliveryInOrder()}, {@link #holdsOnlyTheLatestMessage()},
 * {@link #sendFailsWithoutPeer()}, {@link #serverCanFailTheCaller()}): a test that does
 * not apply is skipped with a reason, never passed silently; {@link #largePayloadSize()}
 * for a transport whose messages are small by nature;</li>
 * <li>{@link #injectRaw(IpcServer, byte[])}: deliver raw bytes/records to the inbound
 * side as a misbehaving peer would (for stream transports: write them to a fresh
 * connection and close it).</li>
 * </ul>
 * Timeouts used here are short (500 ms) so the suite stays fast; every wait is bounded.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class IpcTransportContractTests {

	/** Short send/reply timeout for tests that wait for a timeout. */
	protected static final Duration SHORT = Duration.ofMillis(500);

	/** The {@code max-message-size} of the servers in the oversize tests. */
	protected static final int SMALL_LIMIT = 1024;

	private final List<AutoCloseable> opened = new ArrayList<>();

	// ---- hooks
	// --------------------------------------------------------------------------------------------------

	/** The transport under test. */
	protected abstract IpcTransport transport();

	/** An address for a new server that no other server in this test uses. */
	protected abstract String newAddress() throws IOException;

	/** An address no server listens on, for a client to fail against. */
	protected abstract String absentAddress() throws IOException;

	/**
	 * Write these raw bytes (not a payload: exactly what the wire or store would carry)
	 * to the server's inbound side as one fresh misbehaving peer, then end that peer
	 * (close the connection, finish the record). Skips the test by default.
	 */
	protected void injectRaw(IpcServer server, byte[] raw) throws Exception {
		Assumptions.abort(transport().id() + " has no way to inject raw bytes in this suite");
	}

	/**
	 * The spec of a server; override to add options (keep the given role, address and
	 * limit).
	 */
	protected EndpointSpec.Builder serverSpec(String name, Role role, String address) {
		return EndpointSpec.builder(name, transport().id(), role, address);
	}

	/** The spec of a client; override to add options. */
	protected EndpointSpec.Builder clientSpec(String name, Role role, String address) {
		return EndpointSpec.builder(name, clientTransport().id(), role, address);
	}

	/** The transport of the suite's clients: by default {@link #transport()}. */
	protected IpcTransport clientTransport() {
		return transport();
	}

	/** The address a client uses to reach a started server. */
	protected String clientAddress(IpcServer server) {
		return server.address();
	}

	/**
	 * Whether the transport plays {@code inbound-gateway} and {@code outbound-gateway}.
	 */
	protected boolean supportsGateways() {
		return transport().roles().contains(Role.INBOUND_GATEWAY)
				&& transport().roles().contains(Role.OUTBOUND_GATEWAY);
	}

	/**
	 * Why the gateway tests are skipped when {@link #supportsGateways()} says no: by
	 * default, that the transport has no gateway roles.
	 */
	protected String noGatewaysReason() {
		return transport().id() + " has no gateway roles";
	}

	/** Whether the transport plays {@code inbound} and {@code outbound}. */
	protected boolean supportsOneWay() {
		return transport().roles().contains(Role.INBOUND) && transport().roles().contains(Role.OUTBOUND);
	}

	/**
	 * Whether peers hold connections (so a bad peer is one connection, and the server
	 * counts peers).
	 */
	protected boolean isConnectionOriented() {
		return true;
	}

	/**
	 * Whether the wire carries {@code length-prefix} frames (4-byte big-endian length,
	 * then the bytes).
	 */
	protected boolean usesLengthPrefixFraming() {
		return true;
	}

	/**
	 * Whether a sender blocks once its peer stops reading (bounded OS buffers), so a send
	 * can overrun send-timeout.
	 */
	protected boolean blocksWhenPeerStopsReading() {
		return isConnectionOriented();
	}

	/**
	 * Whether all peers write into one stream (a FIFO): a frame cut short by one writer
	 * is then completed by the bytes of the next, so the suite lets a truncating peer be
	 * the last writer.
	 */
	protected boolean peersShareOneStream() {
		return false;
	}

	/**
	 * Whether every message sent arrives, in send order per sender; a datagram transport
	 * promises neither (the OS drops what a full receive buffer cannot take).
	 */
	protected boolean promisesDeliveryInOrder() {
		return true;
	}

	/**
	 * Whether the transport holds one message at a time, the latest (the clipboard: one
	 * slot, last writer wins), so a message sent before the one before it was read is
	 * lost by design: the suite then waits for each message before it sends the next.
	 */
	protected boolean holdsOnlyTheLatestMessage() {
		return false;
	}

	/**
	 * Whether what is sent while no reader runs is kept for the next one (a directory, a
	 * kernel queue), rather than refused after send-timeout.
	 */
	protected boolean keepsMessagesWhileNoReader() {
		return false;
	}

	/**
	 * Whether a call that timed out makes a python child start anew before the next
	 * answer ({@code process}: the client's timeout kills its relay child, or the relay's
	 * peer leaves and the server restarts it). Then the answer after a
	 * {@code reply-timeout} is asked for by a client with the default
	 * {@code reply-timeout}: the suite's 500 ms would time the child's start too, which
	 * takes longer under load (failed at load average 15-22).
	 */
	protected boolean startsAChildAfterATimeout() {
		return false;
	}

	/**
	 * Whether a send fails (after send-timeout) while no server is there; a datagram is
	 * taken by the OS whether or not anyone listens.
	 */
	protected boolean sendFailsWithoutPeer() {
		return true;
	}

	/**
	 * Whether a server that refuses a request (oversize, failed handler) makes its caller
	 * fail at once, e.g. by closing the connection; a datagram server has no way to tell
	 * a plain peer, whose call times out.
	 */
	protected boolean serverCanFailTheCaller() {
		return true;
	}

	/**
	 * Size of the large message that must arrive unchanged: 512 KiB unless the transport
	 * carries less.
	 */
	protected int largePayloadSize() {
		return 512 * 1024;
	}

	/**
	 * How many messages {@code manyMessagesArriveInOrderNoneLost} sends: 10,000, unless a
	 * transport's every send is a round trip slow enough that fewer prove order and
	 * completeness in a reasonable time.
	 */
	protected int inOrderMessageCount() {
		return 10_000;
	}

	/** Whether a second server on the address of a running one must fail to start. */
	protected boolean hasExclusiveAddress() {
		return true;
	}

	// ---- helpers
	// ------------------------------------------------------------------------------------------------

	protected IpcServer startServer(Role role, RecordingListener listener) throws Exception {
		return startServer(serverSpec("server", role, newAddress()).build(), listener);
	}

	protected IpcServer startServer(EndpointSpec spec, RecordingListener listener) throws Exception {
		IpcServer server = track(transport().createServer(spec));
		server.start(listener);
		return server;
	}

	protected IpcClient client(Role role, IpcServer server) {
		return client(clientSpec("client", role, clientAddress(server)).build());
	}

	protected IpcClient client(EndpointSpec spec) {
		clientTransport().validate(spec);
		return track(clientTransport().createClient(spec));
	}

	protected <T extends AutoCloseable> T track(T closeable) {
		synchronized (this.opened) {
			this.opened.add(closeable);
		}
		return closeable;
	}

	@AfterEach
	void closeAll() throws Exception {
		List<AutoCloseable> all;
		synchronized (this.opened) {
			all = new ArrayList<>(this.opened);
			this.opened.clear();
		}
		for (int i = all.size() - 1; i >= 0; i--) {
			all.get(i).close();
		}
	}

	protected static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	protected static String text(byte[] b) {
		return new String(b, StandardCharsets.UTF_8);
	}

	/** A length-prefix frame header announcing {@code length} bytes. */
	protected static byte[] lengthHeader(int length) {
		return ByteBuffer.allocate(4).putInt(length).array();
	}

	/** A complete length-prefix frame. */
	protected static byte[] frame(byte[] payload) {
		return ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
	}

	private void requireOneWay() {
		Assumptions.assumeTrue(supportsOneWay(), transport().id() + " has no one-way roles");
	}

	private void requireGateways() {
		Assumptions.assumeTrue(supportsGateways(), noGatewaysReason());
	}

	private void requireDeliveryInOrder() {
		Assumptions.assumeTrue(promisesDeliveryInOrder(),
				transport().id() + (holdsOnlyTheLatestMessage()
						? " keeps only the latest message (last writer wins): of a burst, all but the last may be lost"
						: " promises neither delivery nor order (at most once, unordered)"));
	}

	private void requireSendFailsWithoutPeer() {
		Assumptions.assumeTrue(sendFailsWithoutPeer(),
				transport().id() + " hands a message to the OS whether or not a peer listens, so a send cannot fail");
	}

	private void requireServerCanFailTheCaller() {
		Assumptions.assumeTrue(serverCanFailTheCaller(),
				transport().id() + " has no way to tell a caller its request was refused: the caller times out");
	}

	private void requireLengthPrefix() {
		Assumptions.assumeTrue(usesLengthPrefixFraming(),
				transport().id() + " does not carry length-prefix frames, so a raw length header means nothing");
	}

	/**
	 * What a misbehaving peer sends before it ends (closes its connection, or dies
	 * mid-message), for {@code badInputIsReportedAndGoodMessagesBeforeAndAfterArrive}:
	 * each is reported with its reason, delivers nothing, and leaves the endpoint serving
	 * good peers before and after.
	 */
	protected enum BadInput {

		/** A negative length: no valid frame starts like this. */
		GARBAGE(ErrorReason.DECODE, null, false,
				new byte[] { (byte) 0xFF, (byte) 0xFE, (byte) 0xFD, (byte) 0xFC, 'j', 'u', 'n', 'k' }),

		/** 10 bytes announced, 3 sent: the peer died mid-frame. */
		TRUNCATED_FRAME(ErrorReason.DECODE, null, true,
				ByteBuffer.allocate(4 + 3).putInt(10).put(bytes("abc")).array()),

		/** Half a length header. */
		TRUNCATED_HEADER(ErrorReason.DECODE, null, true, new byte[] { 0, 0 }),

		/**
		 * 2^31-1 announced, a few bytes sent: the server must refuse before allocating 2
		 * GiB.
		 */
		LENGTH_OF_INT_MAX(ErrorReason.OVERSIZE, String.valueOf(Integer.MAX_VALUE), false,
				ByteBuffer.allocate(4 + 5).putInt(Integer.MAX_VALUE).put(bytes("hello")).array());

		/** The reason the server reports. */
		final ErrorReason reason;

		/** What the reported cause's message mentions, or {@code null}. */
		final String causeMentions;

		/**
		 * Whether the peer ends in the middle of a frame (the failure then names the
		 * peer).
		 */
		final boolean truncates;

		/** The bytes on the wire. */
		final byte[] wire;

		BadInput(ErrorReason reason, String causeMentions, boolean truncates, byte[] wire) {
			this.reason = reason;
			this.causeMentions = causeMentions;
			this.truncates = truncates;
			this.wire = wire;
		}

	}

	// ---- delivery
	// -----------------------------------------------------------------------------------------------

	@Test
	void oneWayMessageArrivesWithItsPeer() throws Exception {
		requireOneWay();
		RecordingListener listener = new RecordingListener();
		IpcServer server = startServer(Role.INBOUND, listener);
		IpcClient client = client(Role.OUTBOUND, server);
		client.send(bytes("hello"));
		RecordingListener.Received received = listener.next();
		assertThat(received.text()).isEqualTo("hello");
		assertThat(received.peer()).as("every message names its peer").isNotNull();
		assertThat(received.peer().id()).isNotBlank();
	}

	@Test
	void emptyAndBinaryPayloadsArriveUnchanged() throws Exception {
		requireOneWay();
		RecordingListener listener = new RecordingListener();
		IpcServer server = startServer(Role.INBOUND, listener);
		IpcClient client = client(Role.OUTBOUND, server);
		byte[] binary = new byte[256];
		for (int i = 0; i < binary.length; i++) {
			binary[i] = (byte) i;
		}
		byte[] large = new byte[largePayloadSize()];
		new java.util.Random(42).nextBytes(large);
		List<byte[]> payloads = List.of(binary, new byte[0], large);
		for (byte[] payload : payloads) {
			client.send(payload);
			if (holdsOnlyTheLatestMessage()) {
				// the next message would replace this one before it is read
				assertThat(listener.next().payload()).isEqualTo(payload);
			}
		}
		if (!holdsOnlyTheLatestMessage()) {
			for (byte[] payload : payloads) {
				assertThat(listener.next().payload()).isEqualTo(payload);
			}
		}
	}

	@Test
	void manyMessagesArriveInOrderNoneLost() throws Exception {
		requireOneWay();
		requireDeliveryInOrder();
		RecordingListener listener = new RecordingListener();
		IpcServer server = startServer(Role.INBOUND, listener);
		IpcClient client = client(Role.OUTBOUND, server);
		int count = inOrderMessageCount();
		for (int i = 0; i < count; i++) {
			client.send(bytes("m" + i));
		}
		for (int i = 0; i < count; i++) {
			assertThat(listener.nextText()).isEqualTo("m" + i);
		}
		assertThat(listener.poll(Duration.ofMillis(100))).as("nothing beyond what was sent").isNull();
		assertThat(listener.drainErrors()).isEmpty();
	}

	@Test
	void requestGetsItsReply() throws Exception {
		requireGateways();
		IpcServer server = startServer(Role.INBOUND_GATEWAY,
				RecordingListener.answering(request -> bytes("re:" + text(request))));
		IpcClient client = client(Role.OUTBOUND_GATEWAY, server);
		assertThat(text(client.request(bytes("one")))).isEqualTo("re:one");
		assertThat(text(client.request(bytes("two")))).isEqualTo("re:two");
	}

	@Test
	void manyConcurrentClientsEachGetTheirOwnReplies() throws Exception {
		requireGateways();
		IpcServer server = startServer(Role.INBOUND_GATEWAY,
				RecordingListener.answering(request -> bytes("re:" + text(request))));
		int clients = 8;
		int requests = 200;
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			List<Future<Integer>> results = new ArrayList<>();
			CountDownLatch go = new CountDownLatch(1);
			for (int c = 0; c < clients; c++) {
				IpcClient client = client(
						clientSpec("client" + c, Role.OUTBOUND_GATEWAY, clientAddress(server)).build());
				int id = c;
				results.add(pool.submit(() -> {
					go.await();
					for (int r = 0; r < requests; r++) {
						String request = "c" + id + "-r" + r;
						assertThat(text(client.request(bytes(request)))).isEqualTo("re:" + request);
					}
					return requests;
				}));
			}
			go.countDown();
			int total = 0;
			for (Future<Integer> f : results) {
				total += f.get(30, TimeUnit.SECONDS);
			}
			assertThat(total).isEqualTo(clients * requests);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void oneClientSharedByManyThreadsRoutesEachReplyToItsCaller() throws Exception {
		requireGateways();
		IpcServer server = startServer(Role.INBOUND_GATEWAY,
				RecordingListener.answering(request -> bytes("re:" + text(request))));
		IpcClient client = client(
				clientSpec("shared", Role.OUTBOUND_GATEWAY, clientAddress(server)).poolSize(4).build());
		int threads = 8;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Callable<Void>> tasks = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int id = t;
				tasks.add(() -> {
					for (int r = 0; r < 200; r++) {
						String request = "t" + id + "-r" + r;
						assertThat(text(client.request(bytes(request)))).isEqualTo("re:" + request);
					}
					return null;
				});
			}
			for (Future<Void> f : pool.invokeAll(tasks, 30, TimeUnit.SECONDS)) {
				f.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void manyConcurrentOneWayClientsAllDeliver() throws Exception {
		requireOneWay();
		requireDeliveryInOrder();
		RecordingListener listener = new RecordingListener();
		IpcServer server = startServer(Role.INBOUND, listener);
		int clients = 8;
		int each = 250;
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			List<Callable<Void>> tasks = new ArrayList<>();
			for (int c = 0; c < clients; c++) {
				IpcClient client = client(clientSpec("client" + c, Role.OUTBOUND, clientAddress(server)).build());
				int id = c;
				tasks.add(() -> {
					for (int i = 0; i < each; i++) {
						client.send(bytes(id + ":" + i));
					}
					return null;
				});
			}
			for (Future<Void> f : pool.invokeAll(tasks, 30, TimeUnit.SECONDS)) {
				f.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		// per sender, order is kept; across senders, anything goes
		int[] nextOf = new int[clients];
		for (int n = 0; n < clients * each; n++) {
			String[] parts = listener.nextText().split(":");
			int id = Integer.parseInt(parts[0]);
			assertThat(Integer.parseInt(parts[1])).as("order of client " + id).isEqualTo(nextOf[id]++);
		}
	}

	// ---- limits and bad input
	// -----------------------------------------------------------------------------------

	@Test
	void oversizeMessageIsReportedAndTheNextOneServed() throws Exception {
		requireOneWay();
		RecordingListener listener = new RecordingListener();
		IpcServer server = startServer(
				serverSpec("server", Role.INBOUND, newAddress()).maxMessageSize(SMALL_LIMIT).build(), listener);
		IpcClient client = client(Role.OUTBOUND, server);
		client.send(bytes("before"));
		assertThat(listener.nextText()).isEqualTo("before");
		try {
			client.send(new byte[SMALL_LIMIT + 1]);
		}
		catch (IOException ex) {
			// the server may already have closed the connection: failing the send is as
			// good as not delivering
		}
		RecordingListener.Failure failure = listener.awaitError(ErrorReason.OVERSIZE);
		assertThat(failure.cause()).hasMessageContaining(String.valueOf(SMALL_LIMIT));
		IpcClient next = client(clientSpec("next", Role.OUTBOUND, clientAddress(server)).build());
		next.send(bytes("after"));
		assertThat(listener.nextText()).isEqualTo("after");
		client.send(bytes("same client again"));
		assertThat(listener.nextText()).isEqualTo("same client again");
		assertThat(listener.poll(Duration.ofMillis(100))).as("the oversize message is not delivered").isNull();
	}

	@Test
	void messageOfExactlyTheLimitIsAccepted() throws Exception {
		requireOneWay();
		RecordingListener listener = new RecordingListener();
		IpcServer server = startServer(
				serverSpec("server", Role.INBOUND, newAddress()).maxMessageSize(SMALL_LIMIT).build(), listener);
		client(Role.OUTBOUND, server).send(new byte[SMALL_LIMIT]);
		assertThat(listener.next().payload()).hasSize(SMALL_LIMIT);
	}

	@Test
	void oversizeRequestOnAGatewayFailsTheCallerAndTheServerGoesOn() throws Exception {
		requireGateways();
		requireServerCanFailTheCaller();
		RecordingListener listener = RecordingListener.echo();
		IpcServer server = startServer(
				serverSpec("server", Role.INBOUND_GATEWAY, newAddress()).maxMessageSize(SMALL_LIMIT).build(), listener);
		IpcClient client = client(
				clientSpec("client", Role.OUTBOUND_GATEWAY, clientAddress(server)).replyTimeout(Duration.ofSeconds(5))
					.build());
		long start = System.nanoTime();
		assertThatThrownBy(() -> client.request(new byte[SMALL_LIMIT + 1])).isInstanceOf(IOException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("fails fast, not after reply-timeout")
			.isLessThan(Duration.ofSeconds(4));
		listener.awaitError(ErrorReason.OVERSIZE);
		assertThat(text(client.request(bytes("after")))).isEqualTo("after");
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(BadInput.class)
	void badInputIsReportedAndGoodMessagesBeforeAndAfterArrive(BadInput input) throws Exception {
		requireOneWay();
		requireLengthPrefix();
		RecordingListener listener = new RecordingListener();
		IpcServer server = startServer(Role.INBOUND, listener);
		IpcClient good = client(Role.OUTBOUND, server);
		good.send(bytes("before"));
		assertThat(listener.nextText()).isEqualTo("before");
		// on one shared stream the next writer's bytes would complete a cut frame: its
		// writer must be the last one
		boolean badPeerAlone = input.truncates && peersShareOneStream();
		if (badPeerAlone) {
			good.close();
		}
		injectRaw(server, input.wire);
		RecordingListener.Failure failure = listener.awaitError(input.reason);
		if (input.causeMentions != null) {
			assertThat(failure.cause()).hasMessageContaining(input.causeMentions);
		}
		if (input.truncates) {
			assertThat(failure.peer()).as("the failure names the peer").isNotNull();
		}
		if (!badPeerAlone) {
			good.send(bytes("after"));
			assertThat(listener.nextText()).as("the good peer is still served").isEqualTo("after");
		}
		client(clientSpec("next", Role.OUTBOUND, clientAddress(server)).build()).send(bytes("after, a new peer"));
		assertThat(listener.nextText()).as("a new peer is served").isEqualTo("after, a new peer");
		assertThat(listener.poll(Duration.ofMillis(100))).as("%s delivers nothing", input).isNull();
	}

	@Test
	void validFramesBeforeGarbageOnTheSameConnectionArrive() throws Exception {
		requireOneWay();
		requireLengthPrefix();
		Assumptions.assumeTrue(isConnectionOriented(), "frames and garbage share a connection only on connections");
		RecordingListener listener = new RecordingListener();
		IpcServer server = startServer(Role.INBOUND, listener);
		ByteBuffer raw = ByteBuffer.allocate(64);
		raw.put(frame(bytes("first"))).put(frame(bytes("second"))).put(lengthHeader(-5)).put(bytes("xx"));
		byte[] wire = java.util.Arrays.copyOf(raw.array(), raw.position());
		injectRaw(server, wire);
		assertThat(listener.nextText()).isEqualTo("first");
		assertThat(listener.nextText()).isEqualTo("second");
		listener.awaitError(ErrorReason.DECODE);
	}

	@Test
	void gatewayHandlerFailureIsReportedAndFailsTheCallerFast() throws Exception {
		requireGateways();
		requireServerCanFailTheCaller();
		RecordingListener listener = new RecordingListener(request -> {
			if (text(request).equals("boom")) {
				throw new IllegalStateException("handler failed on purpose");
			}
			return request;
		});
		IpcServer server = startServer(Role.INBOUND_GATEWAY, listener);
		IpcClient client = client(
				clientSpec("client", Role.OUTBOUND_GATEWAY, clientAddress(server)).replyTimeout(Duration.ofSeconds(5))
					.build());
		long start = System.nanoTime();
		assertThatThrownBy(() -> client.request(bytes("boom"))).isInstanceOf(IOException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
		RecordingListener.Failure failure = listener.awaitError(ErrorReason.HANDLER);
		assertThat(failure.cause()).hasMessage("handler failed on purpose");
		assertThat(text(client.request(bytes("fine")))).isEqualTo("fine");
	}

	// ---- timeouts, absent peers, restarts
	// -----------------------------------------------------------------------

	@Test
	void sendToAnAbsentPeerFailsWithTimeoutAfterSendTimeout() throws Exception {
		requireOneWay();
		requireSendFailsWithoutPeer();
		IpcClient client = client(clientSpec("client", Role.OUTBOUND, absentAddress()).sendTimeout(SHORT).build());
		long start = System.nanoTime();
		Throwable thrown = catchThrowable(() -> client.send(bytes("nobody")));
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(thrown).isInstanceOf(IpcException.class);
		assertThat(((IpcException) thrown).reason()).isEqualTo(ErrorReason.TIMEOUT);
		assertThat(thrown).hasMessageContaining("send-timeout");
		assertThat(took).as("waits about send-timeout, neither failing at once nor hanging")
			.isGreaterThanOrEqualTo(SHORT.minusMillis(50))
			.isLessThan(SHORT.multipliedBy(6));
	}

	@Test
	void requestToAnAbsentPeerFailsWithTimeout() throws Exception {
		requireGateways();
		IpcClient client = client(clientSpec("client", Role.OUTBOUND_GATEWAY, absentAddress()).sendTimeout(SHORT)
			.replyTimeout(SHORT)
			.build());
		long start = System.nanoTime();
		Throwable thrown = catchThrowable(() -> client.request(bytes("nobody")));
		assertThat(thrown).isInstanceOf(IpcException.class);
		assertThat(((IpcException) thrown).reason()).isEqualTo(ErrorReason.TIMEOUT);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SHORT.multipliedBy(6));
	}

	@Test
	void sendToAPeerThatStoppedReadingFailsWithTimeoutAfterSendTimeout() throws Exception {
		requireOneWay();
		Assumptions.assumeTrue(blocksWhenPeerStopsReading(), transport().id() + " never blocks a sender");
		CountDownLatch release = new CountDownLatch(1);
		RecordingListener listener = new RecordingListener(request -> {
			// stop reading
			release.await(RecordingListener.WAIT.toMillis(), TimeUnit.MILLISECONDS);
			return null;
		});
		IpcServer server = startServer(Role.INBOUND, listener);
		// the same Duration for both timeouts: the message must still name the one that
		// expired
		IpcClient client = client(clientSpec("client", Role.OUTBOUND, clientAddress(server)).sendTimeout(SHORT)
			.replyTimeout(SHORT)
			.build());
		byte[] chunk = new byte[256 * 1024];
		try {
			IpcException timedOut = null;
			long sent = 0;
			while (timedOut == null && sent < 256L * 1024 * 1024) {
				long start = System.nanoTime();
				try {
					client.send(chunk);
					sent += chunk.length;
				}
				catch (IpcException ex) {
					timedOut = ex;
					assertThat(Duration.ofNanos(System.nanoTime() - start)).as("fails after about send-timeout: " + ex)
						.isGreaterThanOrEqualTo(SHORT.minusMillis(50))
						.isLessThan(SHORT.multipliedBy(6));
				}
			}
			assertThat(timedOut).as("a send blocked on a full pipe times out").isNotNull();
			assertThat(timedOut.reason()).isEqualTo(ErrorReason.TIMEOUT);
			assertThat(timedOut).hasMessageContaining("send-timeout").hasMessageNotContaining("reply-timeout");
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void replyTimeoutWhenTheServerNeverAnswers() throws Exception {
		requireGateways();
		CountDownLatch release = new CountDownLatch(1);
		RecordingListener listener = new RecordingListener(request -> {
			release.await(RecordingListener.WAIT.toMillis(), TimeUnit.MILLISECONDS);
			return null;
		});
		IpcServer server = startServer(Role.INBOUND_GATEWAY, listener);
		IpcClient client = client(
				clientSpec("client", Role.OUTBOUND_GATEWAY, clientAddress(server)).replyTimeout(SHORT).build());
		try {
			long start = System.nanoTime();
			Throwable thrown = catchThrowable(() -> client.request(bytes("anyone?")));
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(thrown).isInstanceOf(IpcException.class);
			assertThat(((IpcException) thrown).reason()).isEqualTo(ErrorReason.TIMEOUT);
			assertThat(thrown).hasMessageContaining("reply-timeout");
			assertThat(took).isGreaterThanOrEqualTo(SHORT.minusMillis(50)).isLessThan(SHORT.multipliedBy(6));
		}
		finally {
			release.countDown();
		}
		// the server answers again once its handler does
		listener.responder(request -> request);
		IpcClient again = startsAChildAfterATimeout()
				? client(clientSpec("again", Role.OUTBOUND_GATEWAY, clientAddress(server)).build()) : client;
		assertThat(text(again.request(bytes("now?")))).isEqualTo("now?");
	}

	@Test
	void clientReconnectsAfterTheServerRestarts() throws Exception {
		requireOneWay();
		RecordingListener first = new RecordingListener();
		IpcServer server = startServer(Role.INBOUND, first);
		String address = clientAddress(server);
		IpcClient client = client(clientSpec("client", Role.OUTBOUND, address).build());
		client.send(bytes("to the first"));
		assertThat(first.nextText()).isEqualTo("to the first");
		server.close();

		RecordingListener second = new RecordingListener();
		startServer(serverSpec("server", Role.INBOUND, address).build(), second);
		client.send(bytes("to the second"));
		assertThat(second.nextText()).isEqualTo("to the second");
		assertThat(first.poll(Duration.ofMillis(50))).isNull();
	}

	@Test
	void gatewayClientReconnectsAfterTheServerRestarts() throws Exception {
		requireGateways();
		IpcServer server = startServer(Role.INBOUND_GATEWAY, RecordingListener.answering(r -> bytes("1:" + text(r))));
		String address = clientAddress(server);
		IpcClient client = client(clientSpec("client", Role.OUTBOUND_GATEWAY, address).build());
		assertThat(text(client.request(bytes("a")))).isEqualTo("1:a");
		server.close();
		startServer(serverSpec("server", Role.INBOUND_GATEWAY, address).build(),
				RecordingListener.answering(r -> bytes("2:" + text(r))));
		assertThat(text(client.request(bytes("b")))).isEqualTo("2:b");
	}

	@Test
	void sendWhileTheServerIsDownWaitsForItWithinSendTimeout() throws Exception {
		requireOneWay();
		if (!keepsMessagesWhileNoReader()) {
			requireSendFailsWithoutPeer();
		}
		RecordingListener first = new RecordingListener();
		IpcServer server = startServer(Role.INBOUND, first);
		String address = clientAddress(server);
		IpcClient client = client(clientSpec("client", Role.OUTBOUND, address).sendTimeout(SHORT).build());
		client.send(bytes("up"));
		assertThat(first.nextText()).isEqualTo("up");
		server.close();
		if (keepsMessagesWhileNoReader()) {
			client.send(bytes("while down 1"));
			client.send(bytes("while down 2"));
			assertThat(first.poll(Duration.ofMillis(100))).as("a closed reader takes nothing").isNull();
		}
		else {
			Throwable thrown = catchThrowable(() -> client.send(bytes("down")));
			assertThat(thrown).isInstanceOf(IpcException.class);
			assertThat(((IpcException) thrown).reason()).isEqualTo(ErrorReason.TIMEOUT);
		}
		RecordingListener second = new RecordingListener();
		startServer(serverSpec("server", Role.INBOUND, address).build(), second);
		client.send(bytes("up again"));
		if (keepsMessagesWhileNoReader()) {
			assertThat(second.nextText()).isEqualTo("while down 1");
			assertThat(second.nextText()).isEqualTo("while down 2");
		}
		assertThat(second.nextText()).isEqualTo("up again");
	}

	@Test
	void secondServerOnATakenAddressFailsToStartAndTheFirstGoesOn() throws Exception {
		requireOneWay();
		Assumptions.assumeTrue(hasExclusiveAddress(), transport().id() + " lets servers share an address");
		RecordingListener listener = new RecordingListener();
		IpcServer server = startServer(Role.INBOUND, listener);
		IpcServer second = track(
				transport().createServer(serverSpec("second", Role.INBOUND, clientAddress(server)).build()));
		assertThatThrownBy(() -> second.start(new RecordingListener())).isInstanceOf(IOException.class);
		second.close();
		client(Role.OUTBOUND, server).send(bytes("still here"));
		assertThat(listener.nextText()).isEqualTo("still here");
	}

	@Test
	void closedServerCountsNoPeersAndClosedClientRefusesToSend() throws Exception {
		requireOneWay();
		Assumptions.assumeTrue(isConnectionOriented(), "peer counts are for connection-oriented transports");
		RecordingListener listener = new RecordingListener();
		IpcServer server = startServer(Role.INBOUND, listener);
		IpcClient client = client(Role.OUTBOUND, server);
		client.send(bytes("x"));
		listener.next();
		assertThat(server.peerCount()).isEqualTo(1);
		assertThat(client.peerCount()).isEqualTo(1);
		client.close();
		org.awaitility.Awaitility.await().atMost(RecordingListener.WAIT).until(() -> server.peerCount() == 0);
		assertThatThrownBy(() -> client.send(bytes("y"))).isInstanceOf(IOException.class);
		server.close();
		assertThat(server.peerCount()).isZero();
	}

}
