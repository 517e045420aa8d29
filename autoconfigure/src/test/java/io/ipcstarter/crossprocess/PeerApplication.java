package io.ipcstarter.crossprocess;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.integration.annotation.ServiceActivator;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.GenericMessage;

import io.ipcstarter.autoconfigure.IpcAutoConfiguration;
import io.ipcstarter.integration.IpcEndpoint;

/**
 * The peer process of the cross-process tests: a Spring Boot app of its own JVM, configured entirely by
 * command-line properties ({@code --ipc.endpoints.peer.*}), doing what {@code --peer.mode} says:
 * <ul>
 * <li>{@code echo}: answer requests on channel {@code echo} with the request;</li>
 * <li>{@code sink}: check that {@code m0, m1, ...} arrive on channel {@code sink} in order, report
 * {@code ORDER-OK n} once {@code peer.expected} arrived;</li>
 * <li>{@code send}: send {@code peer.count} messages {@code m0, m1, ...} to channel {@code out}, then report
 * {@code SENT n} and exit;</li>
 * <li>{@code request}: from {@code peer.threads} threads send {@code peer.count} requests each to channel
 * {@code ask}, check every reply is the caller's own request echoed, report {@code REPLIES-OK n} and exit.</li>
 * </ul>
 * Lines for the test start with {@code PEER:}; {@code PEER:READY <address>} says the endpoint is started. A serving
 * peer exits when its standard input closes.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({ IntegrationAutoConfiguration.class, IpcAutoConfiguration.class })
public class PeerApplication {

	static final String ENDPOINT = "peer";

	public static void main(String[] args) throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(PeerApplication.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run(args);
		Environment env = context.getEnvironment();
		String mode = env.getRequiredProperty("peer.mode");
		IpcEndpoint endpoint = endpoint(context);
		say("READY " + endpoint.getAddress());
		int status = 0;
		try {
			switch (mode) {
				case "echo", "sink" -> waitForStdinToClose();
				case "send" -> send(context, env.getProperty("peer.count", Integer.class, 10_000));
				case "request" -> status = request(context, env.getProperty("peer.threads", Integer.class, 8),
						env.getProperty("peer.count", Integer.class, 100));
				default -> throw new IllegalArgumentException("Unknown peer.mode " + mode);
			}
		}
		catch (Exception ex) {
			say("FAILED " + ex);
			status = 1;
		}
		context.close();
		System.exit(status);
	}

	private static IpcEndpoint endpoint(ConfigurableApplicationContext context) {
		String name = "ipc." + ENDPOINT;
		return context.containsBean(name + ".handler") ? context.getBean(name + ".handler", IpcEndpoint.class)
				: context.getBean(name, IpcEndpoint.class);
	}

	private static void send(ConfigurableApplicationContext context, int count) {
		MessageChannel out = context.getBean("out", MessageChannel.class);
		for (int i = 0; i < count; i++) {
			out.send(new GenericMessage<>(("m" + i).getBytes(StandardCharsets.UTF_8)));
		}
		say("SENT " + count);
	}

	private static int request(ConfigurableApplicationContext context, int threads, int count) throws Exception {
		MessageChannel ask = context.getBean("ask", MessageChannel.class);
		MessagingTemplate template = new MessagingTemplate();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		AtomicInteger ok = new AtomicInteger();
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int id = t;
			futures.add(pool.submit(() -> {
				for (int i = 0; i < count; i++) {
					String request = "t" + id + "-" + i;
					Message<?> reply = template.sendAndReceive(ask,
							new GenericMessage<>(request.getBytes(StandardCharsets.UTF_8)));
					String answer = (reply != null) ? new String((byte[]) reply.getPayload(), StandardCharsets.UTF_8)
							: null;
					if (!request.equals(answer)) {
						throw new IllegalStateException("asked " + request + ", got " + answer);
					}
					ok.incrementAndGet();
				}
				return null;
			}));
		}
		try {
			for (Future<?> f : futures) {
				f.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		say("REPLIES-OK " + ok.get());
		return 0;
	}

	private static void waitForStdinToClose() throws IOException {
		InputStream in = System.in;
		while (in.read() >= 0) {
			// only the end of input matters
		}
	}

	static void say(String line) {
		synchronized (System.out) {
			System.out.println("PEER:" + line);
			System.out.flush();
		}
	}

	@Bean
	Echo echoService() {
		return new Echo();
	}

	@Bean
	OrderCheck orderCheck(Environment env) {
		return new OrderCheck(env.getProperty("peer.expected", Integer.class, 10_000));
	}

	/** Answers with the request. */
	static class Echo {

		@ServiceActivator(inputChannel = "echo")
		public Object echo(Object payload) {
			return payload;
		}

	}

	/** Checks that one-way messages arrive in order, none lost. */
	static class OrderCheck {

		private final int expected;

		private int next;

		OrderCheck(int expected) {
			this.expected = expected;
		}

		@ServiceActivator(inputChannel = "sink")
		public synchronized void receive(byte[] payload) {
			if (this.next < 0) {
				return; // already reported
			}
			String text = new String(payload, StandardCharsets.UTF_8);
			if (!text.equals("m" + this.next)) {
				say("ORDER-BAD expected m" + this.next + " got " + text);
				this.next = -1;
				return;
			}
			this.next++;
			if (this.next == this.expected) {
				say("ORDER-OK " + this.next);
			}
		}

	}

}
