#!/usr/bin/python3
"""Writes ctpd_axial/: a small synthetic axial CT raw-data scan in the DICOM-CT-PD layout (the
Mayo/AAPM format), made with pydicom (Debian 12's python3-pydicom) so that Recon4J's reader is
tested on files another library wrote. The geometry follows docs/CONVENTIONS.md ("DICOM-CT-PD").

One file per view: 120 views over a full turn (phi = 0.1 + 2 pi k / 120 rad), a cylindrical
detector of 256 channels x 2 rows (a 101 mm field of view), 1.6 mm arc-length channel pitch and 1.2 mm row pitch at the
detector, source-to-isocentre 400 mm, source-to-detector 800 mm, central element (column 128.75,
row 1.5) (1-based). The image is stored transposed, as the Mayo files are: DICOM Rows = channels,
Columns = detector rows. Values are line integrals of mu (1/mm) of two off-centre discs, exact,
stored as uint16 with Rescale Slope 1e-4. The private elements are written with VR UN, as files
passed through other tools often carry them.

Phantom (mm, 1/mm): disc centre (20, -10), radius 60, mu 0.02; disc centre (-20, 10), radius 12,
mu 0.01 more (inside the first). Same in both detector rows.
"""
import math
import os
import struct

import numpy as np
import pydicom
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian

VIEWS, CHANNELS, ROWS = 120, 256, 2
RHO, D0 = 400.0, 800.0
PITCH, ROW_PITCH = 1.6, 1.2
CENTRE_COLUMN, CENTRE_ROW = 128.75, 1.5
DISCS = [(20.0, -10.0, 60.0, 0.02), (-20.0, 10.0, 12.0, 0.01)]
SLOPE = 1e-4


def line_integral(sx, sy, dx, dy):
    total = 0.0
    for cx, cy, radius, mu in DISCS:
        distance = abs((cx - sx) * dy - (cy - sy) * dx)
        if distance < radius:
            total += mu * 2 * math.sqrt(radius * radius - distance * distance)
    return total


def private(ds, group, element, vr_format, values):
    raw = b"".join(struct.pack("<" + vr_format, v) for v in values)
    ds.add_new((group, element), "UN", raw)


def text(ds, group, element, value):
    raw = value.encode("ascii")
    if len(raw) % 2:
        raw += b" "
    ds.add_new((group, element), "UN", raw)


os.makedirs("ctpd_axial", exist_ok=True)
for k in range(VIEWS):
    phi = 0.1 + 2 * math.pi * k / VIEWS
    sx, sy = -RHO * math.sin(phi), RHO * math.cos(phi)
    image = np.zeros((CHANNELS, ROWS), dtype=np.uint16)
    for c in range(1, CHANNELS + 1):
        gamma = (c - CENTRE_COLUMN) * PITCH / D0
        dx, dy = math.sin(phi - gamma), -math.cos(phi - gamma)
        value = line_integral(sx, sy, dx, dy)
        image[c - 1, :] = int(round(value / SLOPE))
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"  # CT Image Storage, as the Mayo files
    meta.MediaStorageSOPInstanceUID = "2.25.777%04d" % k
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset("p", {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = "2.25.70"
    ds.SeriesInstanceUID = "2.25.71"
    ds.Modality = "CT"
    ds.PatientName = "Synthetic^CTPD"
    ds.PatientID = "CTPD0001"
    ds.InstanceNumber = k + 1
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = CHANNELS
    ds.Columns = ROWS
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 0
    ds.RescaleSlope = str(SLOPE)
    ds.RescaleIntercept = "0"
    ds.add_new((0x7029, 0x0010), "LO", "DICOM-CT-PD")
    private(ds, 0x7029, 0x1010, "H", [ROWS])
    private(ds, 0x7029, 0x1011, "H", [CHANNELS])
    private(ds, 0x7029, 0x1002, "f", [PITCH])
    private(ds, 0x7029, 0x1006, "f", [ROW_PITCH])
    text(ds, 0x7029, 0x100B, "CYLINDRICAL")
    ds.add_new((0x7031, 0x0010), "LO", "DICOM-CT-PD")
    private(ds, 0x7031, 0x1001, "f", [phi])
    private(ds, 0x7031, 0x1002, "f", [0.0])
    private(ds, 0x7031, 0x1003, "f", [RHO])
    private(ds, 0x7031, 0x1031, "f", [D0])
    private(ds, 0x7031, 0x1033, "f", [CENTRE_COLUMN, CENTRE_ROW])
    ds.add_new((0x7033, 0x0010), "LO", "DICOM-CT-PD")
    private(ds, 0x7033, 0x100B, "f", [0.0])
    private(ds, 0x7033, 0x100C, "f", [0.0])
    private(ds, 0x7033, 0x100D, "f", [0.0])
    text(ds, 0x7033, 0x100E, "FFSNONE")
    private(ds, 0x7033, 0x1013, "H", [VIEWS])
    ds.add_new((0x7037, 0x0010), "LO", "DICOM-CT-PD")
    text(ds, 0x7037, 0x1009, "AXIAL")
    text(ds, 0x7037, 0x100A, "FAN")
    ds.add_new((0x7041, 0x0010), "LO", "DICOM-CT-PD")
    text(ds, 0x7041, 0x1001, "0.0193")
    ds.PixelData = image.tobytes()
    ds.save_as("ctpd_axial/proj_%04d.dcm" % (k + 1), write_like_original=False)
