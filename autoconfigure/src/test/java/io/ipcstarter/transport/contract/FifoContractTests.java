package io.ipcstarter.transport.contract;

import java.io.FileOutputStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.Transports;
import io.ipcstarter.transport.fifo.FifoOptions;

/**
 * The contract for {@code fifo} (one-way): FIFOs in a temporary directory. Clients set
 * {@code fifo.atomic-writes=false} because the suite sends 512 KiB messages; its
 * concurrent-writer test sends small frames, each still one {@code write(2)} of at most
 * {@code PIPE_BUF} bytes. A FIFO has no connections: all writers share one stream, so a
 * misbehaving writer is one that writes and closes while nobody else is attached.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX FIFOs")
class FifoContractTests extends IpcTransportContractTests {

	@TempDir
	Path dir;

	private final AtomicInteger fifos = new AtomicInteger();

	@Override
	protected IpcTransport transport() {
		return Transports.get("fifo");
	}

	@Override
	protected String newAddress() {
		return this.dir.resolve("f" + this.fifos.incrementAndGet() + ".fifo").toString();
	}

	@Override
	protected String absentAddress() {
		return this.dir.resolve("nobody-reads.fifo").toString();
	}

	@Override
	protected boolean isConnectionOriented() {
		return false;
	}

	@Override
	protected EndpointSpec.Builder clientSpec(String name, Role role, String address) {
		FifoOptions options = new FifoOptions();
		options.setAtomicWrites(false);
		return super.clientSpec(name, role, address).option(FifoOptions.class, options);
	}

	/**
	 * All writers share one stream: a truncated frame from one writer would be completed
	 * by the bytes of the next while another writer (the suite's good client) keeps the
	 * FIFO open, so no FIFO reader could tell; the suite closes its good client first.
	 * {@code FifoTransportTests} also kills a lone writer mid-frame.
	 */
	@Override
	protected boolean peersShareOneStream() {
		return true;
	}

	@Override
	protected void injectRaw(IpcServer server, byte[] raw) throws Exception {
		try (FileOutputStream out = new FileOutputStream(server.address())) {
			out.write(raw);
		}
	}

}
