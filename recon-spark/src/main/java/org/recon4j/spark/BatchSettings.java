package org.recon4j.spark;

import java.io.Serializable;

/**
 * What every task of one batch run shares: the output folder, the run's id (so that a retried
 * task recognises its own finished record), and the {@code --device} for jobs that name none
 * (null: each command's default).
 */
record BatchSettings(String out, String runId, String device) implements Serializable {
}
