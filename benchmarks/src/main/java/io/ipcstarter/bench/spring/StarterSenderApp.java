package io.ipcstarter.bench.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The full starter's sending app: its endpoints come from
 * {@code bench-starter-sender.yml} (an {@code outbound} endpoint draining channel
 * {@code out}, an {@code outbound-gateway} draining channel {@code ask}).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class StarterSenderApp {

}
