package io.ipcstarter.bench.scenario;

import java.io.IOException;
import java.util.Map;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import io.ipcstarter.bench.Addresses;
import io.ipcstarter.bench.Args;
import io.ipcstarter.bench.Layer;
import io.ipcstarter.bench.Receiver;
import io.ipcstarter.bench.Scenario;
import io.ipcstarter.bench.Sender;
import io.ipcstarter.bench.SinkCounter;

/**
 * Raw baseline for {@code message-queue}: POSIX message queue calls through JNA direct
 * mapping ({@code Native.register}, the cheapest way Java has to call C), none of our
 * code. The receiver creates the queue with the attributes our endpoints give one by
 * default (10 messages, the kernel's default {@code msg_default}, of 8192 bytes, the
 * default {@code msgsize_max}), and one thread blocks in {@code mq_receive} into native
 * memory allocated once, copying each message into a reusable array; the sender copies
 * each payload into native memory allocated once and blocks in {@code mq_send} while the
 * queue is full (back-pressure, as our endpoint's {@code mq_timedsend}). One-way only: a
 * queue has no way back, and our transport has no gateways.
 */
final class RawMessageQueueScenario implements Scenario {

	/** The queue's message size: the kernel's default {@code msgsize_max}. */
	static final int MESSAGE_SIZE = 8192;

	/** The queue's capacity: the kernel's default {@code msg_default}. */
	private static final int MAX_MESSAGES = 10;

	@Override
	public String id() {
		return "message-queue/raw";
	}

	@Override
	public String transport() {
		return "message-queue";
	}

	@Override
	public Layer layer() {
		return Layer.RAW;
	}

	@Override
	public String description() {
		return "mq_send / mq_receive, JNA direct mapping";
	}

	@Override
	public String unavailableReason() {
		return Platform.isLinux() ? null : "POSIX message queues are measured on Linux only";
	}

	@Override
	public int maxMessageSize() {
		return MESSAGE_SIZE;
	}

	@Override
	public boolean roundTrip() {
		return false;
	}

	@Override
	public Map<String, String> addresses(Addresses a) {
		return Map.of("sink", a.messageQueue("raw-sink"));
	}

	@Override
	public Receiver receiver(Args args) throws IOException {
		String name = args.get("sink");
		SinkCounter counter = new SinkCounter();
		int fd;
		try (Memory attr = new Memory(8L * Native.LONG_SIZE)) {
			attr.clear();
			attr.setNativeLong(Native.LONG_SIZE, new NativeLong(MAX_MESSAGES));
			attr.setNativeLong(2L * Native.LONG_SIZE, new NativeLong(MESSAGE_SIZE));
			fd = Mq.mq_open(name, Mq.O_RDONLY | Mq.O_CREAT | Mq.O_EXCL, 0600, attr);
		}
		if (fd < 0) {
			throw new IOException("mq_open " + name + " failed: errno " + Native.getLastError());
		}
		Thread thread = new Thread(() -> {
			Memory buffer = new Memory(MESSAGE_SIZE);
			byte[] scratch = new byte[MESSAGE_SIZE];
			while (true) {
				long n = Mq.mq_receive(fd, buffer, MESSAGE_SIZE, null);
				if (n < 0) {
					// closed by Receiver.close (EBADF), or a failure: either way the
					// count stops, which the harness reports
					return;
				}
				buffer.read(0, scratch, 0, (int) n);
				counter.add((int) n);
			}
		}, "raw-mq-sink");
		thread.setDaemon(true);
		thread.start();
		return new Receiver() {

			@Override
			public SinkCounter counter() {
				return counter;
			}

			@Override
			public void close() {
				Mq.mq_unlink(name);
				Mq.mq_close(fd);
			}

		};
	}

	@Override
	public Sender sender(Args args) throws IOException {
		String name = args.get("sink");
		int fd = Mq.mq_open(name, Mq.O_WRONLY, 0, null);
		if (fd < 0) {
			throw new IOException("mq_open " + name + " failed: errno " + Native.getLastError());
		}
		Memory out = new Memory(MESSAGE_SIZE);
		return new Sender() {

			@Override
			public void send(byte[] payload) throws IOException {
				out.write(0, payload, 0, payload.length);
				if (Mq.mq_send(fd, out, payload.length, 0) != 0) {
					throw new IOException("mq_send failed: errno " + Native.getLastError());
				}
			}

			@Override
			public byte[] request(byte[] payload) {
				throw new UnsupportedOperationException("a message queue is one-way");
			}

			@Override
			public void close() {
				Mq.mq_close(fd);
			}

		};
	}

	/**
	 * The four calls, direct-mapped from the C library (glibc 2.34 and later) or else
	 * {@code librt}.
	 */
	private static final class Mq {

		static final int O_RDONLY = 0;

		static final int O_WRONLY = 1;

		static final int O_CREAT = 0100;

		static final int O_EXCL = 0200;

		static {
			NativeLibrary library;
			try {
				library = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);
				library.getFunction("mq_open");
			}
			catch (UnsatisfiedLinkError ex) {
				library = NativeLibrary.getInstance("rt");
			}
			Native.register(Mq.class, library);
		}

		private Mq() {
		}

		static native int mq_open(String name, int oflag, int mode, Pointer attr);

		static native int mq_send(int mqdes, Pointer msg, long len, int prio);

		static native long mq_receive(int mqdes, Pointer msg, long len, Pointer prio);

		static native int mq_close(int mqdes);

		static native int mq_unlink(String name);

	}

}
