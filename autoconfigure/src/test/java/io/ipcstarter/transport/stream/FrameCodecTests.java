package io.ipcstarter.transport.stream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.Framing;
import io.ipcstarter.transport.IpcException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code max-message-size} means the same on every framing: a payload of exactly the
 * limit is accepted, one byte more is {@link ErrorReason#OVERSIZE}.
 */
class FrameCodecTests {

	private static final int LIMIT = 64;

	private static byte[] wire(Framing framing, byte[] payload) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		FrameCodec.create(framing, Integer.MAX_VALUE - 8).write(payload, out);
		return out.toByteArray();
	}

	private static byte[] payload(int size) {
		byte[] p = new byte[size];
		Arrays.fill(p, (byte) 'x');
		return p;
	}

	@ParameterizedTest
	@EnumSource(Framing.class)
	void payloadOfExactlyTheLimitIsAccepted(Framing framing) throws Exception {
		byte[] read = FrameCodec.create(framing, LIMIT).read(new ByteArrayInputStream(wire(framing, payload(LIMIT))));
		assertThat(read).hasSize(LIMIT);
	}

	@ParameterizedTest
	@EnumSource(Framing.class)
	void oneByteOverTheLimitIsOversize(Framing framing) throws Exception {
		IpcException ex = catchThrowableOfType(IpcException.class, () -> FrameCodec.create(framing, LIMIT)
			.read(new ByteArrayInputStream(wire(framing, payload(LIMIT + 1)))));
		assertThat(ex).isNotNull();
		assertThat(ex.reason()).isEqualTo(ErrorReason.OVERSIZE);
		assertThat(ex).hasMessageContaining(String.valueOf(LIMIT));
	}

	@org.junit.jupiter.api.Test
	void crlfLineOfExactlyTheLimitIsAccepted() throws Exception {
		byte[] wire = Arrays.copyOf(payload(LIMIT), LIMIT + 2);
		wire[LIMIT] = '\r';
		wire[LIMIT + 1] = '\n';
		assertThat(FrameCodec.create(Framing.LINE, LIMIT).read(new ByteArrayInputStream(wire))).hasSize(LIMIT);
	}

	@org.junit.jupiter.api.Test
	void lengthHeaderWithTheTopBitSetIsMalformed() {
		byte[] wire = { (byte) 0x80, 0, 0, 0, 'x' };
		IpcException ex = catchThrowableOfType(IpcException.class,
				() -> FrameCodec.create(Framing.LENGTH_PREFIX, LIMIT).read(new ByteArrayInputStream(wire)));
		assertThat(ex.reason()).isEqualTo(ErrorReason.DECODE);
	}

}
