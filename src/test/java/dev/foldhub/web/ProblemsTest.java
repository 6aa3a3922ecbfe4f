package dev.foldhub.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.errors.ConflictException;
import dev.foldhub.errors.ForbiddenException;
import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.errors.LimitReachedException;
import dev.foldhub.errors.NotFoundException;
import dev.foldhub.errors.ProblemTypes;
import dev.foldhub.training.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

class ProblemsTest {

    @Test
    void eachKindOfInvalidInputHasItsStatusAndNamesTheField() {
        // guards the statuses clients rely on: 400 malformed, 422 unprocessable, 409 duplicate name, 413 too large
        assertThat(Problems.status(new InvalidInputException("name", "is blank"))).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(Problems.status(InvalidInputException.unprocessable("experiments", "no OOF")))
                .isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(Problems.status(InvalidInputException.duplicate("name", "taken"))).isEqualTo(HttpStatus.CONFLICT);
        ProblemDetail tooLarge = Problems.of(InvalidInputException.tooLarge("config", "is larger than 9 bytes",
                "foldhub.limits.max-yaml-size"));
        assertThat(tooLarge.getStatus()).isEqualTo(413);
        assertThat(tooLarge.getDetail()).isEqualTo("config: is larger than 9 bytes");
        assertThat(tooLarge.getTitle()).isEqualTo("Invalid config");
        assertThat(tooLarge.getProperties()).containsEntry("field", "config")
                .containsEntry("limit", "foldhub.limits.max-yaml-size");
        assertThat(Problems.of(new InvalidInputException("name", "is blank")).getProperties()).doesNotContainKey("limit");
    }

    @Test
    void anInvalidStoredConfigIsA422NamingItsPath() {
        // guards: a config that cannot be trained, found after it was stored, is the user's to fix, never a 500
        ProblemDetail problem = Problems.of(new InvalidConfigException("train.batch_size", "must be greater than 0"));
        assertThat(problem.getStatus()).isEqualTo(422);
        assertThat(problem.getDetail()).isEqualTo("train.batch_size: must be greater than 0");
        assertThat(problem.getProperties()).containsEntry("field", "train.batch_size");
    }

    @Test
    void refusalsKeepTheirTypeTitleAndLimit() {
        // guards the problem type agents act on (lease lost) and the 404/403/429/503 mapping
        ProblemDetail lost = Problems.of(ProblemTypes.leaseLost("job 3 was requeued"));
        assertThat(lost.getStatus()).isEqualTo(409);
        assertThat(lost.getType()).isEqualTo(ProblemTypes.LEASE_LOST);
        assertThat(lost.getTitle()).isEqualTo("Lease lost");
        assertThat(Problems.of(ProblemTypes.notLeasedTo("not yours")).getStatus()).isEqualTo(403);
        assertThat(Problems.of(new ConflictException("finished")).getType()).as("no type of its own").isNull();
        assertThat(Problems.of(new ForbiddenException("no")).getTitle()).isEqualTo("Forbidden");
        ProblemDetail missing = Problems.of(new NotFoundException("experiment", 7));
        assertThat(missing.getStatus()).isEqualTo(404);
        assertThat(missing.getDetail()).isEqualTo("experiment 7 not found");
        ProblemDetail mine = Problems.of(LimitReachedException.perCaller("3 streams", "foldhub.limits.streams-per-user"));
        assertThat(mine.getStatus()).isEqualTo(429);
        assertThat(mine.getProperties()).containsEntry("limit", "foldhub.limits.streams-per-user");
        assertThat(Problems.of(LimitReachedException.total("100 streams", "x")).getStatus()).isEqualTo(503);
    }
}
