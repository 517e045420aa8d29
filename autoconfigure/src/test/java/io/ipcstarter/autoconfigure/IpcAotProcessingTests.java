package io.ipcstarter.autoconfigure;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.core.env.MapPropertySource;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring AOT can write out the beans of YAML endpoints as code: every role's definitions
 * are processed ahead of time without error (bean definitions with instance suppliers
 * cannot be, which is what the registrar made before), and the generated code names the
 * factory methods, not the registrar. {@code SampleAotIT} starts an application from such
 * code.
 */
class IpcAotProcessingTests {

	@TempDir
	Path dir;

	@Test
	void everyRolesBeansAreWrittenOutAsCode() throws Exception {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			Map<String, Object> properties = new HashMap<>();
			endpoint(properties, "in", "unix-socket", "inbound", this.dir.resolve("in.sock").toString());
			endpoint(properties, "gw", "tcp", "inbound-gateway", "127.0.0.1:0");
			endpoint(properties, "out", "unix-socket", "outbound", this.dir.resolve("out.sock").toString());
			endpoint(properties, "ask", "tcp", "outbound-gateway", "127.0.0.1:7");
			context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", properties));
			// as in an application: Boot's task scheduler, which AOT can write out
			// (Spring Integration's fallback cannot)
			context.register(TaskSchedulingAutoConfiguration.class, IntegrationAutoConfiguration.class,
					IpcAutoConfiguration.class);
			InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
			DefaultGenerationContext generation = new DefaultGenerationContext(
					new ClassNameGenerator(ClassName.get("io.ipcstarter.aot", "Test")), files);
			new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
			generation.writeGeneratedContent();
			StringBuilder code = new StringBuilder();
			for (String path : files.getGeneratedFiles(Kind.SOURCE).keySet()) {
				code.append(files.getGeneratedFileContent(Kind.SOURCE, path)).append('\n');
			}
			assertThat(code.toString())
				.contains("inboundAdapter", "inboundGateway", "outboundAdapter", "outboundGateway")
				.contains("\"ipc.in\"", "\"ipc.gw\"", "\"ipc.out.handler\"", "\"ipc.ask.handler\"")
				.doesNotContain("IpcEndpointRegistrar");
		}
	}

	private static void endpoint(Map<String, Object> properties, String name, String transport, String role,
			String address) {
		String prefix = "ipc.endpoints." + name + ".";
		properties.put(prefix + "transport", transport);
		properties.put(prefix + "role", role);
		properties.put(prefix + "address", address);
		properties.put(prefix + "channel", name + "-channel");
	}

}
