package io.ipcstarter.codec;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class HeaderBlockTests {

	@Test
	void wrapShouldWriteTheDocumentedBytes() throws Exception {
		byte[] frame = HeaderBlock.wrap(Map.of("a", "b"), "hi".getBytes(StandardCharsets.US_ASCII));
		// 00 00 00 09 {"a":"b"} h i -- the example in docs/wire-formats.md
		assertThat(frame).containsExactly(0, 0, 0, 9, '{', '"', 'a', '"', ':', '"', 'b', '"', '}', 'h', 'i');
		assertThat(HeaderBlock.wrap(Map.of(), new byte[] { 7 })).containsExactly(0, 0, 0, 0, 7);
	}

	@Test
	void headersShouldRoundTripWithEscapesAndNonAscii() throws Exception {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
		headers.put("odd \"name\"", "tab\there\nnewline \\ caf\u00e9 \u0001 \u20ac");
		HeaderBlock.Split split = HeaderBlock.unwrap(HeaderBlock.wrap(headers, new byte[] { 1, 2, 3 }));
		assertThat(split.headers()).isEqualTo(headers);
		assertThat(split.payload()).containsExactly(1, 2, 3);
	}

	@Test
	void malformedBlocksShouldBeDecodeErrors() {
		for (String json : new String[] { "{\"a\":1}", "{\"a\":{\"b\":\"c\"}}", "{\"a\":\"b\",\"a\":\"c\"}", "[]",
				"{\"a\":\"b\"} x", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\"", "" }) {
			byte[] body = json.getBytes(StandardCharsets.UTF_8);
			byte[] frame = (body.length == 0) ? new byte[] { 0, 0 } : new byte[4 + body.length];
			if (body.length > 0) {
				frame[3] = (byte) body.length;
				System.arraycopy(body, 0, frame, 4, body.length);
			}
			assertThatExceptionOfType(IpcException.class).as(json)
				.isThrownBy(() -> HeaderBlock.unwrap(frame))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.DECODE));
		}
	}

	@Test
	void hostileLengthsShouldBeRejectedWithoutAllocating() {
		assertThatExceptionOfType(IpcException.class)
			.isThrownBy(() -> HeaderBlock.unwrap(new byte[] { (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff }))
			.withMessageContaining("exceeds the limit");
		assertThatExceptionOfType(IpcException.class)
			.isThrownBy(() -> HeaderBlock.unwrap(new byte[] { 0, 0, 0, 9, '{', '}' }))
			.withMessageContaining("exceeds the frame");
		assertThatExceptionOfType(IpcException.class)
			.isThrownBy(() -> HeaderBlock.wrap(Map.of("big", "x".repeat(HeaderBlock.MAX_SIZE)), new byte[0]));
	}

}
