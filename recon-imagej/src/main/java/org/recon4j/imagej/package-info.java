/** ImageJ/Fiji commands over Recon4J's library: dialogs the macro recorder records, results as calibrated images. */
package org.recon4j.imagej;
