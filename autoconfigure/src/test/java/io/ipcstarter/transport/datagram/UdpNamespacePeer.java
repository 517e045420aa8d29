package io.ipcstarter.transport.datagram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.Transports;

/**
 * The java side of {@link UdpMulticastTests}, run by them inside a private network
 * namespace that has only loopback: udp endpoints (through the transport SPI, validated
 * as at start-up) and python3 peers ({@code peers/udp_group_peer.py}, started from here
 * so they share the namespace). Says what happened on {@value PeerProcess#SAID} lines and
 * exits.
 * <p>
 * usage: {@code UdpNamespacePeer multicast-in | multicast-out | broadcast}
 */
public final class UdpNamespacePeer {

	static final String GROUP = "239.1.2.3";

	static final int COUNT = 100;

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final IpcTransport udp = Transports.get("udp");

	private final List<AutoCloseable> opened = new ArrayList<>();

	private UdpNamespacePeer() {
	}

	public static void main(String[] args) throws Exception {
		UdpNamespacePeer peer = new UdpNamespacePeer();
		try {
			switch (args[0]) {
				case "multicast-in" -> peer.multicastIn();
				case "multicast-out" -> peer.multicastOut();
				case "broadcast" -> peer.broadcast();
				default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
			}
		}
		finally {
			peer.closeAll();
		}
		System.exit(0); // an inbound endpoint's thread is not a daemon
	}

	/**
	 * Two inbound endpoints joined on lo; a python3 peer sends {@value #COUNT} datagrams
	 * to the group.
	 */
	private void multicastIn() throws Exception {
		RecordingListener first = new RecordingListener();
		RecordingListener second = new RecordingListener();
		server(spec("member-1", Role.INBOUND, "9100", group()), first);
		server(spec("member-2", Role.INBOUND, "9100", group()), second);
		// to the members' port but not to the group: a member bound to the group never
		// sees it
		python("broadcast", "127.0.0.1", "9100", "1").await("SENT", WAIT);
		python("send-group", GROUP, "9100", String.valueOf(COUNT)).await("SENT", WAIT);
		say("RECEIVED " + received(first, "m") + " " + received(second, "m"));
	}

	/**
	 * An outbound endpoint sends {@value #COUNT} messages to the group; two python3
	 * members on lo take them.
	 */
	private void multicastOut() throws Exception {
		PeerProcess first = python("receive-group", GROUP, "9101", String.valueOf(COUNT));
		PeerProcess second = python("receive-group", GROUP, "9101", String.valueOf(COUNT));
		first.await("READY", WAIT);
		second.await("READY", WAIT);
		IpcClient client = client(spec("to-group", Role.OUTBOUND, "9101", group()));
		for (int i = 0; i < COUNT; i++) {
			client.send(("m" + i).getBytes());
		}
		say("GOT " + first.await("GOT", WAIT) + " / " + second.await("GOT", WAIT));
	}

	/**
	 * Broadcasts on lo both ways: a python3 peer to an inbound endpoint bound to
	 * 127.255.255.255, an outbound endpoint with {@code udp.broadcast} to a python3 peer;
	 * and the same endpoint without it, refused.
	 */
	private void broadcast() throws Exception {
		RecordingListener listener = new RecordingListener();
		server(spec("broadcast-in", Role.INBOUND, "127.255.255.255:9102", new UdpOptions()), listener);
		python("broadcast", "127.255.255.255", "9102", String.valueOf(COUNT)).await("SENT", WAIT);
		say("BROADCAST-IN " + received(listener, "b"));
		PeerProcess receiver = python("receive", "127.255.255.255", "9103", String.valueOf(COUNT));
		receiver.await("READY", WAIT);
		UdpOptions broadcast = new UdpOptions();
		broadcast.setBroadcast(true);
		IpcClient client = client(spec("broadcast-out", Role.OUTBOUND, "127.255.255.255:9103", broadcast));
		for (int i = 0; i < COUNT; i++) {
			client.send(("b" + i).getBytes());
		}
		say("BROADCAST-OUT " + receiver.await("GOT", WAIT));
		IpcClient refused = client(spec("not-asked", Role.OUTBOUND, "127.255.255.255:9103", new UdpOptions()));
		try {
			refused.send("nobody asked".getBytes());
			say("REFUSED no");
		}
		catch (IpcException ex) {
			say("REFUSED " + ex.getMessage());
		}
	}

	/**
	 * What a listener received: how many datagrams starting with {@code prefix} (at most
	 * {@value #COUNT}, waiting 5 s at most for each), how many of them distinct (a copy
	 * twice would show), and how many others came meanwhile.
	 */
	private static String received(RecordingListener listener, String prefix) throws InterruptedException {
		Set<String> distinct = new HashSet<>();
		int count = 0;
		int others = 0;
		while (count < COUNT) {
			RecordingListener.Received message = listener.poll(Duration.ofSeconds(5));
			if (message == null) {
				break;
			}
			if (message.text().startsWith(prefix)) {
				count++;
				distinct.add(message.text());
			}
			else {
				others++;
			}
		}
		return count + " " + distinct.size() + " " + others;
	}

	private static UdpOptions group() {
		UdpOptions options = new UdpOptions();
		options.setMulticastGroup(GROUP);
		options.setInterface("lo");
		return options;
	}

	private static EndpointSpec spec(String name, Role role, String address, UdpOptions options) {
		EndpointSpec spec = EndpointSpec.builder(name, "udp", role, address).option(UdpOptions.class, options).build();
		udp.validate(spec); // as at start-up
		return spec;
	}

	private void server(EndpointSpec spec, RecordingListener listener) throws Exception {
		IpcServer server = track(udp.createServer(spec));
		server.start(listener);
	}

	private IpcClient client(EndpointSpec spec) {
		return track(udp.createClient(spec));
	}

	private PeerProcess python(String... args) throws Exception {
		return track(PeerProcess.python("udp_group_peer.py", args));
	}

	private <T extends AutoCloseable> T track(T closeable) {
		this.opened.add(closeable);
		return closeable;
	}

	private void closeAll() throws Exception {
		for (int i = this.opened.size() - 1; i >= 0; i--) {
			this.opened.get(i).close();
		}
	}

	private static void say(String line) {
		System.out.println(PeerProcess.SAID + line);
		System.out.flush();
	}

}
