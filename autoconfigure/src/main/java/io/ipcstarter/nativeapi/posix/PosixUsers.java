package io.ipcstarter.nativeapi.posix;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import org.jspecify.annotations.Nullable;

/**
 * User names to numeric uids, the way the peer credentials of a Unix socket arrive from
 * the JDK (as a user name) and the way {@code allowed-uids} is written (as numbers).
 * Cached: names do not change uid while we run.
 */
public final class PosixUsers {

	// struct passwd { char *pw_name; char *pw_passwd; uid_t pw_uid; ... }: same prefix on
	// Linux and macOS
	private static final long PW_UID_OFFSET = 2L * Native.POINTER_SIZE;

	private static final Map<String, Integer> UIDS = new ConcurrentHashMap<>();

	private PosixUsers() {
	}

	/**
	 * The uid of a user name, or {@code null} when unknown. A purely numeric name is
	 * taken as the uid itself.
	 */
	public static @Nullable Integer uidOf(@Nullable String userName) {
		if (userName == null) {
			return null;
		}
		Integer cached = UIDS.get(userName);
		if (cached != null) {
			return cached;
		}
		Integer uid = lookUp(userName);
		if (uid != null) {
			UIDS.put(userName, uid);
		}
		return uid;
	}

	/** The effective uid of this process, or {@code null} on platforms without one. */
	public static @Nullable Integer currentUid() {
		if (Platform.isWindows()) {
			return null;
		}
		return PosixLibC.get().geteuid();
	}

	private static @Nullable Integer lookUp(String userName) {
		if (!userName.isEmpty() && userName.chars().allMatch(Character::isDigit)) {
			return Integer.valueOf(userName);
		}
		PosixLibC libc = PosixLibC.get();
		synchronized (PosixUsers.class) { // getpwnam returns a static buffer
			Pointer passwd = libc.getpwnam(userName);
			return (passwd != null) ? passwd.getInt(PW_UID_OFFSET) : null;
		}
	}

}
