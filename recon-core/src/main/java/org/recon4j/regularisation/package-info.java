/**
 * Regularisers of the penalised methods: total variation for CT (its value, gradient operator
 * and proximal map) and the priors of penalised-likelihood emission reconstruction.
 */
package org.recon4j.regularisation;
