package io.ipcstarter.transport.contract;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.Transports;
import io.ipcstarter.transport.file.FileOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The contract for {@code file}: addresses are fresh directories. The transport is
 * one-way, has no connections and no framing, and lets competing readers share a
 * directory, so those tests are skipped by the base class's capability flags.
 * <p>
 * A shared directory stores messages until a reader comes, so "send to an absent peer"
 * and "send while the server is down" succeed instead of timing out; those two tests are
 * replaced by the file transport's own form of the promise: with {@code max-backlog}, a
 * send nobody takes fails with {@code timeout} after {@code send-timeout}; and a message
 * sent while no reader runs is delivered, in order, to the next one. Writers here skip
 * fsync, which only matters for a power cut (no test can observe it) and costs about 4 ms
 * per message on this machine's disk.
 */
class FileContractTests extends IpcTransportContractTests {

	@TempDir
	Path dir;

	private final AtomicInteger directories = new AtomicInteger();

	@Override
	protected IpcTransport transport() {
		return Transports.get("file");
	}

	@Override
	protected String newAddress() {
		return this.dir.resolve("d" + this.directories.incrementAndGet()).toString();
	}

	@Override
	protected String absentAddress() {
		return this.dir.resolve("nobody-reads").toString();
	}

	@Override
	protected EndpointSpec.Builder serverSpec(String name, Role role, String address) {
		return super.serverSpec(name, role, address).option(FileOptions.class, options(0));
	}

	@Override
	protected EndpointSpec.Builder clientSpec(String name, Role role, String address) {
		return super.clientSpec(name, role, address).option(FileOptions.class, options(0));
	}

	@Override
	protected boolean keepsMessagesWhileNoReader() {
		return true;
	}

	@Override
	protected boolean isConnectionOriented() {
		return false;
	}

	@Override
	protected boolean usesLengthPrefixFraming() {
		return false;
	}

	@Override
	protected boolean hasExclusiveAddress() {
		return false;
	}

	private static FileOptions options(int maxBacklog) {
		FileOptions options = new FileOptions();
		options.setPollInterval(Duration.ofMillis(20));
		options.setFsync(false);
		options.setMaxBacklog(maxBacklog);
		return options;
	}

	@Test
	@Override
	void sendToAnAbsentPeerFailsWithTimeoutAfterSendTimeout() throws Exception {
		IpcClient client = client(EndpointSpec.builder("client", "file", Role.OUTBOUND, absentAddress())
			.sendTimeout(SHORT)
			.option(FileOptions.class, options(1))
			.build());
		client.send(bytes("stored until a reader comes"));
		long start = System.nanoTime();
		Throwable thrown = catchThrowable(() -> client.send(bytes("beyond max-backlog")));
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(thrown).isInstanceOf(IpcException.class);
		assertThat(((IpcException) thrown).reason()).isEqualTo(ErrorReason.TIMEOUT);
		assertThat(thrown).hasMessageContaining("send-timeout");
		assertThat(took).isGreaterThanOrEqualTo(SHORT.minusMillis(50)).isLessThan(SHORT.multipliedBy(6));
	}

}
