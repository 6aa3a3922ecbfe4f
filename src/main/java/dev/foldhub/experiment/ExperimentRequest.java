package dev.foldhub.experiment;

/**
 * The JSON form of an experiment submission; folds may be "0,1" or [0, 1], dataset an id or a name; device
 * (any, cpu, gpu) and minGpuMemoryMb say where its fold jobs may run; tags (a list) and note are optional. source
 * "external" makes an experiment whose folds are trained elsewhere (no config, no jobs; its OOF logged with
 * PUT .../folds/{fold}/oof); absent: trained.
 */
record ExperimentRequest(String name, Object dataset, Object folds, String config, String device, Integer minGpuMemoryMb,
                         Object tags, Object note, String source) {
}
