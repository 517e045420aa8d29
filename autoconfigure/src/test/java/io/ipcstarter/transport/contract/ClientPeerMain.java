package io.ipcstarter.transport.contract;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.Transports;
import io.ipcstarter.transport.clipboard.ClipboardOptions;
import io.ipcstarter.transport.dde.DdeOperation;
import io.ipcstarter.transport.dde.DdeOptions;

/**
 * The second process of {@link ClientsInAnotherProcess}: it holds the contract suite's
 * clients, so that every message the suite sends leaves the test's process. One command
 * per line on standard input, one answer per command ({@code PEER:ok [HEX]} or
 * {@code PEER:failed REASON MESSAGE}), in order:
 * <ul>
 * <li>{@code open ID TRANSPORT ROLE ADDRESS SEND_MS REPLY_MS MAX [KEY=VALUE...]}: a
 * client of our transport; keys {@code clipboard.format}, {@code dde.item},
 * {@code dde.format}, {@code dde.operation};</li>
 * <li>{@code send ID HEX}, {@code request ID HEX} (answers the reply in hex),
 * {@code close ID}.</li>
 * </ul>
 * It ends with its standard input.
 */
public final class ClientPeerMain {

	private ClientPeerMain() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, IpcClient> clients = new HashMap<>();
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		String line;
		while ((line = in.readLine()) != null) {
			String[] words = line.split(" ");
			try {
				String answer = switch (words[0]) {
					case "open" -> {
						clients.put(words[1], open(words));
						yield "";
					}
					case "send" -> {
						clients.get(words[1]).send(hex(words));
						yield "";
					}
					case "request" -> HexFormat.of().formatHex(clients.get(words[1]).request(hex(words)));
					case "close" -> {
						IpcClient gone = clients.remove(words[1]);
						if (gone != null) {
							gone.close();
						}
						yield "";
					}
					default -> throw new IllegalArgumentException("unknown command " + words[0]);
				};
				System.out.println(PeerProcess.SAID + "ok" + (answer.isEmpty() ? "" : " " + answer));
			}
			catch (Exception ex) {
				String reason = (ex instanceof IpcException ipc) ? ipc.reason().tag() : "io";
				System.out.println(PeerProcess.SAID + "failed " + reason + " "
						+ String.valueOf(ex.getMessage()).replace('\n', ' '));
			}
		}
		clients.values().forEach(IpcClient::close);
	}

	private static byte[] hex(String[] words) {
		return (words.length > 2) ? HexFormat.of().parseHex(words[2]) : new byte[0];
	}

	private static IpcClient open(String[] words) {
		EndpointSpec.Builder builder = EndpointSpec
			.builder("client-" + words[1], words[2], Role.valueOf(words[3]), words[4])
			.sendTimeout(Duration.ofMillis(Long.parseLong(words[5])))
			.replyTimeout(Duration.ofMillis(Long.parseLong(words[6])))
			.maxMessageSize(Long.parseLong(words[7]));
		ClipboardOptions clipboard = null;
		DdeOptions dde = null;
		for (int i = 8; i < words.length; i++) {
			String[] pair = words[i].split("=", 2);
			switch (pair[0]) {
				case "clipboard.format" -> {
					clipboard = new ClipboardOptions();
					clipboard.setFormat(pair[1]);
				}
				case "dde.item" -> (dde = (dde != null) ? dde : new DdeOptions()).setItem(pair[1]);
				case "dde.format" -> (dde = (dde != null) ? dde : new DdeOptions()).setFormat(pair[1]);
				case "dde.operation" ->
					(dde = (dde != null) ? dde : new DdeOptions()).setOperation(DdeOperation.valueOf(pair[1]));
				default -> throw new IllegalArgumentException("unknown option " + pair[0]);
			}
		}
		if (clipboard != null) {
			builder.option(ClipboardOptions.class, clipboard);
		}
		if (dde != null) {
			builder.option(DdeOptions.class, dde);
		}
		EndpointSpec spec = builder.build();
		Transports.get(spec.transport()).validate(spec);
		return Transports.get(spec.transport()).createClient(spec);
	}

}
