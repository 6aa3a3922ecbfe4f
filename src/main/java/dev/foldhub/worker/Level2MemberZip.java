package dev.foldhub.worker;

import dev.foldhub.experiment.Level2MemberInputs;
import dev.foldhub.prediction.Npy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * One stacker member's inputs on the wire: a zip of float32 .npy files train.npy, validation.npy and (when the member
 * has test predictions) test.npy, each rows x classes, as numpy.load of an .npz reads them.
 */
final class Level2MemberZip {

    private Level2MemberZip() {
    }

    static void write(Level2MemberInputs member, int classes, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        entry(zip, "train.npy", member.train(), classes);
        entry(zip, "validation.npy", member.validation(), classes);
        if (member.test() != null) {
            entry(zip, "test.npy", member.test(), classes);
        }
        zip.finish();
    }

    static Level2MemberInputs read(long experimentId, InputStream in) throws IOException {
        float[] train = null;
        float[] validation = null;
        Npy.FloatMatrix test = null;
        try (ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                Npy.FloatMatrix m = Npy.readFloat2d(zip.readAllBytes());
                switch (e.getName()) {
                    case "train.npy" -> train = m.data();
                    case "validation.npy" -> validation = m.data();
                    case "test.npy" -> test = m;
                    default -> throw new IOException("unexpected entry " + e.getName());
                }
            }
        }
        if (train == null || validation == null) {
            throw new IOException("a member's inputs need train.npy and validation.npy");
        }
        return new Level2MemberInputs(experimentId, train, validation, test == null ? null : test.data(),
                test == null ? 0 : test.rows());
    }

    private static void entry(ZipOutputStream zip, String name, float[] data, int classes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(Npy.writeFloat32(data, data.length / classes, classes));
        zip.closeEntry();
    }

    static byte[] bytes(Level2MemberInputs member, int classes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(member, classes, out);
        return out.toByteArray();
    }
}
