/** Synchrotron tomography scans in Data Exchange HDF5, read through jHDF (pure Java, no native HDF5). */
package org.recon4j.hdf5;
