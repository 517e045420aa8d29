package io.ipcstarter.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A test class (or method) that runs only on Windows. On Linux the normal build skips it;
 * the {@code windows-tests} Maven profile ({@code -Dwindows.jvm=...}, set by
 * {@code scripts/test.sh}) runs every test tagged {@code windows} inside a Windows JVM
 * under Wine. Wine is not Windows: such a test checks protocol logic and native mappings,
 * not ACL enforcement or session isolation.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("windows")
@EnabledOnOs(value = OS.WINDOWS, disabledReason = "Windows only: runs under Wine in the windows-tests profile")
public @interface WindowsTest {

}
