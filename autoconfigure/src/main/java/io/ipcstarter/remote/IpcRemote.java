package io.ipcstarter.remote;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Marks an interface whose calls travel between two applications through the endpoint it
 * names: where that endpoint is an {@code outbound-gateway}, the application gets a proxy
 * bean {@code ipc.remote.<name>} implementing the interface; where it is an
 * {@code inbound-gateway}, the application's bean implementing the interface answers the
 * calls. The same annotated interface therefore serves both sides, each declaring the
 * endpoint under its own role:
 *
 * <pre class="code">
 * &#64;IpcRemote("orders")
 * public interface Orders {
 *     Order find(String id);
 * }
 * </pre>
 *
 * Interfaces are found in the application's packages (those of its
 * {@code @SpringBootApplication}). A remote declared under {@code ipc.remote} for the
 * same interface wins, so the endpoint can be changed without a code change.
 *
 * @see <a href=
 * "https://github.com/ipcstarter/ipc-spring-boot-starter/blob/main/docs/remote-calls.md">remote
 * calls</a>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface IpcRemote {

	/** Alias for {@link #endpoint()}. */
	@AliasFor("endpoint")
	String value() default "";

	/** The endpoint under {@code ipc.endpoints} that carries the calls. */
	@AliasFor("value")
	String endpoint() default "";

	/**
	 * The remote's name, which names its beans ({@code ipc.remote.<name>}); the
	 * endpoint's name when empty.
	 */
	String name() default "";

}
