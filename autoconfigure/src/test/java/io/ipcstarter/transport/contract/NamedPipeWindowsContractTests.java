package io.ipcstarter.transport.contract;

import java.io.FileNotFoundException;
import java.io.RandomAccessFile;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.ipcstarter.testsupport.WindowsTest;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Transports;

/**
 * The contract for {@code named-pipe} on Windows: real {@code \\.\pipe\} pipes inside the
 * Windows JVM (under Wine in this build; Wine is not Windows). A misbehaving peer opens
 * the pipe as a plain file, writes, and closes.
 */
@WindowsTest
class NamedPipeWindowsContractTests extends IpcTransportContractTests {

	private final String prefix = "ipc-contract-" + UUID.randomUUID().toString().substring(0, 8) + "-";

	private final AtomicInteger pipes = new AtomicInteger();

	@Override
	protected IpcTransport transport() {
		return Transports.get("named-pipe");
	}

	@Override
	protected String newAddress() {
		return this.prefix + this.pipes.incrementAndGet();
	}

	@Override
	protected String absentAddress() {
		return this.prefix + "nobody-serves";
	}

	@Override
	protected void injectRaw(IpcServer server, byte[] raw) throws Exception {
		try (RandomAccessFile pipe = open(server.address())) {
			pipe.write(raw);
		}
	}

	/**
	 * Open as a file, retrying while every instance is busy (the server makes the next
	 * one per client).
	 */
	private static RandomAccessFile open(String path) throws Exception {
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (true) {
			try {
				return new RandomAccessFile(path, "rw");
			}
			catch (FileNotFoundException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				LockSupport.parkNanos(5_000_000L); // back off before the next attempt
			}
		}
	}

}
