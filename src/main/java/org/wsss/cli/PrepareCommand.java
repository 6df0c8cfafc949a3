package org.wsss.cli;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.wsss.config.WsssSettings;
import org.wsss.data.ArchiveUnpacker;
import org.wsss.io.Storage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = "Unpack images.tar.gz and annotations.tar.gz (gzip or plain tar) into the data root.")
public final class PrepareCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--images", required = true, paramLabel = "URI", description = "images.tar.gz (any Hadoop URI).")
    String images;

    @Option(names = "--annotations", required = true, paramLabel = "URI",
            description = "annotations.tar.gz (any Hadoop URI).")
    String annotations;

    @Override
    public Integer call() throws IOException {
        WsssSettings settings = common.settings();
        Storage storage = CliStorage.of(settings);
        ArchiveUnpacker unpacker = new ArchiveUnpacker(storage);
        int refused = 0;
        for (String archive : List.of(images, annotations)) {
            Path path = new Path(Storage.qualify(archive));
            if (!storage.exists(path)) throw new UserError("archive " + archive + " does not exist");
            ArchiveUnpacker.Unpacked result = unpacker.unpack(path, settings.dataRoot());
            Console.line("[prepare] %s (%s): %d files into %s", archive, result.gzip() ? "gzip" : "plain tar",
                    result.files(), Storage.qualify(settings.dataRoot()));
            for (ArchiveUnpacker.Refused r : result.refused()) {
                Console.line("[prepare]   refused %s: %s", r.entry(), r.reason());
            }
            refused += result.refused().size();
        }
        return refused == 0 ? 0 : Wsss.USER_ERROR;
    }
}
