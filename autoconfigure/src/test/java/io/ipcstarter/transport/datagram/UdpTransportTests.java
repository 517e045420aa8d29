package io.ipcstarter.transport.datagram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Peer;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.Transports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The {@code udp} transport against a second process: a python3 peer
 * ({@code peers/udp_peer.py}) that speaks bare datagrams, as {@code docs/wire-formats.md}
 * describes them.
 */
class UdpTransportTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final IpcTransport udp = Transports.get("udp");

	private final List<AutoCloseable> opened = new ArrayList<>();

	@AfterEach
	void closeAll() throws Exception {
		for (int i = this.opened.size() - 1; i >= 0; i--) {
			this.opened.get(i).close();
		}
	}

	private <T extends AutoCloseable> T track(T closeable) {
		this.opened.add(closeable);
		return closeable;
	}

	private IpcServer server(EndpointSpec spec, RecordingListener listener) throws Exception {
		this.udp.validate(spec);
		IpcServer server = track(this.udp.createServer(spec));
		server.start(listener);
		return server;
	}

	private IpcClient client(EndpointSpec spec) {
		this.udp.validate(spec);
		return track(this.udp.createClient(spec));
	}

	private PeerProcess peer(String... args) throws Exception {
		return track(PeerProcess.python("udp_peer.py", args));
	}

	private static EndpointSpec.Builder spec(Role role, String address) {
		return EndpointSpec.builder("udp-test", "udp", role, address);
	}

	@Test
	void datagramsFromAPythonPeerArriveAsMessages() throws Exception {
		RecordingListener listener = new RecordingListener();
		IpcServer server = server(spec(Role.INBOUND, "0").build(), listener);
		assertThat(server.address()).startsWith("127.0.0.1:").doesNotEndWith(":0");
		peer("send", server.address(), "one", "two", "three").await("SENT", WAIT);
		Set<String> received = new HashSet<>();
		for (int i = 0; i < 3; i++) {
			RecordingListener.Received message = listener.next();
			received.add(message.text());
			assertThat(message.peer().id()).startsWith("127.0.0.1:");
		}
		assertThat(received).containsExactlyInAnyOrder("one", "two", "three");
	}

	@Test
	void aBareAddressBindsLoopbackAndOnlyAnAddressThatSaysSoBindsBeyond() throws Exception {
		IpcServer loopback = server(spec(Role.INBOUND, "0").build(), new RecordingListener());
		assertThat(loopback.address()).startsWith("127.0.0.1:");
		RecordingListener listener = new RecordingListener();
		IpcServer everywhere = server(spec(Role.INBOUND, "0.0.0.0:0").build(), listener);
		assertThat(everywhere.address()).startsWith("0.0.0.0:");
		String port = everywhere.address().substring("0.0.0.0:".length());
		peer("send", "127.0.0.1:" + port, "via loopback").await("SENT", WAIT);
		assertThat(listener.nextText()).isEqualTo("via loopback");
	}

	@Test
	void inboundGatewayAnswersAPythonPeerWithABareDatagram() throws Exception {
		IpcServer server = server(spec(Role.INBOUND_GATEWAY, "127.0.0.1:0").build(), RecordingListener.upperCasing());
		assertThat(peer("request", server.address(), "ping").await("REPLY", WAIT)).isEqualTo("PING");
	}

	@Test
	void outboundGatewayGetsThePythonEchoPeersReplies() throws Exception {
		String port = peer("echo").await("READY", WAIT);
		IpcClient client = client(spec(Role.OUTBOUND_GATEWAY, port).build());
		for (int i = 0; i < 100; i++) {
			assertThat(new String(client.request(("m" + i).getBytes()))).isEqualTo("re:m" + i);
		}
	}

	@Test
	void peerThatNeverAnswersIsATimeoutAfterReplyTimeoutEveryTime() throws Exception {
		PeerProcess peer = peer("silent");
		String port = peer.await("READY", WAIT);
		Duration replyTimeout = Duration.ofMillis(300);
		IpcClient client = client(spec(Role.OUTBOUND_GATEWAY, port).replyTimeout(replyTimeout).build());
		for (int i = 0; i < 3; i++) {
			long start = System.nanoTime();
			IpcException thrown = catchThrowableOfType(IpcException.class, () -> client.request("anyone?".getBytes()));
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(thrown.reason()).isEqualTo(ErrorReason.TIMEOUT);
			assertThat(thrown).hasMessageContaining("reply-timeout 300ms");
			assertThat(took).isGreaterThanOrEqualTo(replyTimeout.minusMillis(20)).isLessThan(Duration.ofSeconds(3));
			assertThat(peer.await("GOT", WAIT)).as("the request did reach the peer").isEqualTo("anyone?");
		}
	}

	@Test
	void datagramFromAnotherAddressIsNotTakenForTheReply() throws Exception {
		String port = peer("spoof").await("READY", WAIT);
		IpcClient client = client(spec(Role.OUTBOUND_GATEWAY, port).poolSize(1).build());
		for (int i = 0; i < 20; i++) {
			assertThat(new String(client.request(("q" + i).getBytes()))).isEqualTo("re:q" + i);
		}
	}

	@Test
	void replyArrivingAfterItsRequestTimedOutIsDiscarded() throws Exception {
		PeerProcess peer = peer("late", "0.5");
		String port = peer.await("READY", WAIT);
		IpcClient client = client(
				spec(Role.OUTBOUND_GATEWAY, port).poolSize(1).replyTimeout(Duration.ofMillis(200)).build());
		IpcException thrown = catchThrowableOfType(IpcException.class, () -> client.request("slow".getBytes()));
		assertThat(thrown.reason()).isEqualTo(ErrorReason.TIMEOUT);
		assertThat(new String(client.request("fast".getBytes()))).isEqualTo("re:fast");
		peer.await("LATE-SENT", WAIT);
		for (int i = 0; i < 5; i++) {
			assertThat(new String(client.request(("after" + i).getBytes()))).as("never the late re:slow")
				.isEqualTo("re:after" + i);
		}
	}

	@Test
	void stopLetsTheRequestInHandFinishAndItsAnswerGoOut() throws Exception {
		RecordingListener listener = new RecordingListener((request) -> {
			// a slow handler, not a wait for something: the stop must come while it works
			Thread.sleep(300);
			return request;
		});
		IpcServer server = server(spec(Role.INBOUND_GATEWAY, "0").build(), listener);
		IpcClient client = client(spec(Role.OUTBOUND_GATEWAY, server.address()).build());
		CompletableFuture<byte[]> reply = CompletableFuture.supplyAsync(() -> {
			try {
				return client.request("in hand".getBytes());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
		listener.next(); // the handler has it
		server.close();
		assertThat(new String(reply.get(10, TimeUnit.SECONDS))).isEqualTo("in hand");
		RecordingListener next = new RecordingListener();
		server(spec(Role.INBOUND, server.address()).build(), next);
		client(spec(Role.OUTBOUND, server.address()).build()).send("the port is free again".getBytes());
		assertThat(next.nextText()).isEqualTo("the port is free again");
	}

	@Test
	void messageLargerThanMaxMessageSizeIsRefusedAtTheSender() throws Exception {
		IpcClient small = client(spec(Role.OUTBOUND, "7").maxMessageSize(100).build());
		IpcException thrown = catchThrowableOfType(IpcException.class, () -> small.send(new byte[101]));
		assertThat(thrown.reason()).isEqualTo(ErrorReason.OVERSIZE);
		assertThat(thrown).hasMessageContaining("101 bytes").hasMessageContaining("max-message-size (100 bytes)");
		IpcClient gateway = client(spec(Role.OUTBOUND_GATEWAY, "7").maxMessageSize(100).build());
		thrown = catchThrowableOfType(IpcException.class, () -> gateway.request(new byte[101]));
		assertThat(thrown.reason()).isEqualTo(ErrorReason.OVERSIZE);
		assertThat(small.peerCount()).as("nothing was opened for it").isZero();
	}

	@Test
	void messageLargerThanADatagramIsRefusedAtTheSender() throws Exception {
		IpcClient client = client(spec(Role.OUTBOUND, "7").build());
		IpcException thrown = catchThrowableOfType(IpcException.class,
				() -> client.send(new byte[Datagrams.MAX_PAYLOAD + 1]));
		assertThat(thrown.reason()).isEqualTo(ErrorReason.OVERSIZE);
		assertThat(thrown).hasMessageContaining("largest UDP datagram (65507 bytes)");
	}

	@Test
	void oversizeDatagramsFromAPythonPeerAreCountedAndNotDelivered() throws Exception {
		RecordingListener listener = new RecordingListener();
		IpcServer server = server(spec(Role.INBOUND, "0").maxMessageSize(1024).build(), listener);
		// 1025: one byte over; 60000: far over, cut by the OS to the receive buffer;
		// 1024: exactly the limit
		peer("sizes", server.address(), "1025", "60000", "1024").await("SENT", WAIT);
		assertThat(listener.next().payload()).hasSize(1024);
		assertThat(listener.awaitError(ErrorReason.OVERSIZE).cause()).hasMessageContaining("1024 bytes");
		assertThat(listener.awaitError(ErrorReason.OVERSIZE).peer().id()).startsWith("127.0.0.1:");
		assertThat(listener.poll(Duration.ofMillis(200))).isNull();
	}

	@Test
	void receiveBufferSizeIsAppliedToTheSocket() throws Exception {
		UdpServer plain = (UdpServer) server(spec(Role.INBOUND, "0").build(), new RecordingListener());
		UdpOptions options = new UdpOptions();
		options.setReceiveBufferSize(4 << 20);
		RecordingListener listener = new RecordingListener();
		UdpServer bigger = (UdpServer) server(spec(Role.INBOUND, "0").option(UdpOptions.class, options).build(),
				listener);
		// the OS caps the size (Linux: net.core.rmem_max, then doubles it), so only
		// "larger than the default" holds
		assertThat(bigger.receiveBufferSize()).isGreaterThan(plain.receiveBufferSize());
		client(spec(Role.OUTBOUND, bigger.address()).build()).send("with a bigger buffer".getBytes());
		assertThat(listener.nextText()).isEqualTo("with a bigger buffer");
	}

	/**
	 * A python3 peer floods a socket with a small receive buffer whose handler is slow:
	 * the OS drops most datagrams, and the endpoint reports as many {@code dropped} as
	 * the kernel's {@code drops} column for the socket says (read here, from
	 * {@code /proc/net/udp}, by the socket's port); with those delivered, that is every
	 * datagram sent.
	 */
	@Test
	@EnabledOnOs(value = OS.LINUX, disabledReason = "/proc/net/udp, which counts drops per socket, is Linux's")
	void datagramsTheOsDropsAreCountedAsDroppedAsTheKernelCountsThem() throws Exception {
		AtomicLong delivered = new AtomicLong();
		AtomicLong dropped = new AtomicLong();
		List<ErrorReason> others = new CopyOnWriteArrayList<>();
		List<String> reports = new CopyOnWriteArrayList<>();
		InboundListener slow = new InboundListener() {

			@Override
			public void onMessage(byte[] payload, Peer peer, Reply reply) throws Exception {
				delivered.incrementAndGet();
				Thread.sleep(2); // a slow handler: the buffer fills while it works
			}

			@Override
			public void onDropped(long count, Throwable cause) {
				dropped.addAndGet(count);
				reports.add(cause.getMessage());
			}

			@Override
			public void onError(ErrorReason reason, Throwable cause, Peer peer) {
				others.add(reason);
			}

		};
		UdpOptions options = new UdpOptions();
		options.setReceiveBufferSize(4096);
		EndpointSpec spec = spec(Role.INBOUND, "0").option(UdpOptions.class, options).build();
		this.udp.validate(spec);
		IpcServer server = track(this.udp.createServer(spec));
		server.start(slow);
		int port = Integer.parseInt(server.address().substring("127.0.0.1:".length()));
		int sent = Integer.parseInt(peer("flood", server.address(), "2000", "200").await("SENT", WAIT));
		assertThat(sent).isEqualTo(2000);
		await().atMost(WAIT).until(() -> delivered.get() + dropped.get() >= sent);
		Thread.sleep(1500); // past the next read: nothing more is reported
		assertThat(delivered.get() + dropped.get()).as("sent = delivered + dropped").isEqualTo(sent);
		assertThat(dropped.get()).as("the OS dropped some").isPositive();
		assertThat(dropped.get()).as("as /proc/net/udp counts them").isEqualTo(kernelDrops(port));
		assertThat(others).isEmpty();
		assertThat(reports).allMatch((report) -> report.contains("udp.receive-buffer-size"));
	}

	/**
	 * The {@code drops} column of the UDP socket bound to this port, read anew, apart
	 * from the code under test (also for {@link UdpEndpointsTests}).
	 */
	static long kernelDrops(int port) throws IOException {
		String local = String.format(":%04X", port);
		List<String> matching = new ArrayList<>();
		for (String line : Files.readAllLines(Path.of("/proc/net/udp"))) {
			String[] columns = line.trim().split("\\s+");
			if (columns[1].endsWith(local)) {
				matching.add(columns[columns.length - 1]);
			}
		}
		assertThat(matching).as("one socket on port " + port).hasSize(1);
		return Long.parseLong(matching.get(0));
	}

	@Test
	void maxMessageSizeAboveTheLargestDatagramFailsValidation() {
		InvalidEndpointException thrown = catchThrowableOfType(InvalidEndpointException.class,
				() -> this.udp.validate(spec(Role.INBOUND, "7070").maxMessageSize(65_508).build()));
		assertThat(thrown.propertyName()).isEqualTo("ipc.endpoints.udp-test.max-message-size");
		assertThat(thrown).hasMessageContaining("65507");
		this.udp.validate(spec(Role.INBOUND, "7070").maxMessageSize(65_507).build());
		// left at its default (1 MiB, made for streams), max-message-size means the
		// largest datagram
		this.udp.validate(spec(Role.INBOUND, "7070").build());
		assertThat(Datagrams.limit(spec(Role.INBOUND, "7070").build())).isEqualTo(65_507);
	}

	@Test
	void badSettingsFailValidationNamingTheProperty() {
		assertThat(invalid(spec(Role.INBOUND, "host:port:x").build())).isEqualTo("address");
		assertThat(invalid(spec(Role.INBOUND, "70700").build())).isEqualTo("address");
		assertThat(invalid(spec(Role.OUTBOUND, "127.0.0.1:0").build())).as("a sender needs a port")
			.isEqualTo("address");
		assertThat(invalid(spec(Role.INBOUND, "7070").allowedUids(Set.of(1000)).build())).isEqualTo("allowed-uids");
		UdpOptions options = new UdpOptions();
		options.setReceiveBufferSize(-1);
		assertThat(invalid(spec(Role.INBOUND, "7070").option(UdpOptions.class, options).build()))
			.isEqualTo("udp.receive-buffer-size");
	}

	@Test
	void badMulticastAndBroadcastSettingsFailValidationNamingTheKey() {
		assertThat(invalid(group(Role.INBOUND, "9100", "127.0.0.1", "lo"))).isEqualTo("udp.multicast-group");
		assertThat(invalid(group(Role.INBOUND, "9100", "no.such.host.invalid", "lo"))).isEqualTo("udp.multicast-group");
		assertThat(invalid(group(Role.INBOUND, "9100", "239.1.2.3", null))).as("no implicit interface")
			.isEqualTo("udp.interface");
		assertThat(invalid(group(Role.INBOUND, "9100", "239.1.2.3", "no-such-interface0"))).isEqualTo("udp.interface");
		assertThat(invalid(group(Role.INBOUND, "127.0.0.1:9100", "239.1.2.3", "lo"))).as("the group gives the host")
			.isEqualTo("address");
		assertThat(invalid(group(Role.OUTBOUND_GATEWAY, "9100", "239.1.2.3", "lo"))).isEqualTo("udp.multicast-group");
		assertThat(invalid(group(Role.INBOUND_GATEWAY, "9100", "239.1.2.3", "lo"))).isEqualTo("udp.multicast-group");
		UdpOptions ttl = new UdpOptions();
		ttl.setMulticastGroup("239.1.2.3");
		ttl.setInterface("lo");
		ttl.setTtl(256);
		assertThat(invalid(spec(Role.OUTBOUND, "9100").option(UdpOptions.class, ttl).build())).isEqualTo("udp.ttl");
		ttl.setTtl(-1);
		assertThat(invalid(spec(Role.OUTBOUND, "9100").option(UdpOptions.class, ttl).build())).isEqualTo("udp.ttl");
		UdpOptions ttlAlone = new UdpOptions();
		ttlAlone.setTtl(1);
		assertThat(invalid(spec(Role.OUTBOUND, "9100").option(UdpOptions.class, ttlAlone).build()))
			.isEqualTo("udp.ttl");
		UdpOptions interfaceAlone = new UdpOptions();
		interfaceAlone.setInterface("lo");
		assertThat(invalid(spec(Role.INBOUND, "9100").option(UdpOptions.class, interfaceAlone).build()))
			.isEqualTo("udp.interface");
		UdpOptions both = new UdpOptions();
		both.setMulticastGroup("239.1.2.3");
		both.setInterface("lo");
		both.setBroadcast(true);
		assertThat(invalid(spec(Role.OUTBOUND, "9100").option(UdpOptions.class, both).build()))
			.isEqualTo("udp.broadcast");
		UdpOptions broadcast = new UdpOptions();
		broadcast.setBroadcast(true);
		assertThat(invalid(spec(Role.INBOUND, "127.255.255.255:9100").option(UdpOptions.class, broadcast).build()))
			.as("receiving broadcasts needs no key")
			.isEqualTo("udp.broadcast");
		assertThat(invalid(spec(Role.OUTBOUND, "255.255.255.255:9100").build())).as("not asked for")
			.isEqualTo("udp.broadcast");
	}

	@Test
	void multicastAndBroadcastSettingsThatAreAskedForPassValidation() {
		this.udp.validate(group(Role.INBOUND, "9100", "239.1.2.3", "lo"));
		this.udp.validate(group(Role.OUTBOUND, "239.1.2.3:9100", "239.1.2.3", "lo"));
		this.udp.validate(group(Role.OUTBOUND, ":9100", "ff02::1:3", "lo"));
		UdpOptions broadcast = new UdpOptions();
		broadcast.setBroadcast(true);
		this.udp.validate(spec(Role.OUTBOUND, "127.255.255.255:9100").option(UdpOptions.class, broadcast).build());
		this.udp.validate(spec(Role.INBOUND, "127.255.255.255:9100").build());
	}

	@Test
	void unknownInterfaceIsNamedWithTheInterfacesThereAre() {
		InvalidEndpointException thrown = catchThrowableOfType(InvalidEndpointException.class,
				() -> this.udp.validate(group(Role.INBOUND, "9100", "239.1.2.3", "no-such-interface0")));
		assertThat(thrown).hasMessageContaining("no-such-interface0").hasMessageContaining("lo");
	}

	private static EndpointSpec group(Role role, String address, String group, String networkInterface) {
		UdpOptions options = new UdpOptions();
		options.setMulticastGroup(group);
		options.setInterface(networkInterface);
		return spec(role, address).option(UdpOptions.class, options).build();
	}

	private String invalid(EndpointSpec spec) {
		InvalidEndpointException thrown = catchThrowableOfType(InvalidEndpointException.class,
				() -> this.udp.validate(spec));
		assertThat(thrown).as("invalid: " + spec).isNotNull();
		return thrown.propertyName().substring("ipc.endpoints.udp-test.".length());
	}

}
