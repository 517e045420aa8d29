package io.ipcstarter.transport.process;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.testsupport.OpenEndpoints;
import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.Framing;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.PeerExitException;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The {@code process} transport with python3 and sh children: a line-delimited JSON
 * gateway, a child that crashes mid-reply, one that ignores stdin being closed, one that
 * leaves a grandchild, garbage on stdout.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the children are POSIX shell and python3 scripts")
class ProcessTransportTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private final ProcessTransport transport = new ProcessTransport();

	private final OpenEndpoints open = new OpenEndpoints(this.transport);

	@TempDir
	Path dir;

	@AfterEach
	void closeAll() throws Exception {
		this.open.close();
	}

	@Test
	void aPythonChildAnswersLineDelimitedJsonRequests() throws Exception {
		Path script = script("json_echo.py", """
				import json, os, sys
				for line in sys.stdin:
				    request = json.loads(line)
				    print(json.dumps({"id": request["id"], "pid": os.getpid(), "cwd": os.getcwd(),
				                      "env": os.environ.get("IPC_TEST")}), flush=True)
				""");
		ProcessOptions options = new ProcessOptions();
		options.setWorkingDirectory(this.dir.toString());
		options.setEnvironment(Map.of("IPC_TEST", "from yaml"));
		IpcClient client = client(spec("python3 -u '" + script + "'", Role.OUTBOUND_GATEWAY).framing(Framing.LINE)
			.option(ProcessOptions.class, options)
			.build());
		String first = text(client.request(bytes("{\"id\": 1}")));
		String second = text(client.request(bytes("{\"id\": 2}")));
		assertThat(first).contains("\"id\": 1")
			.contains("\"cwd\": \"" + this.dir.toRealPath() + "\"")
			.contains("\"env\": \"from yaml\"");
		assertThat(second).contains("\"id\": 2");
		// one child serves every request
		assertThat(pidOf(first)).isEqualTo(pidOf(second));
	}

	@Test
	void aChildThatCrashesMidReplyFailsThatRequestAndIsRestarted() throws Exception {
		Path script = script("crashy.py", """
				import os, sys
				for line in sys.stdin:
				    if line.strip() == "crash":
				        sys.stdout.write("half a rep"); sys.stdout.flush(); os._exit(3)
				    print("pid %d: %s" % (os.getpid(), line.strip()), flush=True)
				""");
		IpcClient client = client(spec("python3 -u " + script, Role.OUTBOUND_GATEWAY).framing(Framing.LINE).build());
		String before = text(client.request(bytes("one")));
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> client.request(bytes("crash")))
			.satisfies(ex -> assertThat(ex.reason()).isIn(ErrorReason.DECODE, ErrorReason.IO));
		String after = text(client.request(bytes("two")));
		assertThat(after).endsWith(": two");
		// a new child (restart: on-failure)
		assertThat(after.split(":")[0]).isNotEqualTo(before.split(":")[0]);
	}

	@Test
	void rawFramingRunsOneChildPerRequestEvenWithRestartNever() throws Exception {
		ProcessOptions options = new ProcessOptions();
		// the children end because we close their stdin: not a failure
		options.setRestart(Restart.NEVER);
		IpcClient client = client(
				spec("sh -c 'tr a-z A-Z; echo \" from $$\"'", Role.OUTBOUND_GATEWAY).framing(Framing.RAW)
					.option(ProcessOptions.class, options)
					.build());
		String first = text(client.request(bytes("one")));
		String second = text(client.request(bytes("two")));
		assertThat(first).startsWith("ONE from ");
		assertThat(second).startsWith("TWO from ").isNotEqualTo(first.replace("ONE", "TWO"));
	}

	@Test
	void withRestartNeverAnExitedChildFailsTheNextSendNamingTheExit() throws Exception {
		ProcessOptions options = new ProcessOptions();
		options.setRestart(Restart.NEVER);
		IpcClient client = client(
				spec("sh -c 'read line; echo \"$line\"; exit 7'", Role.OUTBOUND_GATEWAY).framing(Framing.LINE)
					.sendTimeout(Duration.ofMillis(500))
					.option(ProcessOptions.class, options)
					.build());
		assertThat(text(client.request(bytes("once")))).isEqualTo("once");
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> {
			// the first attempt may still meet the dying child; then the exit is known
			for (int i = 0; i < 3; i++) {
				try {
					client.request(bytes("again"));
				}
				catch (IpcException ex) {
					if (ex.reason() == ErrorReason.TIMEOUT) {
						throw ex;
					}
				}
			}
		}).withMessageContaining("exited with code 7").withMessageContaining("restart is never");
	}

	@Test
	void inboundReadsStdoutReportsEachExitAndRestartsAlways() throws Exception {
		ProcessOptions options = new ProcessOptions();
		options.setRestart(Restart.ALWAYS);
		RecordingListener listener = startServer(
				spec("sh -c 'echo \"hello from $$\"; echo oops >&2; exit 5'", Role.INBOUND).framing(Framing.LINE)
					.option(ProcessOptions.class, options)
					.build());
		String first = listener.nextText(WAIT);
		RecordingListener.Failure exit = listener.nextError(WAIT);
		assertThat(exit.reason()).isEqualTo(ErrorReason.IO);
		assertThat(exit.cause()).hasMessageContaining("exited with code 5").hasMessageContaining("restarting it");
		String second = listener.nextText(WAIT);
		assertThat(first).startsWith("hello from ");
		assertThat(second).startsWith("hello from ").isNotEqualTo(first);
	}

	@Test
	void garbageFromAChildIsReportedAndTheNextChildsMessagesArrive() throws Exception {
		Path marker = this.dir.resolve("ran-once");
		Path script = script("garbage.py", """
				import os, struct, sys
				marker = sys.argv[1]
				if not os.path.exists(marker):
				    open(marker, "w").close()
				    sys.stdout.buffer.write(struct.pack(">I", 4) + b"good" + struct.pack(">I", 0x7fff0000) + b"zz")
				else:
				    sys.stdout.buffer.write(struct.pack(">I", 5) + b"after")
				sys.stdout.flush()
				sys.stdin.read()
				""");
		// default restart (on-failure): the child did not fail, the endpoint stopped it
		// for its bad output, and a child the endpoint stopped is replaced under every
		// policy
		ProcessOptions options = new ProcessOptions();
		RecordingListener listener = startServer(
				spec("python3 " + script + " " + marker, Role.INBOUND).maxMessageSize(1024)
					.option(ProcessOptions.class, options)
					.build());
		assertThat(listener.nextText(WAIT)).isEqualTo("good");
		// the oversize frame closes the connection, which stops the child: both are
		// reported, in either order
		List<RecordingListener.Failure> failures = List.of(listener.nextError(WAIT), listener.nextError(WAIT));
		assertThat(failures).anySatisfy(f -> assertThat(f.reason()).isEqualTo(ErrorReason.OVERSIZE))
			.anySatisfy(f -> assertThat(f.cause()).hasMessageContaining("exited with code 0"));
		assertThat(listener.nextText(WAIT)).isEqualTo("after");
	}

	@Test
	void childrenThatKeepFailingYoungAreFailingUntilOneLivesPastTheBackOff() throws Exception {
		Path lives = this.dir.resolve("lives");
		Path script = script("crash_loop.sh", """
				echo "hello from $$"
				if [ -e "$1" ]; then exec cat; fi
				exit 3
				""");
		RecordingListener listener = new RecordingListener();
		IpcServer server = this.open.startServer(spec("sh " + script + " " + lives, Role.INBOUND).framing(Framing.LINE)
			.reconnect(Duration.ofMillis(20), Duration.ofMillis(300))
			.build(), listener);
		// failing from the first exit on, without a gap while the next child runs
		await().atMost(WAIT).until(() -> server.failingSince() != 0);
		long since = server.failingSince();
		await().during(Duration.ofMillis(1500)).atMost(WAIT).until(() -> server.failingSince() == since);
		Files.createFile(lives);
		// the next child lives: past reconnect.max-interval it is no longer failing
		await().atMost(WAIT).until(() -> server.failingSince() == 0);
		assertThat(listener.errors())
			.allSatisfy((exit) -> assertThat(exit.cause()).isInstanceOf(PeerExitException.class)
				.hasMessageContaining("exited with code 3"));
	}

	@Test
	void aChildThatCannotBeStartedAgainIsTriedAgainWithBackOff() throws Exception {
		Path word = Files.writeString(this.dir.resolve("word"), "before");
		Path program = script("child.sh", "#!/bin/sh\necho \"life $(cat \"$1\")\"\nexit 3\n");
		program.toFile().setExecutable(true, true);
		Path away = this.dir.resolve("child.sh.away");
		RecordingListener listener = new RecordingListener();
		IpcServer server = this.open.startServer(spec(program + " " + word, Role.INBOUND).framing(Framing.LINE)
			.reconnect(Duration.ofMillis(20), Duration.ofMillis(500))
			.build(), listener);
		assertThat(listener.nextText(WAIT)).isEqualTo("life before");
		Files.move(program, away);
		await().atMost(WAIT)
			.until(() -> listener.errors()
				.stream()
				.anyMatch((f) -> String.valueOf(f.cause().getMessage()).contains("Cannot start")));
		assertThat(server.failingSince()).isNotZero();
		// reported as an exit is: one line (the endpoint logs it bounded), no stack trace
		assertThat(listener.errors()
			.stream()
			.filter((f) -> String.valueOf(f.cause().getMessage()).contains("Cannot start"))
			.findFirst()
			.orElseThrow()
			.cause()).isInstanceOf(PeerExitException.class)
			.hasMessageContaining("trying again after")
			.satisfies((ex) -> assertThat(ex.getStackTrace()).isEmpty());
		// not a synchronisation: the window in which the attempts are counted
		Thread.sleep(2000);
		long attempts = listener.errors()
			.stream()
			.filter((f) -> String.valueOf(f.cause().getMessage()).contains("Cannot start"))
			.count();
		// backing off: 20 ms doubling to 500 ms is 6 or 7 attempts in 2 s (some 28
		// without;
		// 40 in 3 s measured)
		assertThat(attempts).as("attempts to start it in 2 s").isBetween(2L, 12L);
		Files.writeString(word, "after");
		Files.move(away, program);
		// the endpoint did not give up: a child starts again and its output arrives
		await().atMost(WAIT).until(() -> "life after".equals(listener.nextText(WAIT)));
	}

	@Test
	void aChildIgnoringStdinCloseAndSigtermIsKilledAfterShutdownTimeoutWithItsGrandchild() throws Exception {
		Path script = script("stubborn.sh", """
				trap '' TERM
				sleep 300 &
				echo "$!"
				while true; do sleep 1; done
				""");
		ProcessOptions options = new ProcessOptions();
		options.setShutdownTimeout(Duration.ofMillis(300));
		IpcServer server = this.transport.createServer(
				spec("sh " + script, Role.INBOUND).framing(Framing.LINE).option(ProcessOptions.class, options).build());
		RecordingListener listener = new RecordingListener();
		server.start(listener);
		RecordingListener.Received received = listener.next(WAIT);
		ProcessHandle child = ProcessHandle.of(received.peer().pid()).orElseThrow();
		ProcessHandle grandchild = ProcessHandle.of(Long.parseLong(received.text())).orElseThrow();
		long start = System.nanoTime();
		server.close();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		await().atMost(WAIT).until(() -> !child.isAlive() && !grandchild.isAlive());
	}

	@Test
	void aGatewayChildThatNeverAnswersAndIgnoresStdinCloseAndSigtermFailsItsCallerWithinReplyTimeout()
			throws Exception {
		// asked "mute", it neither answers nor ends: a polite stop (stdin closed,
		// SIGTERM, each given shutdown-timeout) would keep the caller 10 s past its
		// reply-timeout; the overrun kills it, its grandchild (which holds its stdout)
		// too
		Path script = script("mute.sh", """
				trap '' TERM
				while read line; do
				  if [ "$line" = mute ]; then sleep 300 & while true; do sleep 1; done; fi
				  echo "$line"
				done
				""");
		ProcessOptions options = new ProcessOptions();
		options.setRestart(Restart.NEVER);
		IpcClient client = client(spec("sh " + script, Role.OUTBOUND_GATEWAY).framing(Framing.LINE)
			.replyTimeout(Duration.ofMillis(500))
			.option(ProcessOptions.class, options)
			.build());
		long start = System.nanoTime();
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> client.request(bytes("mute")))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.TIMEOUT))
			.withMessageContaining("reply-timeout");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500 + 2_000));
		// the kill was ours, not an exit of the child's own: a new child even with
		// restart: never
		assertThat(text(client.request(bytes("again")))).isEqualTo("again");
	}

	@Test
	void aCommandThatCannotStartFailsStartUp() {
		IpcServer server = this.transport.createServer(spec("/nonexistent/program --flag", Role.INBOUND).build());
		this.open.closeLast(server);
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> server.start(new RecordingListener()))
			.withMessageContaining("/nonexistent/program");
	}

	@Test
	void commandLinesSplitLikeAShellWithoutRunningOne() {
		assertThat(CommandLine.split("python3 -u 'my script.py' \"a \\\"b\\\" $HOME\" c\\ d  *.txt"))
			.containsExactly("python3", "-u", "my script.py", "a \"b\" $HOME", "c d", "*.txt");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> CommandLine.split("echo 'open"));
	}

	private Path script(String name, String content) throws Exception {
		return Files.writeString(this.dir.resolve(name), content);
	}

	private RecordingListener startServer(EndpointSpec spec) throws Exception {
		IpcServer server = this.transport.createServer(spec);
		this.open.closeLast(server);
		RecordingListener listener = new RecordingListener();
		server.start(listener);
		return listener;
	}

	private IpcClient client(EndpointSpec spec) {
		this.transport.validate(spec);
		IpcClient client = this.transport.createClient(spec);
		this.open.closeFirst(client);
		return client;
	}

	private static EndpointSpec.Builder spec(String command, Role role) {
		return EndpointSpec.builder("test", "process", role, command);
	}

	private static String pidOf(String json) {
		return json.replaceAll(".*\"pid\": (\\d+).*", "$1");
	}

	private static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(byte[] b) {
		return new String(b, StandardCharsets.UTF_8);
	}

}
