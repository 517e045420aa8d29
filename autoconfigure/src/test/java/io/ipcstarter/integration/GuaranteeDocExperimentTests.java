package io.ipcstarter.integration;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;

import io.ipcstarter.actuate.IpcEndpointActivity;
import io.ipcstarter.actuate.IpcEndpoints;
import io.ipcstarter.testsupport.IpcContextRunners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Experiments behind statements in {@code docs/guarantees.md} and
 * {@code docs/wire-formats.md}: what a peer beyond {@code max-connections} sees, and
 * which headers an inbound gateway's reply carries with {@code headers: json}. They print
 * what they observe and assert only what the docs state.
 */
class GuaranteeDocExperimentTests {

	@TempDir
	Path dir;

	@Test
	void inboundGatewayReplyCarriesTheReplyMessagesStringHeaders() throws Exception {
		String sock = this.dir.resolve("gw.sock").toString();
		IpcContextRunners.withMonitoring()
			.withUserConfiguration(EchoFlows.class)
			.withPropertyValues("ipc.endpoints.gw.transport=unix-socket", "ipc.endpoints.gw.role=inbound-gateway",
					"ipc.endpoints.gw.address=" + sock, "ipc.endpoints.gw.channel=work",
					"ipc.endpoints.gw.headers=json", "ipc.endpoints.gw.payload-type=text",
					"ipc.endpoints.gw2.transport=unix-socket", "ipc.endpoints.gw2.role=inbound-gateway",
					"ipc.endpoints.gw2.address=" + this.dir.resolve("gw2.sock"), "ipc.endpoints.gw2.channel=work2",
					"ipc.endpoints.gw2.headers=json", "ipc.endpoints.gw2.payload-type=text")
			.run((context) -> {
				String plain = exchange(UnixDomainSocketAddress.of(sock), "{\"tenant\":\"acme\"}", "hi");
				System.out.println("EXPERIMENT plain-payload handler reply: " + plain);
				assertThat(plain).contains("\"tenant\":\"acme\"").endsWith("hi!");
				String own = exchange(UnixDomainSocketAddress.of(this.dir.resolve("gw2.sock")), "{\"tenant\":\"acme\"}",
						"hi");
				System.out.println("EXPERIMENT message-returning handler reply: " + own);
				// Spring Integration copies the request's headers into the reply (if
				// absent), so the peer's come back too
				assertThat(own).contains("\"status\":\"ok\"").contains("\"tenant\":\"acme\"").endsWith("hi?");
			});
	}

	/**
	 * Send one length-prefixed frame with a header block, read the reply frame; header
	 * JSON + " | " + payload.
	 */
	private static String exchange(SocketAddress address, String json, String payload) throws IOException {
		StandardProtocolFamily family = (address instanceof UnixDomainSocketAddress) ? StandardProtocolFamily.UNIX
				: StandardProtocolFamily.INET;
		try (SocketChannel ch = SocketChannel.open(family)) {
			ch.connect(address);
			byte[] block = json.getBytes(StandardCharsets.UTF_8);
			byte[] body = payload.getBytes(StandardCharsets.UTF_8);
			ByteBuffer out = ByteBuffer.allocate(8 + block.length + body.length);
			out.putInt(4 + block.length + body.length).putInt(block.length).put(block).put(body).flip();
			while (out.hasRemaining()) {
				ch.write(out);
			}
			ByteBuffer len = readFully(ch, 4);
			ByteBuffer frame = readFully(ch, len.getInt());
			int h = frame.getInt();
			byte[] headers = new byte[h];
			frame.get(headers);
			byte[] rest = new byte[frame.remaining()];
			frame.get(rest);
			return new String(headers, StandardCharsets.UTF_8) + " | " + new String(rest, StandardCharsets.UTF_8);
		}
	}

	private static ByteBuffer readFully(SocketChannel ch, int n) throws IOException {
		ByteBuffer buf = ByteBuffer.allocate(n);
		while (buf.hasRemaining()) {
			if (ch.read(buf) < 0) {
				throw new IOException("EOF after " + buf.position() + " of " + n);
			}
		}
		return buf.flip();
	}

	@Test
	void peerBeyondMaxConnectionsOnUnixSocket() throws Exception {
		peerBeyondTheLimit("unix-socket", this.dir.resolve("mc.sock").toString(),
				UnixDomainSocketAddress.of(this.dir.resolve("mc.sock")));
	}

