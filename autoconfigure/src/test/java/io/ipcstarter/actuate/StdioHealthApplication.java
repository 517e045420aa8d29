package io.ipcstarter.actuate;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.MessageChannel;

import io.ipcstarter.actuate.autoconfigure.IpcHealthContributorAutoConfiguration;
import io.ipcstarter.actuate.autoconfigure.IpcMonitoringAutoConfiguration;
import io.ipcstarter.autoconfigure.IpcAutoConfiguration;

/**
 * A child JVM for {@code StdioHealthTests}: a Spring Boot application with a
 * {@code stdio} inbound endpoint {@code in} and a {@code unix-socket} pair, {@code back}
 * (inbound, which keeps the application running after stdin ends) and {@code out}
 * (outbound to it, sending a message every 100 ms). It prints on file descriptor 1 (the
 * stdio endpoint is inbound: nothing else writes there) {@code PEER:READY}, then
 * {@code PEER:R <payload>} per message on {@code in}, and every 100 ms
 * {@code PEER:H in=<status> peers=<n> out=<status> sent=<n>} from the {@code ipc} health
 * contributor. Runs until killed. Properties: {@code --socket=<path>}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({ IntegrationAutoConfiguration.class, IpcAutoConfiguration.class,
		IpcMonitoringAutoConfiguration.class, IpcHealthContributorAutoConfiguration.class })
public class StdioHealthApplication {

	private static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), false,
			StandardCharsets.UTF_8);

	public static void main(String[] args) throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(StdioHealthApplication.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run(args);
		context.getBean("in", DirectChannel.class)
			.subscribe((message) -> say("R " + new String((byte[]) message.getPayload(), StandardCharsets.UTF_8)));
		context.getBean("back", DirectChannel.class).subscribe((message) -> {
		});
		MessageChannel out = context.getBean("out", MessageChannel.class);
		IpcHealthContributor health = context.getBean(IpcHealthContributor.class);
		say("READY");
		for (int sent = 0;; sent++) {
			out.send(MessageBuilder.withPayload(("tick " + sent).getBytes(StandardCharsets.UTF_8)).build());
			say("H in=" + status(health, "in") + " out=" + status(health, "out") + " sent=" + (sent + 1));
			Thread.sleep(100);
		}
	}

	private static String status(IpcHealthContributor health, String name) {
		var h = ((HealthIndicator) health.getContributor(name)).health();
		return h.getStatus().getCode() + " peers=" + h.getDetails().get("peers");
	}

	static void say(String line) {
		synchronized (OUT) {
			OUT.print("PEER:" + line + "\n");
			OUT.flush();
		}
	}

	@Bean
	DirectChannel in() {
		return new DirectChannel();
	}

	@Bean
	DirectChannel back() {
		return new DirectChannel();
	}

	@Bean
	DirectChannel out() {
		return new DirectChannel();
	}

}
