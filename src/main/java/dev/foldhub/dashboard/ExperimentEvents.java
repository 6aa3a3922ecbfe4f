package dev.foldhub.dashboard;

import java.security.Principal;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The experiment page's live updates: an event with the experiment's JSON each time it changes. */
@RestController
class ExperimentEvents {

    private final ExperimentEventStream stream;

    ExperimentEvents(ExperimentEventStream stream) {
        this.stream = stream;
    }

    @GetMapping(path = "/experiments/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable long id, Principal user) {
        return stream.subscribe(id, user == null ? null : user.getName());
    }
}