	@Test
	void peerBeyondMaxConnectionsOnTcp() throws Exception {
		int port;
		try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
			port = s.getLocalPort();
		}
		peerBeyondTheLimit("tcp", "127.0.0.1:" + port, new InetSocketAddress("127.0.0.1", port));
	}

	private void peerBeyondTheLimit(String transport, String address, SocketAddress socketAddress) {
		IpcContextRunners.withActuator()
			.withBean("in", QueueChannel.class)
			.withPropertyValues("ipc.endpoints.in.transport=" + transport, "ipc.endpoints.in.role=inbound",
					"ipc.endpoints.in.address=" + address, "ipc.endpoints.in.channel=in",
					"ipc.endpoints.in.max-connections=1", "ipc.endpoints.in.framing=line",
					"ipc.endpoints.out.transport=" + transport, "ipc.endpoints.out.role=outbound",
					"ipc.endpoints.out.address=" + address, "ipc.endpoints.out.channel=out",
					"ipc.endpoints.out.framing=line", "ipc.endpoints.out.send-timeout=2s")
			.run((context) -> {
				QueueChannel in = context.getBean("in", QueueChannel.class);
				IpcEndpointActivity activity = context.getBean(IpcEndpoints.class).get("in");
				StandardProtocolFamily family = (socketAddress instanceof UnixDomainSocketAddress)
						? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET;
				SocketChannel waiting = SocketChannel.open(family);
				try (SocketChannel holder = SocketChannel.open(family)) {
					holder.connect(socketAddress);
					holder.write(ByteBuffer.wrap("holder\n".getBytes(StandardCharsets.US_ASCII)));
					assertThat(in.receive(5000).getPayload()).isNotNull();
					// a raw peer beyond the limit: the OS completes its connection and
					// takes its bytes; the endpoint does not accept it yet
					boolean connected = waiting.connect(socketAddress);
					int written = waiting.write(ByteBuffer.wrap("raw\n".getBytes(StandardCharsets.US_ASCII)));
					System.out.println("EXPERIMENT " + transport + " peer beyond the limit: connect returned "
							+ connected + ", write returned " + written);
					// our own outbound endpoint beyond the limit
					MessageChannel out = context.getBean("out", MessageChannel.class);
					for (int i = 0; i < 5; i++) {
						out.send(MessageBuilder.withPayload("from-outbound-" + i).build());
					}
					Message<?> early = in.receive(500);
					System.out.println("EXPERIMENT " + transport + " delivered while the limit is reached: "
							+ (early == null ? "nothing" : early.getPayload()));
					assertThat(early).as("nothing is read while the limit is reached").isNull();
				}
				// the holder has gone: the waiting connections are accepted in turn, the
				// raw peer's first (it connected first); it holds the one place until it
				// closes
				java.util.List<String> delivered = new java.util.ArrayList<>();
				Message<?> next = in.receive(5000);
				assertThat(next).as("the raw peer's message").isNotNull();
				delivered.add(new String((byte[]) next.getPayload(), StandardCharsets.US_ASCII));
				waiting.close();
				while (delivered.size() < 6 && (next = in.receive(5000)) != null) {
					delivered.add(new String((byte[]) next.getPayload(), StandardCharsets.US_ASCII));
				}
				System.out.println("EXPERIMENT " + transport + " delivered once a place freed: " + delivered);
				assertThat(delivered).containsExactlyInAnyOrder("raw", "from-outbound-0", "from-outbound-1",
						"from-outbound-2", "from-outbound-3", "from-outbound-4");
				assertThat(activity.errors()).as("waiting for a place is no error").isZero();
			});
	}

	@Test
	void oneWaySendsQueuedInTheKernelWhenTheInboundEndpointStops() throws Exception {
		String sock = this.dir.resolve("stop.sock").toString();
		IpcContextRunners.withActuator()
			.withUserConfiguration(SlowSink.class)
			.withPropertyValues("ipc.endpoints.in.transport=unix-socket", "ipc.endpoints.in.role=inbound",
					"ipc.endpoints.in.address=" + sock, "ipc.endpoints.in.channel=slow",
					"ipc.endpoints.out.transport=unix-socket", "ipc.endpoints.out.role=outbound",
					"ipc.endpoints.out.address=" + sock, "ipc.endpoints.out.channel=out")
			.run((context) -> {
				MessageChannel out = context.getBean("out", MessageChannel.class);
				int sent = 0;
				// more than the stop's drain can handle (10 ms each against a 5 s drain),
				// so that whether some are lost does not depend on how fast this machine
				// is
				for (int i = 0; i < 1000; i++) {
					out.send(MessageBuilder.withPayload(("m" + i).getBytes(StandardCharsets.US_ASCII)).build());
					sent++;
				}
				await().atMost(Duration.ofSeconds(10)).until(() -> SlowSink.handled.get() > 0);
				context.getBean(IpcEndpoint.BEAN_PREFIX + "in", org.springframework.context.Lifecycle.class).stop();
				int handled = SlowSink.handled.get();
				System.out
					.println("EXPERIMENT stop: sends returned " + sent + ", handled before stop returned " + handled);
				int afterStop = SlowSink.handled.get();
				// nothing more is handled once the stop returned: the rest of the sends
				// are lost
				await().during(Duration.ofMillis(500))
					.atMost(Duration.ofSeconds(2))
					.until(() -> SlowSink.handled.get() == afterStop);
				System.out.println("EXPERIMENT stop: handled 500 ms after stop " + SlowSink.handled.get());
				assertThat(SlowSink.handled.get()).isLessThan(sent);
			});
	}

	@Test
	@org.junit.jupiter.api.condition.DisabledOnOs(org.junit.jupiter.api.condition.OS.WINDOWS)
	void fifoGoodLinesDuringAStormOfOversizeLines() throws Exception {
		String fifo = this.dir.resolve("storm.fifo").toString();
		IpcContextRunners.withActuator()
			.withBean("lines", QueueChannel.class)
			.withPropertyValues("ipc.endpoints.lines.transport=fifo", "ipc.endpoints.lines.role=inbound",
					"ipc.endpoints.lines.address=" + fifo, "ipc.endpoints.lines.channel=lines",
					"ipc.endpoints.lines.framing=line", "ipc.endpoints.lines.max-message-size=64")
			.run((context) -> {
				QueueChannel lines = context.getBean("lines", QueueChannel.class);
				String good = "import os,sys,time\nfd=os.open(sys.argv[1],os.O_WRONLY)\n"
						+ "for i in range(1000):\n  os.write(fd,b'good-%d\\n' % i)\n  time.sleep(0.0005)\n";
				String bad = "import os,sys,time\nfd=os.open(sys.argv[1],os.O_WRONLY)\n"
						+ "for i in range(300):\n  os.write(fd,b'x'*100+b'\\n')\n  time.sleep(0.001)\n";
				try (io.ipcstarter.testsupport.PeerProcess g = io.ipcstarter.testsupport.PeerProcess.pythonCode(good,
						fifo);
						io.ipcstarter.testsupport.PeerProcess b = io.ipcstarter.testsupport.PeerProcess.pythonCode(bad,
								fifo)) {
					g.awaitExit(Duration.ofSeconds(60));
					b.awaitExit(Duration.ofSeconds(60));
				}
				int arrived = 0;
				while (lines.receive(1000) != null) {
					arrived++;
				}
				IpcEndpointActivity activity = context.getBean(IpcEndpoints.class).get("lines");
				System.out.println("EXPERIMENT fifo storm: good lines arrived " + arrived + " of 1000; errors counted "
						+ activity.errors() + " for 300 oversize lines");
				assertThat(arrived).isLessThanOrEqualTo(1000);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class SlowSink {

		static final java.util.concurrent.atomic.AtomicInteger handled = new java.util.concurrent.atomic.AtomicInteger();

		@Bean
		IntegrationFlow slowFlow() {
			return IntegrationFlow.from("slow").handle((payload, headers) -> {
				try {
					Thread.sleep(10);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				handled.incrementAndGet();
				return null;
			}).get();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EchoFlows {

		@Bean
		IntegrationFlow echo() {
			return IntegrationFlow.from("work").handle((payload, headers) -> payload + "!").get();
		}

		@Bean
		IntegrationFlow own() {
			return IntegrationFlow.from("work2")
				.handle((payload,
						headers) -> MessageBuilder.withPayload(payload + "?").setHeader("status", "ok").build())
				.get();
		}

	}

}
