package io.ipcstarter.bench.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The remote-call row's receiving app: the full starter's receiver
 * ({@code bench-starter-receiver.yml}) whose inbound gateway feeds a remote
 * ({@code ipc.remote.echo}, set by the harness) serving {@link RemoteEcho.Service}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ReceiverConfig.class)
public class RemoteReceiverApp {

	@Bean
	RemoteEcho.Service remoteEcho() {
		return new RemoteEcho.Service();
	}

}
