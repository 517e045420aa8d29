package io.ipcstarter.transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The defaults that let a listener or reply written for arrays work with a transport that
 * shows payloads in place (the cross-process behaviour is in the shared-memory tests).
 */
class InboundListenerTests {

	@Test
	void aListenerThatTakesArraysGetsTheBytesBetweenPositionAndLimitOfAView() throws Exception {
		List<String> received = new ArrayList<>();
		InboundListener listener = new InboundListener() {

			@Override
			public void onMessage(byte[] payload, Peer peer, Reply reply) {
				received.add(new String(payload, StandardCharsets.UTF_8));
			}

			@Override
			public void onError(ErrorReason reason, Throwable cause, Peer peer) {
			}

		};
		ByteBuffer view = ByteBuffer.wrap("xxhelloyy".getBytes(StandardCharsets.UTF_8))
			.position(2)
			.limit(7)
			.asReadOnlyBuffer();
		listener.onMessage(view, Peer.of("test"), InboundListener.Reply.NONE);
		assertThat(received).containsExactly("hello");
	}

	@Test
	void aReplyThatTakesArraysSendsTheBytesBetweenPositionAndLimitAndLeavesBothAlone() throws Exception {
		List<String> sent = new ArrayList<>();
		InboundListener.Reply reply = payload -> sent.add(new String(payload, StandardCharsets.UTF_8));
		ByteBuffer answer = ByteBuffer.allocateDirect(16)
			.put("xxanswer".getBytes(StandardCharsets.UTF_8))
			.flip()
			.position(2);
		reply.send(answer);
		assertThat(sent).containsExactly("answer");
		assertThat(answer.position()).isEqualTo(2);
		assertThat(answer.limit()).isEqualTo(8);
	}

}
