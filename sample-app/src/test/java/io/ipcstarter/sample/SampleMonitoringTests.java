package io.ipcstarter.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.config.GlobalChannelInterceptor;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample app as it runs: real HTTP on a random management port, traffic from a
 * python3 process over the unix sockets, monitoring read through
 * {@code /actuator/health}, {@code /actuator/ipc} and {@code /actuator/metrics}, and an
 * endpoint stopped and started through {@code POST /actuator/ipc/{name}}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "ipc.endpoints.echo-tcp.address=127.0.0.1:0",
				"ipc.endpoints.events-tcp.address=127.0.0.1:0", "ipc.endpoints.relay-in.address=127.0.0.1:0" })
class SampleMonitoringTests {

	/** The endpoints in the sample's application.yml. */
	private static final int ENDPOINTS = 10;

	@TempDir
	static Path dir;

	@LocalManagementPort
	int managementPort;

	@Autowired
	EchoRecorder echoed;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	@DynamicPropertySource
	static void sockets(DynamicPropertyRegistry registry) {
		registry.add("ipc.endpoints.echo-unix.address", () -> dir.resolve("echo.sock").toString());
		registry.add("ipc.endpoints.ask.address", () -> dir.resolve("echo.sock").toString());
		registry.add("ipc.endpoints.events-unix.address", () -> dir.resolve("events.sock").toString());
		registry.add("ipc.endpoints.relay-out.address", () -> dir.resolve("events.sock").toString());
		registry.add("ipc.endpoints.back-in.address", () -> dir.resolve("back.sock").toString());
	}

	@Test
	void healthIpcAndMetricsShouldShowTrafficFromAnotherProcess() throws Exception {
		python("events", dir.resolve("events.sock"), "25");
		python("echo", dir.resolve("echo.sock"), "5");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> get("/actuator/ipc/events-unix").path("errors").asLong() == 1);

		JsonNode health = get("/actuator/health");
		assertThat(health.path("status").asString()).isEqualTo("UP");
		JsonNode events = health.path("components").path("ipc").path("components").path("events-unix");
		assertThat(events.path("status").asString()).isEqualTo("UP");
		assertThat(events.path("details").path("transport").asString()).isEqualTo("unix-socket");
		assertThat(events.path("details").path("lastError").path("reason").asString()).isEqualTo("decode");
		assertThat(health.path("components").path("ipc").path("components").size()).isEqualTo(ENDPOINTS);

		JsonNode ipc = get("/actuator/ipc");
		assertThat(ipc.path("endpoints").size()).isEqualTo(ENDPOINTS);
		JsonNode eventsUnix = ipc.path("endpoints").path("events-unix");
		assertThat(eventsUnix.path("role").asString()).isEqualTo("inbound");
		assertThat(eventsUnix.path("state").asString()).isEqualTo("started");
		assertThat(eventsUnix.path("address").asString()).isEqualTo(dir.resolve("events.sock").toString());
		assertThat(eventsUnix.path("messagesIn").asLong()).isEqualTo(25);
		assertThat(eventsUnix.path("lastError").path("reason").asString()).isEqualTo("decode");
		assertThat(eventsUnix.path("lastError")).as("one shape in /actuator/ipc and /actuator/health")
			.isEqualTo(events.path("details").path("lastError"));
		assertThat(ipc.path("endpoints").path("echo-tcp").path("address").asString())
			.as("the real port of a port-0 endpoint")
			.matches("127\\.0\\.0\\.1:\\d+")
			.isNotEqualTo("127.0.0.1:0");

		JsonNode messages = get(
				"/actuator/metrics/ipc.messages?tag=endpoint:events-unix&tag=direction:in" + "&tag=outcome:success");
		assertThat(messages.path("measurements").get(0).path("value").asDouble()).isEqualTo(25.0);
		assertThat(messages.path("description").asString()).isNotBlank();
		JsonNode errors = get("/actuator/metrics/ipc.errors?tag=endpoint:events-unix&tag=reason:decode");
		assertThat(errors.path("measurements").get(0).path("value").asDouble()).isEqualTo(1.0);

