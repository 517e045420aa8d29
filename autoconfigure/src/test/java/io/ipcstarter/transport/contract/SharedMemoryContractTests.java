package io.ipcstarter.transport.contract;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Transports;

/**
 * The contract for {@code shared-memory}: rings are files in a temporary directory. Bad
 * records from a foreign producer are covered by {@code SharedMemoryInteropTests} (a C
 * peer), not by raw-byte injection.
 */
@DisabledOnOs(OS.WINDOWS)
class SharedMemoryContractTests extends IpcTransportContractTests {

	@TempDir
	Path dir;

	private final AtomicInteger rings = new AtomicInteger();

	@Override
	protected IpcTransport transport() {
		return Transports.get("shared-memory");
	}

	@Override
	protected String newAddress() {
		return this.dir.resolve("ring" + this.rings.incrementAndGet()).toString();
	}

	@Override
	protected String absentAddress() {
		return this.dir.resolve("no-ring").toString();
	}

	@Override
	protected boolean isConnectionOriented() {
		return false;
	}

	@Override
	protected boolean usesLengthPrefixFraming() {
		return false;
	}

}
