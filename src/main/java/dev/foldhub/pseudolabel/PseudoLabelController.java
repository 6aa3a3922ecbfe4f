package dev.foldhub.pseudolabel;

import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** REST API of pseudo-labels from a finished submission: preview, then create a new data set version. */
@RestController
@RequestMapping("/api/submissions/{id}/pseudo-labels")
class PseudoLabelController {

    private final PseudoLabelService service;

    PseudoLabelController(PseudoLabelService service) {
        this.service = service;
    }

    @GetMapping("/preview")
    PseudoLabelPreview preview(@PathVariable long id, @RequestParam(required = false) Double minConfidence,
                               @RequestParam(required = false) Integer maxLabelsPerImage) {
        return service.preview(id, minConfidence, maxLabelsPerImage);
    }

    @PostMapping
    ResponseEntity<PseudoLabelResponse> create(@PathVariable long id,
                                               @RequestBody(required = false) PseudoLabelRequest request) {
        PseudoLabelResponse created = service.create(id, request);
        return ResponseEntity.created(URI.create("/api/datasets/" + created.datasetId())).body(created);
    }
}
