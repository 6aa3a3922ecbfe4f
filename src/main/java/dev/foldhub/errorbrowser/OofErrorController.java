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

/**
 * REST API of the OOF error browser, under an experiment ({@code /api/experiments/{id}/oof-errors}) or an ensemble
 * ({@code /api/ensembles/{id}/oof-errors}: the blend at its weights, each member's probabilities).
 */
@RestController
@RequestMapping("/api/{owner:experiments|ensembles}/{id}/oof-errors")
class OofErrorController {

    private final OofErrorService service;

    OofErrorController(OofErrorService service) {
        this.service = service;
    }

    /** The browser the address names. */
    private static OofTarget target(String owner, long id) {
        return owner.equals("ensembles") ? OofTarget.ensemble(id) : OofTarget.experiment(id);
    }

    @GetMapping("/labels")
    LabelErrorPage labels(@PathVariable String owner, @PathVariable long id, @RequestParam(required = false) String sort,
                          @RequestParam(required = false) String dir,
                          @RequestParam(defaultValue = "100000") int limit, @RequestParam(defaultValue = "0") int offset) {
        return service.labels(target(owner, id), sort, dir, limit, offset);
    }

    @GetMapping("/images")
    ImageErrorPage images(@PathVariable String owner, @PathVariable long id, @RequestParam(defaultValue = "50") int limit) {
        return service.images(target(owner, id), limit);
    }

    @GetMapping("/suspects")
    SuspectPage suspects(@PathVariable String owner, @PathVariable long id, @RequestParam(required = false) Integer minModels,
                         @RequestParam(required = false) Double minConfidence,
                         @RequestParam(required = false) Double margin, @RequestParam(defaultValue = "100") int limit) {
        return service.suspects(target(owner, id), minModels, minConfidence, margin, limit);
    }

    @PostMapping("/clean")
    @ResponseStatus(HttpStatus.CREATED)
    CleanResponse clean(@PathVariable String owner, @PathVariable long id, @RequestBody CleanRequest request) {
        DatasetVersion v = service.clean(target(owner, id), request.name(), new LabelChanges(request.drop(), request.add(),
                request.remove()));
        return new CleanResponse(v.dataset().id(), v.dataset().name(), v.dataset().path().toString(), v.parentId(),
                v.dataset().numTrainImages(), v.dropped(), v.added(), v.removed(), v.changesFile().toString());
    }
}
