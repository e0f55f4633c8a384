#!/usr/bin/python3
"""Writes nm_tomo.dcm: a small synthetic NM TOMO acquisition, made with pydicom (Debian 12's
python3-pydicom 2.3.1), so that Recon4J's NM reader is tested on a file another library wrote.

8 views of 16 columns x 12 rows, 4.42 mm pixels, one energy window (126-154 keV), one detector,
CW from 0 degrees in 45-degree steps, a non-circular orbit (radii 200 + 10 k mm), frame duration
15 s. Pixel value of frame f, row r, column c: f * 1000 + r * 16 + c. The detector's Image
Orientation (Patient) is 1\\0\\0\\0\\0\\-1 (rows run toward the feet), as many cameras write it.
"""
import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian

views, rows, cols = 8, 12, 16
meta = FileMetaDataset()
meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.20"
meta.MediaStorageSOPInstanceUID = "2.25.1234567890123456789"
meta.TransferSyntaxUID = ExplicitVRLittleEndian
ds = FileDataset("nm_tomo.dcm", {}, file_meta=meta, preamble=b"\0" * 128)
ds.SOPClassUID = meta.MediaStorageSOPClassUID
ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
ds.StudyInstanceUID = "2.25.11"
ds.SeriesInstanceUID = "2.25.12"
ds.Modality = "NM"
ds.PatientName = "Synthetic^NM"
ds.PatientID = "NM0001"
ds.ImageType = ["ORIGINAL", "PRIMARY", "TOMO", "EMISSION"]
ds.SamplesPerPixel = 1
ds.PhotometricInterpretation = "MONOCHROME2"
ds.Rows = rows
ds.Columns = cols
ds.BitsAllocated = 16
ds.BitsStored = 16
ds.HighBit = 15
ds.PixelRepresentation = 0
ds.NumberOfFrames = views
ds.PixelSpacing = [4.42, 4.42]
ds.FrameIncrementPointer = [0x00540010, 0x00540020, 0x00540050, 0x00540090]
ds.EnergyWindowVector = [1] * views
ds.NumberOfEnergyWindows = 1
ds.DetectorVector = [1] * views
ds.NumberOfDetectors = 1
ds.RotationVector = [1] * views
ds.NumberOfRotations = 1
ds.AngularViewVector = list(range(1, views + 1))
window = Dataset()
rng = Dataset()
rng.EnergyWindowLowerLimit = "126"
rng.EnergyWindowUpperLimit = "154"
window.EnergyWindowRangeSequence = [rng]
window.EnergyWindowName = "TC99M"
ds.EnergyWindowInformationSequence = [window]
detector = Dataset()
detector.ImagePositionPatient = [-33.15, 0.0, 24.31]
detector.ImageOrientationPatient = [1, 0, 0, 0, 0, -1]
detector.CollimatorType = "PARA"
detector.RadialPosition = [200 + 10 * k for k in range(views)]
ds.DetectorInformationSequence = [detector]
rotation = Dataset()
rotation.StartAngle = "0"
rotation.AngularStep = "45"
rotation.RotationDirection = "CW"
rotation.ScanArc = "360"
rotation.NumberOfFramesInRotation = views
rotation.ActualFrameDuration = 15000
ds.RotationInformationSequence = [rotation]
pixels = np.zeros((views, rows, cols), dtype=np.uint16)
for f in range(views):
    for r in range(rows):
        for c in range(cols):
            pixels[f, r, c] = f * 1000 + r * 16 + c
ds.PixelData = pixels.tobytes()
ds.is_little_endian = True
ds.is_implicit_VR = False
ds.save_as("nm_tomo.dcm", write_like_original=False)
