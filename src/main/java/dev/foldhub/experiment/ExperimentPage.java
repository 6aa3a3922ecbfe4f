package dev.foldhub.experiment;

import java.util.List;

/** One page of experiments and how many match the query in all. */
public record ExperimentPage(List<ExperimentView> experiments, long total) {
}
