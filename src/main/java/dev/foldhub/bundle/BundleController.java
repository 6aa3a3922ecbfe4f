package dev.foldhub.bundle;

import dev.foldhub.web.Attachment;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * GET /api/ensembles/{id}/bundle.zip: a Kaggle data set that writes the ensemble's submission offline in a code
 * competition (see {@link BundleWriter}). ttas, combine and thresholds as a submission (thresholds default: the
 * ensemble's post-processing rule when it has one); competition and dataset: the Kaggle slugs the notebook names.
 * Checked before streaming: 404 unknown ensemble, 409 not blended yet, 422 a weighted member without checkpoints.
 */
@RestController
class BundleController {

    private final BundleService bundles;
    private final BundleRuntime runtime;
    private final BundleWriter writer;

    BundleController(BundleService bundles, BundleRuntime runtime, BundleWriter writer) {
        this.bundles = bundles;
        this.runtime = runtime;
        this.writer = writer;
    }

    @GetMapping("/api/ensembles/{id}/bundle.zip")
    void bundle(@PathVariable long id, @RequestParam(required = false) Integer ttas,
                @RequestParam(required = false) String combine, @RequestParam(required = false) String thresholds,
                @RequestParam(required = false) String competition, @RequestParam(required = false) String dataset,
                HttpServletResponse response) throws IOException {
        BundleService.Plan plan = bundles.plan(id, ttas, combine, thresholds, competition, dataset);
        Path folder = runtime.folder().orElse(null); // why: before the first byte, so a jlink failure is still a 500
        response.setContentType("application/zip");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, Attachment.disposition("foldhub-bundle-" + id + ".zip"));
        writer.write(plan, folder, response.getOutputStream());
    }
}