		String prometheus = getText("/actuator/prometheus");
		assertThat(prometheus).contains(
				"ipc_messages_total{direction=\"in\",endpoint=\"events-unix\",outcome=\"success\",transport=\"unix-socket\"} 25.0");
	}

	@Test
	void stoppingAndStartingAnEndpointThroughTheActuatorShouldLoseNoAcceptedMessage() throws Exception {
		long inBefore = get("/actuator/ipc/echo-unix").path("messagesIn").asLong();
		this.echoed.payloads.clear();
		Process client = PythonClient.start("traffic.py", "restart", dir.resolve("echo.sock").toString());
		try {
			await().atMost(Duration.ofSeconds(30)).until(() -> this.echoed.payloads.size() >= 200);
			JsonNode stopped = post("/actuator/ipc/echo-unix", "{\"state\":\"stopped\"}");
			assertThat(stopped.path("state").asString()).isEqualTo("stopped");
			JsonNode health = get("/actuator/health");
			assertThat(health.path("status").asString()).as("a stopped endpoint leaves the app in service")
				.isEqualTo("UP");
			assertThat(health.path("components")
				.path("ipc")
				.path("components")
				.path("echo-unix")
				.path("status")
				.asString()).isEqualTo("STOPPED");
			int seenWhileStopped = this.echoed.payloads.size();
			assertThat(Files.exists(dir.resolve("echo.sock"))).as("socket file removed on stop").isFalse();

			JsonNode started = post("/actuator/ipc/echo-unix", "{\"state\":\"started\"}");
			assertThat(started.path("state").asString()).isEqualTo("started");
			String out = PythonClient.awaitOutput(client, 60);
			assertThat(out).contains("done");
			int last = Integer.parseInt(out.replaceAll("(?s).*last=(\\d+).*", "$1"));

			List<String> seen = new ArrayList<>(this.echoed.payloads);
			List<String> expected = new ArrayList<>();
			for (int i = 0; i <= last; i++) {
				expected.add(Integer.toString(i));
			}
			// every request the service handled was answered: the client never had to
			// re-send one it had handled
			// (no duplicates), and every request the client counted as answered was
			// handled once, in order
			assertThat(seen).as("handled before the stop: " + seenWhileStopped).isEqualTo(expected);
			// every message the endpoint took off the wire reached the service
			assertThat(get("/actuator/ipc/echo-unix").path("messagesIn").asLong() - inBefore).isEqualTo(seen.size());
		}
		finally {
			client.destroyForcibly();
		}
	}

	@Test
	void postingToAnEndpointThatDoesNotExistShouldAnswer404() throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri("/actuator/ipc/no-such-endpoint"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"state\":\"stopped\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(404);
		getText("/actuator/ipc/no-such-endpoint", 404);
	}

	private JsonNode get(String path) throws IOException, InterruptedException {
		return this.json.readTree(getText(path));
	}

	private String getText(String path) throws IOException, InterruptedException {
		return getText(path, 200);
	}

	private String getText(String path, int status) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri(path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(status);
		return response.body();
	}

	private JsonNode post(String path, String body) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.managementPort + path);
	}

	private static void python(String mode, Path socket, String... args) throws Exception {
		List<String> all = new ArrayList<>(List.of(mode, socket.toString()));
		all.addAll(List.of(args));
		PythonClient.runScript("traffic.py", all.toArray(String[]::new));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Recording {

		@Bean
		@GlobalChannelInterceptor(patterns = "echo")
		EchoRecorder echoRecorder() {
			return new EchoRecorder();
		}

	}

	/** Records every request payload that reaches the echo service. */
	static class EchoRecorder implements ChannelInterceptor {

		final Queue<String> payloads = new ConcurrentLinkedQueue<>();

		@Override
		public Message<?> preSend(Message<?> message, MessageChannel channel) {
			this.payloads.add(new String((byte[]) message.getPayload(), StandardCharsets.UTF_8));
			return message;
		}

	}

}
