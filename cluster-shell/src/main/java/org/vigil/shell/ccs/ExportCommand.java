package org.vigil.shell.ccs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

/**
 * The running configuration as an RHCS cluster.conf: to a file (complete, passwords
 * included, mode 0600) or, without a file, on the screen (passwords as ****).
 */
@Service
@Command(scope = "ccs", name = "export", description = "Writes the running configuration as an RHCS cluster.conf to FILE (mode 0600, passwords included), or prints it with passwords as ****")
public class ExportCommand extends CcsCommandSupport {

    @Argument(index = 0, name = "file", description = "Where to write it; without it, printed (masked)")
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--force", description = "Replace FILE if it exists")
    boolean force;

    @Override
    public Object execute() throws Exception {
        var config = requireConfiguration();
        if (file == null) {
            System.out.print(updater.toXml(config, true));
            return null;
        }
        Path path = Path.of(file);
        byte[] content = updater.toXml(config, false).getBytes(StandardCharsets.UTF_8);
        try {
            if (force) {
                Files.deleteIfExists(path);
            }
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(path, content, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new ConfigRefusedException(file + " already exists (use --force to replace it)");
        } catch (IOException e) {
            throw new ConfigRefusedException("cannot write " + file + ": " + e.getMessage());
        }
        System.out.println("config_version " + config.configVersion() + " of cluster " + config.name() + " written to " + file);
        return null;
    }
}
