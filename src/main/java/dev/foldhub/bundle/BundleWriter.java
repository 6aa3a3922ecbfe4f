package dev.foldhub.bundle;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams a bundle's zip: bundle.json, the members' configs and checkpoints, ensemble.yml and postprocess.yml,
 * foldhub.jar with lib/ ({@link PredictJar}), runtime/ ({@link BundleRuntime}, when there is one), predict.sh, a
 * one-cell notebook and a README with the expected run time.
 */
@Component
class BundleWriter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PredictJar jar;

    BundleWriter(PredictJar jar) {
        this.jar = jar;
    }

    void write(BundleService.Plan plan, Path runtime, OutputStream out) throws IOException {
        BundleManifest m = runtime == null ? plan.manifest()
                : plan.manifest().withRuntime("runtime", System.getProperty("java.runtime.version"));
        try (BundleZip zip = new BundleZip(out)) {
            zip.text(BundleManifest.FILE, m.json());
            zip.text("README.md", readme(m));
            zip.text("predict.sh", predictSh());
            zip.text("notebook.ipynb", notebook(m));
            zip.text("ensemble.yml", plan.ensembleYml());
            if (plan.postprocessYml() != null) {
                zip.text("postprocess.yml", plan.postprocessYml());
            }
            for (Map.Entry<String, String> config : plan.configs().entrySet()) {
                zip.text(config.getKey(), config.getValue());
            }
            for (Map.Entry<String, Path> checkpoint : plan.checkpoints().entrySet()) {
                zip.deflated(checkpoint.getKey(), checkpoint.getValue());
            }
            jar.write(zip);
            if (runtime != null) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(runtime)) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path f : files) {
                    zip.deflated("runtime/" + runtime.relativize(f).toString().replace('\\', '/'), f);
                }
            }
        }
    }

    /** The command the notebook runs; Kaggle mounts data sets read-only under ../input/&lt;slug&gt;. */
    static String command(BundleManifest m) {
        return "bash ../input/" + m.dataset() + "/predict.sh --images ../input/" + m.competition()
                + "/test --out submission.csv";
    }

    static String predictSh() {
        return """
                #!/usr/bin/env bash
                # Foldhub Kaggle bundle: writes the ensemble's submission offline (no network, no server).
                # Usage: bash predict.sh --images ../input/<competition>/test [--out submission.csv]
                #        [--sample-submission FILE] (default: sample_submission.csv next to the images folder)
                set -euo pipefail
                here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
                # libgomp's busy-waiting threads collapse on shared cores; DJL must never download
                export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
                export DJL_OFFLINE=true
                # the bundle folder is read-only on Kaggle: DJL extracts its natives elsewhere
                export DJL_CACHE_DIR="${DJL_CACHE_DIR:-${TMPDIR:-/tmp}/foldhub-djl}"
                export ENGINE_CACHE_DIR="${ENGINE_CACHE_DIR:-$DJL_CACHE_DIR}"
                java=java
                if [ -d "$here/runtime" ]; then
                  java="$here/runtime/bin/java"
                  if [ ! -x "$java" ]; then
                    # unpacked without file modes (a Kaggle data set, Java's unzip): run an executable copy
                    copy="${TMPDIR:-/tmp}/foldhub-runtime"
                    rm -rf "$copy"
                    cp -r "$here/runtime" "$copy"
                    chmod -R u+x "$copy/bin" "$copy/lib"
                    java="$copy/bin/java"
                  fi
                fi
                exec "$java" -Dai.djl.offline=true -jar "$here/foldhub.jar" predict --bundle "$here" "$@"
                """;
    }

    static String notebook(BundleManifest m) {
        Map<String, Object> cell = new LinkedHashMap<>();
        cell.put("cell_type", "code");
        cell.put("execution_count", null);
        cell.put("metadata", Map.of());
        cell.put("outputs", List.of());
        cell.put("source", List.of("!" + command(m)));
        Map<String, Object> notebook = Map.of("nbformat", 4, "nbformat_minor", 4, "metadata", Map.of(
                "kernelspec", Map.of("name", "python3", "display_name", "Python 3", "language", "python"),
                "language_info", Map.of("name", "python")), "cells", List.of(cell));
        return JSON.writeValueAsString(notebook);
    }

    static String readme(BundleManifest m) {
        StringBuilder s = new StringBuilder();
        s.append("# Foldhub bundle of ensemble ").append(m.ensemble()).append(" (").append(m.ensembleName())
                .append(")\n\nUpload this folder as the Kaggle data set `").append(m.dataset())
                .append("`, add it and the competition `").append(m.competition())
                .append("` to a notebook with internet off, and run its one cell (notebook.ipynb):\n\n    !")
                .append(command(m)).append("\n\nIt runs `java -jar foldhub.jar predict --bundle . --images ../input/")
                .append(m.competition()).append("/test --out submission.csv` with ")
                .append(m.runtime() != null ? "the bundled Java runtime (runtime/, jlink'ed from " + m.javaVersion() + ")"
                        : "`java` on PATH (this bundle has no runtime/: Java 17 or newer is needed)")
                .append(", offline. It writes the same submission.csv as the server's submission of this ensemble with"
                        + " ttas=").append(m.members().stream().map(x -> String.valueOf(x.numTtas())).distinct()
                        .reduce((a, b) -> a + "/" + b).orElse("?"))
                .append(", combine=").append(m.combine()).append(", thresholds=").append(m.thresholds()).append(".\n\n");
        s.append("## Expected run time\n\n");
        if (m.expected().seconds() != null) {
            s.append(String.format(Locale.ROOT, "About %.0f s of inference for the %d test images of the data set"
                            + " (%.1f s per 1000 images), from the members' measured images/s on the server; model"
                            + " loading and the machine's speed come on top.%n", m.expected().seconds(),
                    m.expected().images(), m.expected().secondsPer1000Images()));
        } else {
            s.append("Unknown: no fold model of this ensemble has been timed on the test set yet (a submission of the"
                    + " ensemble on the server times them; download the bundle again after it).\n");
        }
        if (!m.expected().unmeasured().isEmpty()) {
            s.append("\nNot timed: ").append(String.join(", ", m.expected().unmeasured())).append(".\n");
        }
        s.append("\n## Members\n\n");
        for (BundleManifest.Member member : m.members()) {
            s.append(String.format(Locale.ROOT, "- experiment %d (%s): weight %.4f, %d fold model(s), %d TTA view(s)%n",
                    member.experiment(), member.name(), member.weight(), member.folds().size(), member.numTtas()));
        }
        return s.toString();
    }
}
