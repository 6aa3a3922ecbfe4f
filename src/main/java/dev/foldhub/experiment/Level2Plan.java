package dev.foldhub.experiment;

import java.util.List;

/**
 * What fold {@code fold} of a level-2 stacker trains on, before any prediction is read: its members (data.inputs
 * order), the label count, and which train.csv rows train (the other folds' rows) and which validate (the fold's own,
 * in OOF order). {@link Level2Inputs#member} reads one member's matrices for it.
 */
public record Level2Plan(long experimentId, int fold, List<Long> memberIds, List<String> memberNames, int classes,
                         long foldAssignmentId, int[] trainRows, int[] validationRows) {

    public Level2Plan {
        memberIds = List.copyOf(memberIds);
        memberNames = List.copyOf(memberNames);
    }
}
