package io.ipcstarter.transport.dde;

import com.sun.jna.platform.win32.DdemlUtil;

import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;

/** DDEML error codes as our error reasons. */
final class DdeErrors {

	static final int DMLERR_ADVACKTIMEOUT = 0x4000;

	static final int DMLERR_DATAACKTIMEOUT = 0x4002;

	static final int DMLERR_EXECACKTIMEOUT = 0x4005;

	static final int DMLERR_NO_CONV_ESTABLISHED = 0x400a;

	static final int DMLERR_NOTPROCESSED = 0x4009;

	static final int DMLERR_POKEACKTIMEOUT = 0x400b;

	static final int DMLERR_POSTMSG_FAILED = 0x400c;

	static final int DMLERR_SERVER_DIED = 0x400e;

	static final int DMLERR_UNADVACKTIMEOUT = 0x4010;

	private DdeErrors() {
	}

	static IpcException of(String what, DdemlUtil.DdemlException ex) {
		return new IpcException(reason(ex.getErrorCode()), what + " failed: " + ex.getMessage() + " (DDEML error 0x"
				+ Integer.toHexString(ex.getErrorCode()) + ")", ex);
	}

	static ErrorReason reason(int code) {
		return switch (code) {
			case DMLERR_ADVACKTIMEOUT, DMLERR_DATAACKTIMEOUT, DMLERR_EXECACKTIMEOUT, DMLERR_POKEACKTIMEOUT,
					DMLERR_UNADVACKTIMEOUT ->
				ErrorReason.TIMEOUT;
			case DMLERR_NO_CONV_ESTABLISHED, DMLERR_NOTPROCESSED -> ErrorReason.PEER_REJECTED;
			default -> ErrorReason.IO;
		};
	}

	/** Whether the conversation is gone, so that the next call connects anew. */
	static boolean conversationLost(int code) {
		return code == DMLERR_NO_CONV_ESTABLISHED || code == DMLERR_POSTMSG_FAILED || code == DMLERR_SERVER_DIED;
	}

}
