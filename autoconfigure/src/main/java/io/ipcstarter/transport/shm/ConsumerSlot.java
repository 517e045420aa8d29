package io.ipcstarter.transport.shm;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;

/**
 * The one-consumer rule of a ring: the consumer writes its pid into the header's consumer
 * slot with a compare-and-set. A slot holding the pid of a live process (or, in this JVM,
 * a ring still open here) is taken; the pid of a dead process is taken over, which is how
 * a restarted consumer resumes.
 */
final class ConsumerSlot {

	private static final Set<String> OPEN_HERE = ConcurrentHashMap.newKeySet();

	private static final long PID = ProcessHandle.current().pid();

	private ConsumerSlot() {
	}

	/** Claims the ring's consumer slot or fails naming the process that holds it. */
	static void claim(RingBuffer ring, RingAddress address) throws IpcException {
		String key = address.location();
		if (!OPEN_HERE.add(key)) {
			throw taken(address, "another endpoint in this process reads it");
		}
		while (true) {
			long holder = ring.consumerPid();
			if (holder != 0 && holder != PID && isAlive(holder)) {
				OPEN_HERE.remove(key);
				throw taken(address, "process " + holder + " reads it");
			}
			if (ring.casConsumerPid(holder, PID)) {
				return;
			}
		}
	}

	/**
	 * Gives the slot up (a clean stop); a crash leaves the pid, which the next consumer
	 * takes over.
	 */
	static void release(RingBuffer ring, RingAddress address) {
		ring.casConsumerPid(PID, 0);
		OPEN_HERE.remove(address.location());
	}

	static boolean isAlive(long pid) {
		return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}

	private static IpcException taken(RingAddress address, String who) {
		return new IpcException(ErrorReason.IO,
				"The shared-memory ring " + address + " already has its one consumer: " + who);
	}

}
