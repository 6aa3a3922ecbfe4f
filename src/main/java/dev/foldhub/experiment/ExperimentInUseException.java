package dev.foldhub.experiment;

import dev.foldhub.errors.ConflictException;
import dev.foldhub.errors.ProblemTypes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** 409: an experiment that ensembles or submissions use cannot be deleted; the problem's "usedBy" lists them. */
class ExperimentInUseException extends ConflictException {

    private final List<ExperimentUser> users;

    ExperimentInUseException(long id, String name, List<ExperimentUser> users) {
        super(ProblemTypes.IN_USE, "Experiment in use", "experiment " + id + " '" + name + "' is used by "
                + users.stream().map(ExperimentUser::describe).collect(Collectors.joining(", "))
                + "; it cannot be deleted while they use it (archive it to hide it instead)");
        this.users = List.copyOf(users);
    }

    @Override
    public Map<String, Object> properties() {
        List<Map<String, Object>> usedBy = users.stream().map(u -> {
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("kind", u.kind());
            user.put("id", u.id());
            user.put("name", u.name());
            return user;
        }).toList();
        return Map.of("usedBy", usedBy);
    }
}
