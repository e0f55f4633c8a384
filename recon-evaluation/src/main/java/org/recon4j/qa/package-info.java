/**
 * Quality assurance of SPECT cameras and CT scanners from reconstructions and raw data: the
 * centre of rotation, reconstructed resolution and tomographic uniformity of a gamma camera
 * (NEMA NU 1 style) and CT number accuracy, uniformity, noise, the task transfer function and
 * the noise power spectrum of a CT water phantom (AAPM TG-233). Each analysis takes images as
 * {@link org.recon4j.io.FloatVolume}s and returns a record of its figures with units in the
 * names; {@link org.recon4j.qa.QaReport} turns them into JSON and HTML.
 */
package org.recon4j.qa;
