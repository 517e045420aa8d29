package io.ipcstarter.transport.com;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.config.EnableIntegration;

import io.ipcstarter.nativeapi.windows.ComAutomation;
import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.Transports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What {@code com} decides before touching Windows: addresses, roles (the inbound-gateway
 * refusal with its reason), the message form and its JSON, and on Linux and macOS the
 * start-up failure naming the portable alternative. {@code ComWindowsTests} calls real
 * automation servers.
 */
class ComTransportTests {

	private final ComTransport transport = new ComTransport();

	@Test
	void isFoundByIdAndPlaysOnlyTheOutboundRoles() {
		assertThat(Transports.get("com")).isInstanceOf(ComTransport.class);
		assertThat(this.transport.roles()).containsExactlyInAnyOrder(Role.OUTBOUND, Role.OUTBOUND_GATEWAY);
	}

	@Test
	@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the refusal is for Linux and macOS")
	void startupOffWindowsFailsNamingTheGatewayAlternatives() {
		IpcContextRunners.ipc()
			.withUserConfiguration(Config.class)
			.withPropertyValues("ipc.endpoints.dict.transport=com", "ipc.endpoints.dict.role=outbound-gateway",
					"ipc.endpoints.dict.address=Scripting.Dictionary", "ipc.endpoints.dict.channel=calls")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(InvalidEndpointException.class)
				.hasMessageContaining("ipc.endpoints.dict.transport")
				.hasMessageContaining("COM automation exists only on Windows")
				.hasMessageContaining("outbound-gateway over tcp, unix-socket or named-pipe"));
	}

	@Test
	void theInboundRolesAreRefusedWithTheReason() {
		for (Role role : new Role[] { Role.INBOUND, Role.INBOUND_GATEWAY }) {
			assertThatExceptionOfType(InvalidEndpointException.class)
				.isThrownBy(() -> this.transport.validate(spec(role, "Scripting.Dictionary").build()))
				.withMessageContaining("ipc.endpoints.test.role")
				.withMessageContaining("Running Object Table")
				.withMessageContaining("RegisterActiveObject")
				.withMessageContaining("named-pipe");
		}
	}

	@Test
	void addressesAreProgIdsOrClsids() {
		for (String good : new String[] { "Scripting.Dictionary", "Excel.Application", "Word.Application.16",
				"{EE09B103-97E0-11CF-978F-00A02463E06F}" }) {
			this.transport.validate(spec(Role.OUTBOUND_GATEWAY, good).build());
		}
		for (String bad : new String[] { "Dictionary", "Scripting..Dictionary", "1Scripting.Dictionary",
				"Scripting.Dictionary; rm", "{EE09B103-97E0-11CF-978F}", "A." + "x".repeat(40) }) {
			assertThatExceptionOfType(InvalidEndpointException.class).as(bad)
				.isThrownBy(() -> this.transport.validate(spec(Role.OUTBOUND_GATEWAY, bad).build()))
				.withMessageContaining("ipc.endpoints.test.address")
				.withMessageContaining("neither a ProgID nor a CLSID");
		}
	}

	@Test
	void callsParseAsDocumented() throws Exception {
		ComCall call = parse("{\"call\":\"Item\",\"kind\":\"get\",\"args\":[\"a\",1,2.5,true,null]}");
		assertThat(call.member()).isEqualTo("Item");
		assertThat(call.kind()).isEqualTo(ComAutomation.DISPATCH_PROPERTYGET);
		assertThat(call.args()).containsExactly("a", 1L, 2.5, true, null);
		assertThat(parse("{\"call\":\"Keys\"}").kind())
			.isEqualTo(ComAutomation.DISPATCH_METHOD | ComAutomation.DISPATCH_PROPERTYGET);
		assertThat(parse("{\"call\":\"Keys\"}").args()).isEmpty();
		assertThat(parse(" {\"kind\":\"PUT\",\"args\":[\"k\",\"\\u00e9\\n\"],\"call\":\"Item\"} ").kind())
			.isEqualTo(ComAutomation.DISPATCH_PROPERTYPUT);
	}

	@Test
	void malformedCallsAreDecodeErrorsSayingWhatIsWrong() {
		Map<String, String> bad = Map.ofEntries(Map.entry("", "the text ends"), Map.entry("nope", "not a JSON value"),
				Map.entry("[1]", "not a JSON object"), Map.entry("{\"call\":\"a\"} x", "text after"),
				Map.entry("{\"call\":\"\"}", "must name the member"), Map.entry("{\"args\":[]}", "must name"),
				Map.entry("{\"call\":\"a\",\"call\":\"b\"}", "appears twice"),
				Map.entry("{\"call\":\"a\",\"x\":1}", "unknown member \"x\""),
				Map.entry("{\"call\":\"a\",\"kind\":\"set\"}", "\"kind\" must be"),
				Map.entry("{\"call\":\"a\",\"kind\":\"put\"}", "needs the value"),
				Map.entry("{\"call\":\"a\",\"args\":{}}", "must be an array"),
				Map.entry("{\"call\":\"a\",\"args\":[{}]}", "argument 1 is an object"),
				Map.entry("{\"call\":\"a\",\"args\":[1,[2]]}", "argument 2 is an array"),
				Map.entry("{\"call\":\"a\",\"args\":[01]}", "not a JSON value at character 20"),
				Map.entry("{\"call\":\"a\\q\"}", "unknown escape"), Map.entry("{\"call\":\"a", "not closed"),
				Map.entry("[".repeat(40), "nested deeper"));
		bad.forEach((json, problem) -> assertThatExceptionOfType(IpcException.class).as(json)
			.isThrownBy(() -> parse(json))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.DECODE))
			.withMessageStartingWith("Not a COM call")
			.withMessageContaining(problem));
		Object[] many = new Object[ComCall.MAX_ARGS + 1];
		Arrays.fill(many, "1");
		assertThatExceptionOfType(IpcException.class)
			.isThrownBy(
					() -> parse(
							"{\"call\":\"a\",\"args\":["
									+ String.join(",",
											Arrays.asList(
													Arrays.stream(many).map(String::valueOf).toArray(String[]::new)))
									+ "]}"))
			.withMessageContaining("at most 32");
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> ComCall.parse(new byte[] { (byte) 0xff, '{' }))
			.withMessageContaining("not UTF-8");
	}

	@Test
	void resultsWriteAsJson() {
		assertThat(ComJson.write(null)).isEqualTo("null");
		assertThat(ComJson.write("a\"b\\\n\u0001")).isEqualTo("\"a\\\"b\\\\\\n\\u0001\"");
		assertThat(ComJson.write(List.of(1L, 2.5, 2.0, true, new java.math.BigDecimal("1.2500"))))
			.isEqualTo("[1,2.5,2,true,1.2500]");
		assertThat(ComJson.write(Double.NaN)).isEqualTo("null");
		assertThat(ComJson.read("12345678901234567890")).isEqualTo(1.2345678901234567e19);
	}

	private static ComCall parse(String json) throws IpcException {
		return ComCall.parse(json.getBytes(StandardCharsets.UTF_8));
	}

	private static EndpointSpec.Builder spec(Role role, String address) {
		return EndpointSpec.builder("test", "com", role, address);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class Config {

		@Bean
		QueueChannel calls() {
			return new QueueChannel();
		}

	}

}
