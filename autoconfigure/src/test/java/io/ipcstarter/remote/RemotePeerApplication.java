package io.ipcstarter.remote;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import io.ipcstarter.autoconfigure.IpcAutoConfiguration;
import io.ipcstarter.integration.IpcEndpoint;

/**
 * The other application of the remote-call tests, in a JVM of its own, configured by
 * command-line properties. It always has an {@link InMemoryOrders} bean, so an
 * {@code ipc.remote.*} behind an inbound gateway serves it, as does an endpoint named
 * {@code orders} alone ({@link Orders} is an {@link IpcRemote}). With
 * {@code --peer.call=<remote bean>} it calls the {@link Orders} proxy of that name
 * through every kind of method, says {@code CALLS-OK} (or {@code FAILED ...}) and exits;
 * otherwise it says {@code READY name=address ...} and serves until its standard input
 * ends.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@AutoConfigurationPackage
@ImportAutoConfiguration({ IntegrationAutoConfiguration.class, IpcAutoConfiguration.class })
public class RemotePeerApplication {

	public static void main(String[] args) throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(RemotePeerApplication.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run(args);
		int status = 0;
		String call = context.getEnvironment().getProperty("peer.call");
		try {
			if (call != null) {
				calls(context.getBean(call, Orders.class));
				say("CALLS-OK");
			}
			else {
				StringBuilder ready = new StringBuilder("READY");
				context.getBeansOfType(IpcEndpoint.class)
					.forEach((name, endpoint) -> ready.append(' ')
						.append(endpoint.getSpec().name())
						.append('=')
						.append(endpoint.getAddress()));
				say(ready.toString());
				while (System.in.read() != -1) {
					// serve until the test closes our input
				}
			}
		}
		catch (Exception | AssertionError ex) {
			say("FAILED " + ex);
			status = 1;
		}
		context.close();
		System.exit(status);
	}

	/**
	 * Every kind of call, against a server whose service is an empty
	 * {@link InMemoryOrders}.
	 */
	static void calls(Orders orders) throws Exception {
		Orders.Order placed = orders.place(new Orders.Order("a1", 3, List.of("x", "y"), 0));
		check(placed.equals(new Orders.Order("a1", 3, List.of("x", "y"), 6.0)), "place: " + placed);
		check(orders.find("a1").equals(Optional.of(placed)), "find a1");
		check(orders.find("nope").isEmpty(), "find nope");
		check(orders.all().equals(List.of(placed)), "all");
		check(orders.describe("a1").equals("order a1"), "describe(String)");
		check(orders.describe("a1", 2).equals("order a1 at detail 2"), "describe(String,int)");
		check(orders.stock(Set.of("ab", "c")).equals(java.util.Map.of("ab", 2, "c", 1)), "stock");
		orders.cancel("a1");
		check(orders.count() == 0, "count after cancel");
		try {
			orders.cancel("a1");
			check(false, "cancel of a missing order returned");
		}
		catch (Orders.OrderNotFoundException ex) {
			check(ex.getMessage().equals("no order a1"), "checked exception message: " + ex.getMessage());
		}
		try {
			orders.fail("boom");
			check(false, "fail returned");
		}
		catch (RemoteCallException ex) {
			check(ex.getCode() == RemoteErrorCode.EXCEPTION, "code " + ex.getCode());
			check("java.lang.IllegalStateException".equals(ex.getRemoteType()), "type " + ex.getRemoteType());
			check(ex.getRemoteMessage().equals("boom"), "message " + ex.getRemoteMessage());
		}
		check(orders.hello().equals("hello from 0"), "default method");
	}

	private static void check(boolean ok, String what) {
		if (!ok) {
			throw new AssertionError(what);
		}
	}

	static void say(String line) {
		synchronized (System.out) {
			System.out.println("PEER:" + line);
			System.out.flush();
		}
	}

	@Bean
	InMemoryOrders orders() {
		return new InMemoryOrders();
	}

}
