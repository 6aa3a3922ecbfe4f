package dev.foldhub.training;

import java.util.List;

/**
 * One member of a level-2 stacker as data.inputs names it: an experiment id, an experiment name, or (the reference's
 * form) the list of its level1 OOF file names, which names an imported experiment. Exactly one is set.
 */
public record Level2Ref(Long id, String name, List<String> files) {

    public Level2Ref {
        files = files == null ? null : List.copyOf(files);
    }

    /** How the member reads in a message: #12, 'name' or the first file name. */
    public String describe() {
        return id != null ? "#" + id : name != null ? "'" + name + "'" : "'" + files.get(0) + "'";
    }
}
