package io.ipcstarter.transport.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import com.sun.nio.file.ExtendedOpenOption;

/**
 * Opens the file with share mode 0 ({@code CreateFile} with no {@code FILE_SHARE_*}
 * flags, through the JDK's own {@link ExtendedOpenOption}s, so no native declaration is
 * needed): Windows refuses with a sharing violation while any other handle to the file is
 * open, e.g. the writer's. Compiled everywhere; used on Windows only (the options are
 * unsupported elsewhere).
 */
final class WindowsExclusiveOpenProbe implements ExclusiveOpenProbe {

	@Override
	public boolean canOpenExclusively(Path file) {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, ExtendedOpenOption.NOSHARE_READ,
				ExtendedOpenOption.NOSHARE_WRITE, ExtendedOpenOption.NOSHARE_DELETE)) {
			return true;
		}
		catch (IOException ex) {
			return false; // ERROR_SHARING_VIOLATION while the writer has it open
		}
	}

}
