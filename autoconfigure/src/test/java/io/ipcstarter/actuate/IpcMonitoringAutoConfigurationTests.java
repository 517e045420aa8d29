package io.ipcstarter.actuate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.support.MessageBuilder;

import io.ipcstarter.actuate.IpcActuatorEndpoint.IpcEndpointDescriptor;
import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.PeerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Health, the {@code ipc} actuator endpoint, and the starter without the optional
 * monitoring libraries.
 */
class IpcMonitoringAutoConfigurationTests {

	/**
	 * The health endpoint as an application has it, with Spring Boot's {@code ping}
	 * beside {@code ipc}.
	 */
	private static final AutoConfigurations HEALTH_ENDPOINT = AutoConfigurations.of(
			HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
			HealthEndpointAutoConfiguration.class);

	private final ApplicationContextRunner runner = IpcContextRunners.withActuator()
		.withBean("events", QueueChannel.class)
		.withPropertyValues("management.endpoints.web.exposure.include=ipc");

	@TempDir
	Path dir;

	private String[] endpoints() {
		String sock = this.dir.resolve("in.sock").toString();
		return new String[] { "ipc.endpoints.events.transport=unix-socket", "ipc.endpoints.events.role=inbound",
				"ipc.endpoints.events.address=" + sock, "ipc.endpoints.events.channel=events",
				"ipc.endpoints.lost.transport=unix-socket", "ipc.endpoints.lost.role=outbound",
				"ipc.endpoints.lost.address=" + this.dir.resolve("none.sock"), "ipc.endpoints.lost.channel=lost",
				"ipc.endpoints.lost.send-timeout=200ms" };
	}

	@Test
	void healthShouldShowFailingAndStoppedEndpointsWithoutTakingTheApplicationDown() throws Exception {
		this.runner.withConfiguration(HEALTH_ENDPOINT)
			.withPropertyValues(endpoints())
			.withPropertyValues("ipc.health.down-after=0s", "management.endpoints.web.exposure.include=ipc,health")
			.run((context) -> {
				CompositeHealthContributor ipc = context.getBean("ipcHealthContributor",
						CompositeHealthContributor.class);
				HealthEndpoint health = context.getBean(HealthEndpoint.class);
				assertThat(ipc.stream().map((entry) -> entry.name())).containsExactly("events", "lost");
				assertThat(health(ipc, "lost").getStatus()).as("no send tried yet").isEqualTo(Status.UP);

				failToSend(context, "lost");
				Health lost = health(ipc, "lost");
				assertThat(lost.getStatus()).isEqualTo(IpcEndpointHealthIndicator.FAILING);
				assertThat(lost.getDetails()).containsEntry("transport", "unix-socket")
					.containsEntry("role", "outbound")
					.containsKeys("lastError", "failingSince")
					.doesNotContainKey("lastErrorAt");
				assertThat(health.health().getStatus()).as("a peer down is not the application down")
					.isEqualTo(Status.UP);

				Health events = health(ipc, "events");
				assertThat(events.getStatus()).isEqualTo(Status.UP);
				assertThat(events.getDetails()).containsEntry("peers", 0)
					.containsEntry("address", this.dir.resolve("in.sock").toString());

				context.getBean(IpcActuatorEndpoint.class).state("events", "stopped");
				assertThat(health(ipc, "events").getStatus()).isEqualTo(IpcEndpointHealthIndicator.STOPPED);
				assertThat(health.health().getStatus()).as("a stopped endpoint is not the application out of service")
					.isEqualTo(Status.UP);
				assertThat(context.getBean(HealthEndpointGroups.class)
					.getPrimary()
					.getHttpCodeStatusMapper()
					.getStatusCode(health.health().getStatus())).isEqualTo(200);
				context.getBean(IpcActuatorEndpoint.class).state("events", "started");
				assertThat(health(ipc, "events").getStatus()).isEqualTo(Status.UP);
			});
	}

