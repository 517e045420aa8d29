package io.ipcstarter.crossprocess;

import java.io.BufferedReader;
import java.io.InputStreamReader;
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
 * The peer process of the cross-process tests: a Spring Boot app of its own JVM,
 * configured entirely by command-line properties ({@code --ipc.endpoints.peer-*.*}). Its
 * beans: an echo service on channel {@code echo}, and an order check on channel
 * {@code sink} that says {@code ORDER-OK n} once {@code m0 ... m(n-1)} arrived in order
 * ({@code n} = {@code peer.expected}). Its outbound endpoints take channel {@code out}
 * (one-way) and {@code ask} (requests).
 * <p>
 * Lines for the test start with {@code PEER:}. Once started it says
 * {@code READY name=address ...} for each of its endpoints, then takes commands on
 * standard input, one per line, until the input ends:
 * <ul>
 * <li>{@code send N}: send {@code m0 ... m(N-1)} to channel {@code out}, then say
 * {@code SENT N};</li>
 * <li>{@code request T N}: from {@code T} threads send {@code N} requests each to channel
 * {@code ask}, check every reply is the caller's own request, then say
 * {@code REPLIES-OK T*N}.</li>
 * </ul>
 * With {@code --peer.run="send 10000"} it runs that one command and exits instead.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({ IntegrationAutoConfiguration.class, IpcAutoConfiguration.class })
public class PeerApplication {

	public static void main(String[] args) throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(PeerApplication.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run(args);
		StringBuilder ready = new StringBuilder("READY");
		context.getBeansOfType(IpcEndpoint.class)
			.forEach((name, endpoint) -> ready.append(' ')
				.append(endpoint.getSpec().name())
				.append('=')
				.append(endpoint.getAddress()));
		say(ready.toString());
		int status = 0;
		try {
			String once = context.getEnvironment().getProperty("peer.run");
			if (once != null) {
				run(context, once);
			}
			else {
				BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
				String command;
				while ((command = in.readLine()) != null) {
					run(context, command);
				}
			}
		}
		catch (Exception ex) {
			say("FAILED " + ex);
			status = 1;
		}
		context.close();
		System.exit(status);
	}

	private static void run(ConfigurableApplicationContext context, String command) throws Exception {
		String[] words = command.trim().split("\\s+");
		switch (words[0]) {
			case "send" -> send(context, Integer.parseInt(words[1]));
			case "request" -> request(context, Integer.parseInt(words[1]), Integer.parseInt(words[2]));
			default -> throw new IllegalArgumentException("Unknown command " + command);
		}
	}

	private static void send(ConfigurableApplicationContext context, int count) {
		MessageChannel out = context.getBean("out", MessageChannel.class);
		for (int i = 0; i < count; i++) {
			out.send(new GenericMessage<>(("m" + i).getBytes(StandardCharsets.UTF_8)));
		}
		say("SENT " + count);
	}

	private static void request(ConfigurableApplicationContext context, int threads, int count) throws Exception {
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
