package dev.foldhub.errorbrowser;

import dev.foldhub.dataset.DatasetVersion;
import dev.foldhub.dataset.LabelChanges;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** REST API of an ensemble's OOF error browser: the blend at its weights, each member's probabilities. */
@RestController
@RequestMapping("/api/ensembles/{id}/oof-errors")
class EnsembleOofErrorController {

    private final OofErrorService service;

    EnsembleOofErrorController(OofErrorService service) {
        this.service = service;
    }

    @GetMapping("/labels")
    LabelErrorPage labels(@PathVariable long id, @RequestParam(required = false) String sort,
                          @RequestParam(required = false) String dir,
                          @RequestParam(defaultValue = "100000") int limit, @RequestParam(defaultValue = "0") int offset) {
        return service.labels(OofTarget.ensemble(id), sort, dir, limit, offset);
    }

    @GetMapping("/images")
    ImageErrorPage images(@PathVariable long id, @RequestParam(defaultValue = "50") int limit) {
        return service.images(OofTarget.ensemble(id), limit);
    }

    @GetMapping("/suspects")
    SuspectPage suspects(@PathVariable long id, @RequestParam(required = false) Integer minModels,
                         @RequestParam(required = false) Double minConfidence,
                         @RequestParam(required = false) Double margin, @RequestParam(defaultValue = "100") int limit) {
        return service.suspects(OofTarget.ensemble(id), minModels, minConfidence, margin, limit);
    }

    @PostMapping("/clean")
    @ResponseStatus(HttpStatus.CREATED)
    CleanResponse clean(@PathVariable long id, @RequestBody CleanRequest request) {
        DatasetVersion v = service.clean(OofTarget.ensemble(id), request.name(), new LabelChanges(request.drop(), request.add(),
                request.remove()));
        return new CleanResponse(v.dataset().id(), v.dataset().name(), v.dataset().path().toString(), v.parentId(),
                v.dataset().numTrainImages(), v.dropped(), v.added(), v.removed(), v.changesFile().toString());
    }
}
