package io.ipcstarter.reliability;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.messaging.Message;

import io.ipcstarter.actuate.autoconfigure.IpcMetricsAutoConfiguration;
import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.TestBeans;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Windows storms ({@link MailslotStormWindowsTests},
 * {@link WindowMessageStormWindowsTests}) share: an application whose inbound endpoint
 * {@code in} (with {@code headers: json}) feeds the queue {@code received}, its
 * {@code ipc.errors} meters, and the checks of a storm. The endpoint runs in the test's
 * own Windows JVM (under Wine; a second JVM under Wine costs tens of seconds); the
 * hostile peer is a C program in a process of its own.
 */
final class WindowsStorm {

	private WindowsStorm() {
	}

	/**
	 * An application with the endpoint {@code in}, its meters, and {@code properties}.
	 */
	static ApplicationContextRunner application(String... properties) {
		return IpcContextRunners.withMonitoring()
			.withConfiguration(AutoConfigurations.of(IpcMetricsAutoConfiguration.class))
			.withUserConfiguration(TestBeans.Received.class, TestBeans.Meters.class)
			.withPropertyValues("ipc.defaults.payload-type=text", "ipc.endpoints.in.headers=json",
					"ipc.endpoints.in.role=inbound", "ipc.endpoints.in.channel=received")
			.withPropertyValues(properties);
	}

	/** The endpoint's errors so far, by reason tag; reasons never seen are left out. */
	static Map<String, Integer> errorsByReason(MeterRegistry registry) {
		Map<String, Integer> errors = new TreeMap<>();
		for (Counter counter : registry.find("ipc.errors").tag("endpoint", "in").counters()) {
			if (counter.count() > 0) {
				errors.put(counter.getId().getTag("reason"), (int) counter.count());
			}
		}
		return errors;
	}

	static int errorCount(MeterRegistry registry) {
		return errorsByReason(registry).values().stream().mapToInt(Integer::intValue).sum();
	}

	/**
	 * Take what arrived into {@code payloads}, checking each good message's header block
	 * came with it ({@code n}, but none on every tenth).
	 */
	static void drain(QueueChannel received, List<String> payloads) {
		Message<?> message;
		while ((message = received.receive(0)) != null) {
			String payload = (String) message.getPayload();
			payloads.add(payload);
			int n = Integer.parseInt(payload.substring("good-".length()));
			assertThat(message.getHeaders().get("n")).as(payload).isEqualTo((n % 10 == 0) ? null : String.valueOf(n));
		}
	}

	/**
	 * The checks of a storm: every good message once, every hostile one counted with an
	 * expected reason, no stack trace and a bounded log, threads back.
	 */
	static void check(String transport, long start, List<String> payloads, int good, Map<String, Integer> expected,
			MeterRegistry registry, CapturedOutput output, int threadsBefore) {
		long millis = (System.nanoTime() - start) / 1_000_000;
		Set<String> distinct = new HashSet<>(payloads);
		Map<String, Integer> errors = errorsByReason(registry);
		List<String> log = output.getAll()
			.lines()
			.filter((line) -> line.contains(" WARN ") || line.contains(" ERROR "))
			.toList();
		long traces = output.getAll().lines().filter(WindowsStorm::isStackTrace).count();
		int threads = Thread.activeCount();
		Reliability.report("storm " + transport + " (under Wine 8): "
				+ expected.values().stream().mapToInt(Integer::intValue).sum() + " hostile, " + good + " good in "
				+ millis + " ms: good delivered " + payloads.size() + " (" + distinct.size() + " distinct), errors "
				+ errors + ", log " + log.size() + " lines (" + traces + " of stack traces); threads " + threadsBefore
				+ " before, " + threads + " after");
		assertThat(distinct).as("every good message, once").hasSize(good);
		assertThat(payloads).hasSize(good);
		Map<String, Integer> wanted = new TreeMap<>(expected);
		wanted.values().removeIf((count) -> count == 0);
		assertThat(errors).as("every hostile message counted by its reason").isEqualTo(wanted);
		assertThat(traces).as("no stack trace").isZero();
		assertThat(log.size()).as("log bounded: the first few, then a summary a minute: " + log)
			.isLessThanOrEqualTo(Inbox.logBound(millis));
		assertThat(threads).as("threads back").isLessThanOrEqualTo(threadsBefore + 2);
	}

	private static boolean isStackTrace(String line) {
		return line.startsWith("\tat ") || line.startsWith("Caused by:") || line.startsWith("\t... ");
	}

}
