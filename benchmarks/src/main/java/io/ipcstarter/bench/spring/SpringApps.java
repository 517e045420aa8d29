package io.ipcstarter.bench.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.GenericMessage;

import io.ipcstarter.bench.Receiver;
import io.ipcstarter.bench.Sender;
import io.ipcstarter.bench.SinkCounter;

/**
 * Starts the benchmark's Spring Boot apps and wraps them as a {@link Receiver} or
 * {@link Sender}.
 */
public final class SpringApps {

	private SpringApps() {
	}

	/**
	 * Start an app with the given properties (as command-line arguments, so they win over
	 * the YAML) and wait until every Spring Integration TCP server in it listens. Every
	 * app, ours and Spring Integration's TCP peer alike, runs with
	 * {@code ipc.message-ids=fast} (the starter is on each app's classpath): Spring's
	 * default message ids draw 16 random bytes per message, which cost the shared-memory
	 * starter's one-way rate 40–55 % in an A/B run.
	 */
	public static ConfigurableApplicationContext run(Class<?> app, Map<String, String> properties)
			throws InterruptedException {
		List<String> args = new ArrayList<>();
		properties.forEach((key, value) -> args.add("--" + key + "=" + value));
		args.add("--ipc.message-ids=fast");
		args.add("--spring.main.banner-mode=off");
		args.add("--logging.level.root=WARN");
		ConfigurableApplicationContext context = new SpringApplicationBuilder(app).web(WebApplicationType.NONE)
			.run(args.toArray(String[]::new));
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		for (AbstractServerConnectionFactory server : context.getBeansOfType(AbstractServerConnectionFactory.class)
			.values()) {
			while (!server.isListening()) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("TCP server on port " + server.getPort() + " is not listening");
				}
				// polling a flag with a deadline: the factory offers no listening
				// callback
				Thread.sleep(10);
			}
		}
		return context;
	}

	/** The receiving side: the app's {@link SinkCounter}. */
	public static Receiver receiver(ConfigurableApplicationContext context) {
		SinkCounter counter = context.getBean(SinkCounter.class);
		return new Receiver() {

			@Override
			public SinkCounter counter() {
				return counter;
			}

			@Override
			public void close() {
				context.close();
			}

		};
	}

	/**
	 * The sending side: one-way messages to channel {@code out}, requests to channel
	 * {@code ask}.
	 */
	public static Sender sender(ConfigurableApplicationContext context) {
		MessageChannel out = context.getBean("out", MessageChannel.class);
		// none in the one-way apps of a transport without gateways
		MessageChannel ask = context.containsBean("ask") ? context.getBean("ask", MessageChannel.class) : null;
		MessagingTemplate template = new MessagingTemplate();
		template.setReceiveTimeout(30_000);
		template.setSendTimeout(30_000);
		return new Sender() {

			@Override
			public void send(byte[] payload) {
				out.send(new GenericMessage<>(payload));
			}

			@Override
			public byte[] request(byte[] payload) {
				if (ask == null) {
					throw new UnsupportedOperationException("This app has no outbound gateway");
				}
				Message<?> reply = template.sendAndReceive(ask, new GenericMessage<>(payload));
				if (reply == null) {
					throw new IllegalStateException("No reply within 30 s");
				}
				return (byte[]) reply.getPayload();
			}

			@Override
			public void close() {
				context.close();
			}

		};
	}

}
