package io.ipcstarter.bench.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The full starter's receiving app: its endpoints come from
 * {@code bench-starter-receiver.yml} (an {@code inbound} endpoint feeding channel
 * {@code sink}, an {@code inbound-gateway} feeding channel {@code echo}).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ReceiverConfig.class)
public class StarterReceiverApp {

}
