package io.ipcstarter.transport.clipboard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.context.annotation.Configuration;
import org.springframework.integration.config.EnableIntegration;

import io.ipcstarter.testsupport.IpcContextRunners;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** What the clipboard transport checks before anything is opened, on every OS. */
class ClipboardTransportTests {

	private final ClipboardTransport transport = new ClipboardTransport();

	@Test
	@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the refusal is for Linux and macOS")
	void elsewhereThanWindowsItIsRefusedNamingTheReasonAndAnAlternative() {
		assertThat(this.transport.unsupportedReason()).contains("only on Windows")
			.contains("headless")
			.contains("transport file");
	}

	@Test
	void gatewaysAreRefusedWithTheReason() {
		for (Role role : new Role[] { Role.INBOUND_GATEWAY, Role.OUTBOUND_GATEWAY }) {
			assertThat(this.transport.roles()).doesNotContain(role);
			assertThatExceptionOfType(InvalidEndpointException.class)
				.isThrownBy(() -> this.transport.validate(spec(role, null)))
				.withMessageContaining("ipc.endpoints.test.role")
				.withMessageContaining("no way back");
		}
	}

	@Test
	void aBlankOrStandardFormatOtherThanUnicodeTextIsRefused() {
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> this.transport.validate(spec(Role.INBOUND, " ")))
			.withMessageContaining("ipc.endpoints.test.clipboard.format");
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> this.transport.validate(spec(Role.INBOUND, "CF_BITMAP")))
			.withMessageContaining("CF_UNICODETEXT");
		this.transport.validate(spec(Role.INBOUND, "cf_unicodetext"));
		this.transport.validate(spec(Role.OUTBOUND, null));
	}

	@Test
	void registeredFormatsCarryALengthAndTextANul() {
		ClipboardFormat raw = new ClipboardFormat("x", false);
		assertThat(raw.encode(new byte[] { 7, 8 })).containsExactly(2, 0, 0, 0, 7, 8);
		ClipboardFormat text = new ClipboardFormat("CF_UNICODETEXT", true);
		assertThat(text.encode("A\u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8))).containsExactly(0x41, 0,
				0xe9, 0, 0, 0);
	}

	@Test
	@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the refusal is for Linux and macOS")
	void startupOffWindowsFailsNamingThePropertyTheReasonAndAnAlternative() {
		IpcContextRunners.ipc()
			.withUserConfiguration(Config.class)
			.withPropertyValues("ipc.endpoints.x.transport=clipboard", "ipc.endpoints.x.role=inbound",
					"ipc.endpoints.x.address=slot", "ipc.endpoints.x.channel=received")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(InvalidEndpointException.class)
				.hasMessageContaining("ipc.endpoints.x.transport")
				.hasMessageContaining("only on Windows")
				.hasMessageContaining("transport file"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class Config {

	}

	private EndpointSpec spec(Role role, String format) {
		EndpointSpec.Builder builder = EndpointSpec.builder("test", "clipboard", role, "slot");
		if (format != null) {
			ClipboardOptions options = new ClipboardOptions();
			options.setFormat(format);
			builder.option(ClipboardOptions.class, options);
		}
		return builder.build();
	}

}
