package io.ipcstarter.transport.dde;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Ddeml;
import com.sun.jna.platform.win32.DdemlUtil;
import com.sun.jna.platform.win32.WinDef.DWORDByReference;

import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.Role;

/**
 * The second process of the DDE tests (a separate Windows JVM, under Wine here):
 * <ul>
 * <li>{@code server SERVICE TOPIC} — a DDE server written straight against DDEML
 * (jna-platform's {@code DdemlUtil}, none of our transport), speaking CF_TEXT: a request
 * of item X answers {@code value of X} (or what was set), a poke prints
 * {@code PEER:poked ITEM TEXT}, an execute {@code PEER:executed CMD}; it keeps advise
 * loops, and a line {@code set ITEM VALUE} on its standard input changes an item and
 * advises it ({@code PEER:set} once done), {@code set-big ITEM N} sets N bytes of
 * {@code x}.</li>
 * <li>{@code client SERVICE TOPIC} — our {@code dde} client: lines {@code request ITEM},
 * {@code poke ITEM TEXT}, {@code execute CMD} print {@code PEER:reply TEXT},
 * {@code PEER:poked}, {@code PEER:executed}, or {@code PEER:failed <reason>}.</li>
 * </ul>
 */
public final class DdePeerMain {

	private DdePeerMain() {
	}

	public static void main(String[] args) throws Exception {
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		if (args[0].equals("server")) {
			server(args[1], args[2], in);
		}
		else {
			client(args[1] + "|" + args[2], in);
		}
	}

	private static void server(String service, String topic, BufferedReader in) throws Exception {
		Map<String, String> values = new ConcurrentHashMap<>();
		try (DdemlUtil.StandaloneDdeClient dde = new DdemlUtil.StandaloneDdeClient()) {
			dde.registerConnectHandler((type, t, s, context, same) -> topic.equalsIgnoreCase(dde.queryString(t)));
			dde.registerRequestHandler((type, format, conv, t, item) -> text(dde, item, format,
					values.getOrDefault(dde.queryString(item), "value of " + dde.queryString(item))));
			dde.registerAdvReqHandler((type, format, conv, t, item, count) -> text(dde, item, format,
					values.getOrDefault(dde.queryString(item), "")));
			dde.registerAdvstartHandler((type, format, conv, t, item) -> format == 1);
			dde.registerPokeHandler((type, format, conv, t, item, data) -> {
				System.out.println(PeerProcess.SAID + "poked " + dde.queryString(item) + " " + read(dde, data, false));
				return Ddeml.DDE_FACK;
			});
			dde.registerExecuteHandler((type, conv, t, command) -> {
				System.out.println(PeerProcess.SAID + "executed " + read(dde, command, true));
				return Ddeml.DDE_FACK;
			});
			dde.initialize(Ddeml.APPCLASS_STANDARD);
			dde.nameService(service, Ddeml.DNS_REGISTER);
			System.out.println(PeerProcess.SAID + "ready");
			String line;
			while ((line = in.readLine()) != null) {
				String[] words = line.split(" ", 3);
				String value = words[0].equals("set-big") ? "x".repeat(Integer.parseInt(words[2])) : words[2];
				values.put(words[1], value);
				dde.postAdvise(topic, words[1]);
				System.out.println(PeerProcess.SAID + "set");
			}
			dde.nameService(service, Ddeml.DNS_UNREGISTER);
		}
	}

	private static Ddeml.HDDEDATA text(DdemlUtil.StandaloneDdeClient dde, Ddeml.HSZ item, int format, String value) {
		if (format != 1) {
			return null;
		}
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		Memory memory = new Memory(bytes.length + 1);
		memory.write(0, bytes, 0, bytes.length);
		memory.setByte(bytes.length, (byte) 0);
		return dde.createDataHandle(memory, (int) memory.size(), 0, item, format, 0);
	}

	private static String read(DdemlUtil.StandaloneDdeClient dde, Ddeml.HDDEDATA data, boolean wide) {
		DWORDByReference size = new DWORDByReference();
		Pointer p = dde.accessData(data, size);
		try {
			return wide ? p.getWideString(0) : p.getString(0, "UTF-8");
		}
		finally {
			dde.unaccessData(data);
		}
	}

	private static void client(String address, BufferedReader in) throws Exception {
		DdeTransport transport = new DdeTransport();
		String line;
		try (IpcClient requests = transport.createClient(spec(address, Role.OUTBOUND_GATEWAY, DdeOperation.REQUEST));
				IpcClient executes = transport.createClient(spec(address, Role.OUTBOUND_GATEWAY, DdeOperation.EXECUTE));
				IpcClient pokes = transport.createClient(spec(address, Role.OUTBOUND, DdeOperation.REQUEST))) {
			while ((line = in.readLine()) != null) {
				String[] words = line.split(" ", 3);
				try {
					switch (words[0]) {
						case "request" -> System.out.println(PeerProcess.SAID + "reply "
								+ new String(requests.request(new byte[0], Map.of(DdeTransport.ITEM_HEADER, words[1])),
										StandardCharsets.UTF_8));
						case "poke" -> {
							pokes.send(words[2].getBytes(StandardCharsets.UTF_8),
									Map.of(DdeTransport.ITEM_HEADER, words[1]));
							System.out.println(PeerProcess.SAID + "poked");
						}
						case "execute" -> {
							executes.request(line.substring(8).getBytes(StandardCharsets.UTF_8));
							System.out.println(PeerProcess.SAID + "executed");
						}
						default -> throw new IllegalArgumentException(line);
					}
				}
				catch (Exception ex) {
					System.out.println(PeerProcess.SAID + "failed " + ex);
				}
			}
		}
	}

	private static EndpointSpec spec(String address, Role role, DdeOperation operation) {
		DdeOptions options = new DdeOptions();
		options.setOperation(operation);
		return EndpointSpec.builder("peer", "dde", role, address).option(DdeOptions.class, options).build();
	}

}
