package io.ipcstarter.reliability;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
import org.springframework.messaging.Message;

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
 * parent then points where its stdout goes).
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({ IntegrationAutoConfiguration.class, IpcAutoConfiguration.class })
public class InboxApplication {

	private static final PrintStream OUT = new PrintStream(System.out, false, StandardCharsets.UTF_8);

	public static void main(String[] args) throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(InboxApplication.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run(args);
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

	static void say(String line) {
		synchronized (OUT) {
			// one write(2) per line (println makes two): a parent writing lines of its
			// own into the same pipe cannot land inside one
			OUT.print("PEER:" + line + "\n");
			OUT.flush();
		}
	}

	@Bean
	Handler inboxHandler(Environment env) {
		return new Handler(env.getProperty("inbox.handler-micros", Long.class, 0L) * 1000);
	}

	/** Records each message, and each error the endpoint reports. */
	static class Handler {

		private final long handlerNanos;

		Handler(long handlerNanos) {
			this.handlerNanos = handlerNanos;
		}

		@ServiceActivator(inputChannel = "in")
		public void receive(byte[] payload) {
			say("R " + new String(payload, StandardCharsets.UTF_8));
			if (this.handlerNanos > 0) {
				LockSupport.parkNanos(this.handlerNanos);
			}
		}

		// a second subscriber of the default errorChannel: its logger stays
		@ServiceActivator(inputChannel = "errorChannel")
		public void error(Message<Throwable> error) {
			Throwable failure = error.getPayload();
			say("E " + ((failure instanceof IpcMessagingException ipc) ? ipc.getReason().tag() : "other"));
		}

	}

}
