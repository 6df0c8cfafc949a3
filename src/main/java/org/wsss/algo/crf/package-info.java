/**
 * The fully connected CRF of Kraehenbuehl and Koltun (2011) with PSA's parameters: mean-field inference whose
 * Gaussian message passing runs on a permutohedral lattice (Adams et al. 2010). Pure JDK code on plain arrays;
 * {@link org.wsss.algo.crf.DenseCrf} is the entry point and {@link org.wsss.algo.crf.CrfSettings} its parameters.
 */
package org.wsss.algo.crf;
