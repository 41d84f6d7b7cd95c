package io.reelflow.operators.moderation.djl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Tiny TorchScript modules written by hand (torch.jit.save's archive: the module object pickled in {@code data.pkl},
 * its code as TorchScript source in {@code code/__torch__.py}), since there is no Python to script one here.
 */
final class TorchScriptModels {

    private TorchScriptModels() {}

    /** A module without parameters whose {@code forward} takes tensors {@code arguments} and runs {@code body}. */
    static Path module(Path file, List<String> arguments, String body) throws IOException {
        String code = """
                class Model(Module):
                  __parameters__ = []
                  __buffers__ = []
                  training : bool
                  def forward(self: __torch__.Model,
                    %s) -> Tensor:
                %s
                """.formatted(String.join(",\n    ", arguments.stream().map(a -> a + ": Tensor").toList()),
                body.indent(4).stripTrailing());
        Map<String, byte[]> records = new LinkedHashMap<>();
        records.put("archive/data.pkl", moduleObject());
        records.put("archive/code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
        records.put("archive/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'}); // an empty tuple
        records.put("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        records.put("archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> record : records.entrySet()) {
                ZipEntry entry = new ZipEntry(record.getKey());
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(record.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(record.getValue());
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(record.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    /** Pickle (protocol 2) of an instance of {@code __torch__.Model} with {@code training = False}. */
    private static byte[] moduleObject() {
        ByteArrayOutputStream pickle = new ByteArrayOutputStream();
        pickle.writeBytes(new byte[] {(byte) 0x80, 2});
        pickle.writeBytes("c__torch__\nModel\n".getBytes(StandardCharsets.US_ASCII)); // GLOBAL
        pickle.write(')'); // EMPTY_TUPLE
        pickle.write(0x81); // NEWOBJ
        pickle.write('}'); // EMPTY_DICT
        byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
        pickle.write('X'); // BINUNICODE
        pickle.writeBytes(new byte[] {(byte) key.length, 0, 0, 0});
        pickle.writeBytes(key);
        pickle.write(0x89); // NEWFALSE
        pickle.write('s'); // SETITEM
        pickle.write('b'); // BUILD
        pickle.write('.'); // STOP
        return pickle.toByteArray();
    }
}