	@Test
	void healthWhenStatusesOptedInShouldTakeTheApplicationDownAndOutOfService() throws Exception {
		this.runner.withConfiguration(HEALTH_ENDPOINT)
			.withPropertyValues(endpoints())
			.withPropertyValues("ipc.health.down-after=0s", "ipc.health.failing-status=DOWN",
					"ipc.health.stopped-status=OUT_OF_SERVICE", "management.endpoints.web.exposure.include=ipc,health")
			.run((context) -> {
				CompositeHealthContributor ipc = context.getBean("ipcHealthContributor",
						CompositeHealthContributor.class);
				HealthEndpoint health = context.getBean(HealthEndpoint.class);
				context.getBean(IpcActuatorEndpoint.class).state("events", "stopped");
				assertThat(health(ipc, "events").getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
				assertThat(health.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
				failToSend(context, "lost");
				assertThat(health(ipc, "lost").getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
			});
	}

	@Test
	void healthInAReadinessGroupWithItsOwnStatusOrderShouldTakeOnlyThatGroupDown() throws Exception {
		this.runner.withConfiguration(HEALTH_ENDPOINT)
			.withPropertyValues(endpoints())
			.withPropertyValues("ipc.health.down-after=0s", "management.endpoints.web.exposure.include=ipc,health",
					"management.endpoint.health.group.readiness.include=ipc",
					"management.endpoint.health.group.readiness.status.order="
							+ "DOWN,FAILING,OUT_OF_SERVICE,STOPPED,UP,UNKNOWN",
					"management.endpoint.health.group.readiness.status.http-mapping.FAILING=503",
					"management.endpoint.health.group.readiness.status.http-mapping.STOPPED=503")
			.run((context) -> {
				HealthEndpoint health = context.getBean(HealthEndpoint.class);
				failToSend(context, "lost");
				assertThat(health.health().getStatus()).isEqualTo(Status.UP);
				Status readiness = health.healthForPath("readiness").getStatus();
				assertThat(readiness).isEqualTo(IpcEndpointHealthIndicator.FAILING);
				assertThat(context.getBean(HealthEndpointGroups.class)
					.get("readiness")
					.getHttpCodeStatusMapper()
					.getStatusCode(readiness)).isEqualTo(503);
			});
	}

	@Test
	void lastErrorShouldHaveOneShapeInHealthAndTheActuatorWithTheTimeoutAsWritten() {
		this.runner.withPropertyValues(endpoints()).run((context) -> {
			failToSend(context, "lost");
			CompositeHealthContributor ipc = context.getBean("ipcHealthContributor", CompositeHealthContributor.class);
			IpcEndpointActivity.LastError inActuator = context.getBean(IpcActuatorEndpoint.class)
				.endpoint("lost")
				.lastError();
			assertThat(health(ipc, "lost").getDetails().get("lastError")).isEqualTo(inActuator);
			assertThat(inActuator.reason()).isEqualTo("timeout");
			assertThat(inActuator.message()).contains("send-timeout 200ms").doesNotContain("PT0.2S");
		});
	}

	@Test
	void failingOutboundShouldStayUpWithinDownAfter() {
		this.runner.withPropertyValues(endpoints()).withPropertyValues("ipc.health.down-after=1h").run((context) -> {
			failToSend(context, "lost");
			CompositeHealthContributor ipc = context.getBean("ipcHealthContributor", CompositeHealthContributor.class);
			assertThat(health(ipc, "lost").getStatus()).isEqualTo(Status.UP);
			assertThat(health(ipc, "lost").getDetails()).containsKey("lastError");
		});
	}

	@Test
	void healthIndicatorCanBeSwitchedOff() {
		this.runner.withPropertyValues(endpoints())
			.withPropertyValues("management.health.ipc.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(IpcHealthContributor.class)
				.hasSingleBean(IpcActuatorEndpoint.class));
	}

	@Test
	void actuatorEndpointShouldListShowAndChangeEndpoints() throws Exception {
		this.runner.withPropertyValues(endpoints()).run((context) -> {
			IpcActuatorEndpoint actuator = context.getBean(IpcActuatorEndpoint.class);
			assertThat(actuator.endpoints().endpoints()).containsOnlyKeys("events", "lost");
			PeerProcess.runPython("inbound_traffic.py", this.dir.resolve("in.sock").toString(), "good", "4",
					"truncated");
			await().atMost(Duration.ofSeconds(10)).until(() -> actuator.endpoint("events").errors() == 1);
			IpcEndpointDescriptor events = actuator.endpoint("events");
			assertThat(events.transport()).isEqualTo("unix-socket");
			assertThat(events.role()).isEqualTo("inbound");
			assertThat(events.state()).isEqualTo("started");
			assertThat(events.messagesIn()).isEqualTo(4);
			assertThat(events.lastError().reason()).isEqualTo("decode");
			assertThat(actuator.endpoint("nope")).isNull();
			assertThat(actuator.state("nope", "stopped")).isNull();
			IpcActuatorEndpointWebExtension web = context.getBean(IpcActuatorEndpointWebExtension.class);
			assertThat(web.state("nope", "stopped").getStatus()).as("POST to no endpoint").isEqualTo(404);
			assertThat(web.state("lost", "stopped").getStatus()).isEqualTo(200);
			assertThat(web.state("lost", "started").getBody().state()).isEqualTo("started");
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> actuator.state("events", "paused"));
			assertThat(actuator.state("lost", "stopped").state()).isEqualTo("stopped");
			assertThat(actuator.state("lost", "started").state()).isEqualTo("started");
		});
	}

	@Test
	void stoppingAnOutboundGatewayShouldLetTheRequestInFlightFinish() throws Exception {
		String sock = this.dir.resolve("slow.sock").toString();
		try (PeerProcess slow = PeerProcess.python("echo_server.py", sock, "slow")) {
			assertThat(slow.nextLine(Duration.ofSeconds(30))).isEqualTo("ready");
			this.runner
				.withPropertyValues("ipc.endpoints.ask.transport=unix-socket",
						"ipc.endpoints.ask.role=outbound-gateway", "ipc.endpoints.ask.address=" + sock,
						"ipc.endpoints.ask.channel=ask", "ipc.endpoints.ask.payload-type=text")
				.run((context) -> {
					java.util.concurrent.CompletableFuture<Object> inFlight = java.util.concurrent.CompletableFuture
						.supplyAsync(() -> new MessagingTemplate()
							.sendAndReceive(context.getBean("ask", MessageChannel.class),
									MessageBuilder.withPayload("slow one").build())
							.getPayload());
					assertThat(slow.nextLine(Duration.ofSeconds(30))).as("the peer has the request").isEqualTo("got");
					IpcActuatorEndpoint actuator = context.getBean(IpcActuatorEndpoint.class);
					assertThat(actuator.state("ask", "stopped").state()).isEqualTo("stopped");
					// stop() returns once the send released the connection; the future
					// completes an instant later on its own thread, so wait for it
					// (bounded): a request cut off would fail instead
					assertThat(inFlight.get(5, java.util.concurrent.TimeUnit.SECONDS))
						.as("the request in flight was answered, not cut off")
						.isEqualTo("slow one");
					assertThatExceptionOfType(MessagingException.class).as("the stopped endpoint takes no new request")
						.isThrownBy(() -> new MessagingTemplate().sendAndReceive(
								context.getBean("ask", MessageChannel.class), MessageBuilder.withPayload("x").build()));
					assertThat(actuator.state("ask", "started").state()).isEqualTo("started");
					assertThat(new MessagingTemplate()
						.sendAndReceive(context.getBean("ask", MessageChannel.class),
								MessageBuilder.withPayload("again").build())
						.getPayload()).isEqualTo("again");
				});
		}
	}

	@Test
	void actuatorEndpointIsReadOnlyByDefault() {
		assertThat(IpcActuatorEndpoint.class.getAnnotation(Endpoint.class).defaultAccess())
			.isEqualTo(org.springframework.boot.actuate.endpoint.Access.READ_ONLY);
	}

	@Test
	void withoutMicrometerActuatorAndHealthTheEndpointsStillWork() throws Exception {
		this.runner.withPropertyValues(endpoints())
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class, HealthContributor.class, Endpoint.class))
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(IpcEndpoints.class)
					.doesNotHaveBean(IpcMetrics.class)
					.doesNotHaveBean("ipcHealthContributor")
					.doesNotHaveBean("ipcActuatorEndpoint");
				PeerProcess.runPython("inbound_traffic.py", this.dir.resolve("in.sock").toString(), "good", "2");
				QueueChannel events = context.getBean("events", QueueChannel.class);
				assertThat(events.receive(10_000)).isNotNull();
				assertThat(events.receive(10_000)).isNotNull();
				assertThat(context.getBean(IpcEndpoints.class).get("events").received()).isEqualTo(2);
			});
	}

	/**
	 * A {@code process} endpoint's child that keeps exiting with 3 soon after it started
	 * (restarted by the default {@code restart: on-failure}) turns the endpoint
	 * {@code FAILING} after {@code down-after}, with no gap while each new child runs;
	 * the first child that lives past {@code reconnect.max-interval} turns it {@code UP}.
	 */
	@Test
	@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the child is a POSIX shell script")
	void healthShouldShowAProcessEndpointWhoseChildrenKeepFailingYoungFailingUntilOneLives() throws Exception {
		Path lives = this.dir.resolve("lives");
		Path script = Files.writeString(this.dir.resolve("crash_loop.sh"), """
				if [ -e "$1" ]; then exec cat; fi
				exit 3
				""");
		this.runner
			.withPropertyValues("ipc.endpoints.child.transport=process", "ipc.endpoints.child.role=inbound",
					"ipc.endpoints.child.address=sh " + script + " " + lives, "ipc.endpoints.child.channel=events",
					"ipc.endpoints.child.reconnect.initial-interval=20ms",
					"ipc.endpoints.child.reconnect.max-interval=300ms", "ipc.health.down-after=1s")
			.run((context) -> {
				CompositeHealthContributor ipc = context.getBean("ipcHealthContributor",
						CompositeHealthContributor.class);
				await().atMost(Duration.ofSeconds(30))
					.until(() -> health(ipc, "child").getStatus().equals(IpcEndpointHealthIndicator.FAILING));
				assertThat(health(ipc, "child").getDetails()).containsKeys("failingSince", "lastError");
				assertThat(health(ipc, "child").getDetails().get("lastError").toString())
					.contains("exited with code 3");
				Files.createFile(lives);
				await().atMost(Duration.ofSeconds(30)).until(() -> health(ipc, "child").getStatus().equals(Status.UP));
				assertThat(health(ipc, "child").getDetails()).containsEntry("peers", 1)
					.doesNotContainKey("failingSince");
			});
	}

	private static void failToSend(ApplicationContext context, String endpoint) {
		assertThatExceptionOfType(MessagingException.class).isThrownBy(() -> new MessagingTemplate()
			.send(context.getBean(endpoint, MessageChannel.class), MessageBuilder.withPayload("x").build()));
	}

	private static Health health(CompositeHealthContributor ipc, String name) {
		return ((HealthIndicator) ipc.getContributor(name)).health();
	}

}
