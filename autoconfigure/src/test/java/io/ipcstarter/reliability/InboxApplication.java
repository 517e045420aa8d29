package io.ipcstarter.reliability;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

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
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;

import io.ipcstarter.autoconfigure.IpcAutoConfiguration;
import io.ipcstarter.integration.IpcEndpoint;
import io.ipcstarter.integration.IpcMessagingException;

/**
 * The receiving application of the reliability suite for the transports whose bad input
 * only the Spring Integration layer sees ({@code headers: json}): a Spring Boot app of
 * its own JVM with one inbound endpoint named {@code in}, configured entirely by
 * command-line properties ({@code --ipc.endpoints.in.*}), on channel {@code in}, and
 * Spring Integration's default {@code errorChannel} with its default (bounded) logger. It
 * prints, flushed at once so that what a process killed with -9 had done is on record:
 * {@code PEER:READY <address>} once started, {@code PEER:R <payload>} per message (in the
 * handler, before it returns: before {@code file} deletes the file and
 * {@code shared-memory} frees the record), then works {@code inbox.handler-micros}, and
 * {@code PEER:E <reason>} per error reaching the error channel. Every other line on its
 * standard output is the application's log. It runs until its standard input ends; with a
 * {@code stdio} endpoint stdin is the endpoint's, and its log goes to stderr (which a
 * parent then points where its stdout goes). With {@code inbox.reports=stderr} its
 * reports go to stderr too (a {@code stdio} endpoint that writes stdout: a gateway, an
 * outbound one). As an {@code inbound-gateway} it answers each request
 * {@code re:<payload>}.
 * <p>
 * <b>Caller:</b> with an endpoint named {@code out} instead (an {@code outbound} or
 * {@code outbound-gateway} on channel {@code out}) it is the asking side: it prints
 * {@code PEER:READY <address>} of that endpoint, then, for each line read from stdin,
 * sends the line as a request and prints {@code PEER:R <reply>} or
 * {@code PEER:E <reason>} (the reason of the {@link IpcMessagingException} the caller
 * got), then {@code PEER:MS <millis>} the call took; with {@code inbox.requests=<path>}
 * it reads those lines from that file (a FIFO) instead of stdin (which a {@code stdio}
 * gateway's replies use). With {@code inbox.burst=N} it first sends {@code m-0} to
 * {@code m-(N-1)} one way, printing {@code PEER:S <i>} once each send returned.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({ IntegrationAutoConfiguration.class, IpcAutoConfiguration.class })
public class InboxApplication {

	private static final PrintStream OUT = new PrintStream(System.out, false, StandardCharsets.UTF_8);

	private static volatile PrintStream reports = OUT;

	public static void main(String[] args) throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(InboxApplication.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run(args);
		if (context.getEnvironment().containsProperty("ipc.endpoints.out.transport")) {
			// the outbound endpoint's bean is the handler, not the consumer named ipc.out
			say("READY " + context.getBeansOfType(IpcEndpoint.class).values().iterator().next().getAddress());
			call(context);
			context.close();
			return;
		}
		say("READY " + context.getBean("ipc.in", IpcEndpoint.class).getAddress());
		if ("stdio".equals(context.getEnvironment().getProperty("ipc.endpoints.in.transport"))) {
			// stdin is the endpoint's: like any stdio application this one runs until
			// its parent closes stdin (the endpoint's listening thread keeps it alive)
			return;
		}
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		while (in.readLine() != null) {
			// runs until its input ends (or it is killed)
		}
		context.close();
	}

	/**
	 * The caller: {@code inbox.burst} one-way sends, then one request per line of stdin.
	 */
	private static void call(ConfigurableApplicationContext context) throws Exception {
		MessageChannel out = context.getBean("out", MessageChannel.class);
		MessagingTemplate template = new MessagingTemplate();
		int burst = context.getEnvironment().getProperty("inbox.burst", Integer.class, 0);
		int size = context.getEnvironment().getProperty("inbox.burst-size", Integer.class, 0);
		for (int i = 0; i < burst; i++) {
			StringBuilder payload = new StringBuilder("m-" + i);
			while (payload.length() < size) {
				// padding after a space: the message is the word before it
				payload.append((payload.length() == 2 + String.valueOf(i).length()) ? ' ' : '.');
			}
			try {
				template.send(out,
						MessageBuilder.withPayload(payload.toString().getBytes(StandardCharsets.UTF_8)).build());
				say("S " + i);
			}
			catch (RuntimeException ex) {
				say("E " + reasonOf(ex));
			}
		}
		String requests = context.getEnvironment().getProperty("inbox.requests");
		// a stdio gateway's stdin is the endpoint's: its requests come from a file (a
		// FIFO) instead
		BufferedReader in = (requests != null) ? Files.newBufferedReader(Path.of(requests), StandardCharsets.UTF_8)
				: new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		String line;
		while ((line = in.readLine()) != null) {
			long start = System.nanoTime();
			try {
				Message<?> reply = template.sendAndReceive(out,
						MessageBuilder.withPayload(line.getBytes(StandardCharsets.UTF_8)).build());
				Object payload = (reply != null) ? reply.getPayload() : "(none)";
				say("R " + ((payload instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : payload));
			}
			catch (RuntimeException ex) {
				say("E " + reasonOf(ex));
			}
			say("MS " + (System.nanoTime() - start) / 1_000_000);
		}
	}

	/** The reason of the {@link IpcMessagingException} in {@code failure}'s causes. */
	private static String reasonOf(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof IpcMessagingException ipc) {
				return ipc.getReason().tag();
			}
		}
		return "other " + failure;
	}

	static void say(String line) {
		PrintStream out = reports;
		synchronized (out) {
			// one write(2) per line (println makes two): a parent writing lines of its
			// own into the same pipe cannot land inside one
			out.print("PEER:" + line + "\n");
			out.flush();
		}
	}

	@Bean
	Handler inboxHandler(Environment env) {
		if ("stderr".equals(env.getProperty("inbox.reports"))) {
			// before any message can come: the endpoints start after the beans are made
			reports = new PrintStream(new FileOutputStream(FileDescriptor.err), false, StandardCharsets.UTF_8);
		}
		return new Handler(env.getProperty("inbox.handler-micros", Long.class, 0L) * 1000,
				"inbound-gateway".equals(env.getProperty("ipc.endpoints.in.role")));
	}

	/** Records each message, and each error the endpoint reports. */
	static class Handler {

		private final long handlerNanos;

		private final boolean replies;

		Handler(long handlerNanos, boolean replies) {
			this.handlerNanos = handlerNanos;
			this.replies = replies;
		}

		/** The reply for a gateway: {@code re:<payload>} (one-way endpoints drop it). */
		@ServiceActivator(inputChannel = "in")
		public byte[] receive(byte[] payload) {
			String text = new String(payload, StandardCharsets.UTF_8);
			say("R " + text);
			if (this.handlerNanos > 0) {
				LockSupport.parkNanos(this.handlerNanos);
			}
			return this.replies ? ("re:" + text).getBytes(StandardCharsets.UTF_8) : null;
		}

		// a second subscriber of the default errorChannel: its logger stays
		@ServiceActivator(inputChannel = "errorChannel")
		public void error(Message<Throwable> error) {
			Throwable failure = error.getPayload();
			say("E " + ((failure instanceof IpcMessagingException ipc) ? ipc.getReason().tag() : "other"));
		}

	}

}
