#!/usr/bin/python3
"""Writes NM TOMO files of one acquisition in several vendors' layouts, with pydicom, so that
Recon4J's reader is tested against the DICOM standard's geometry rather than its own writer.

The object is a uniform sphere (radius 20 mm) at patient position SPHERE. Each pixel holds 10 x
the sphere's chord along the ray through the pixel's centre, perpendicular to the detector. The
geometry is the standard's, stated physically: at camera angle a (degrees, counter-clockwise seen
from the feet, 0 with the camera in front of the patient) the detector face is centred at
AXIS + R (-sin a, -cos a, 0) and looks along (sin a, cos a, 0); the frame's rows run along the
row direction of its Image Orientation (Patient), turned with the camera, and its columns along
the column direction. Layouts:
  ge        one detector, CC, Radial Position in the Rotation Information Sequence, rows stored
            along -(cos a, -sin a, 0) (GE's mirrored columns), rows toward the feet
  siemens   two detectors 180 degrees apart, CW, one Radial Position per view in each Detector
            Information item (non-circular), rows along +(cos a, -sin a, 0), frames stored with
            the windows interleaved (the Frame Increment Pointer's vectors say where each goes)
  rotations two rotations of one detector, the second starting half a step later
usage: make_nm_layouts.py FOLDER
"""
import os
import sys

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian

SIZE, PIXEL = 32, 4.0
AXIS = np.array([12.0, -20.0, 150.0])
SPHERE = AXIS + np.array([30.0, -15.0, 10.0])
RADIUS = 20.0
FRAME_OF_REFERENCE = "2.25.4242"


def frame(angle_degrees, radius, row_sign):
    a = np.radians(angle_degrees)
    face = AXIS + radius * np.array([-np.sin(a), -np.cos(a), 0.0])
    look = np.array([np.sin(a), np.cos(a), 0.0])
    row_direction = row_sign * np.array([np.cos(a), -np.sin(a), 0.0])
    column_direction = np.array([0.0, 0.0, -1.0])
    offsets = (np.arange(SIZE) - (SIZE - 1) / 2) * PIXEL
    image = np.zeros((SIZE, SIZE))
    for r in range(SIZE):
        for c in range(SIZE):
            point = face + offsets[c] * row_direction + offsets[r] * column_direction
            to_centre = SPHERE - point
            across = to_centre - np.dot(to_centre, look) * look
            d2 = np.dot(across, across)
            if d2 < RADIUS ** 2:
                image[r, c] = 10 * 2 * np.sqrt(RADIUS ** 2 - d2)
    return image, row_direction, column_direction


def base(name):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.20"
    meta.MediaStorageSOPInstanceUID = "2.25.%d" % (abs(hash(name)) % 10 ** 12)
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(name, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = "2.25.77"
    ds.SeriesInstanceUID = "2.25.78"
    ds.FrameOfReferenceUID = FRAME_OF_REFERENCE
    ds.Modality = "NM"
    ds.PatientName = "Layout^" + name
    ds.PatientID = "LAYOUT"
    ds.ImageType = ["ORIGINAL", "PRIMARY", "TOMO", "EMISSION"]
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = SIZE
    ds.Columns = SIZE
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 0
    ds.PixelSpacing = [PIXEL, PIXEL]
    ds.FrameIncrementPointer = [0x00540010, 0x00540020, 0x00540050, 0x00540090]
    windows = []
    for name_, low, high in (("PEAK", 126, 154), ("LOWER SCATTER", 110, 126)):
        window = Dataset()
        rng = Dataset()
        rng.EnergyWindowLowerLimit = str(low)
        rng.EnergyWindowUpperLimit = str(high)
        window.EnergyWindowRangeSequence = [rng]
        window.EnergyWindowName = name_
        windows.append(window)
    ds.EnergyWindowInformationSequence = windows
    ds.NumberOfEnergyWindows = 2
    return ds


def detector_item(start, row_direction, column_direction):
    item = Dataset()
    corner = AXIS - (SIZE - 1) / 2 * PIXEL * np.array([1.0, 1.0, 0.0])
    corner[2] = AXIS[2] + (SIZE - 1) / 2 * PIXEL  # the top row's height
    item.ImagePositionPatient = [float(v) for v in corner]
    item.ImageOrientationPatient = [float(v) for v in np.concatenate([row_direction, column_direction])]
    item.CollimatorType = "PARA"
    item.StartAngle = str(start)
    return item


def rotation_item(start, step, direction, views):
    item = Dataset()
    item.StartAngle = str(start)
    item.AngularStep = str(step)
    item.RotationDirection = direction
    item.ScanArc = "360"
    item.NumberOfFramesInRotation = views
    item.ActualFrameDuration = 20000
    return item


def save(ds, frames, vectors, folder, name):
    window, detector, rotation, view = (list(v) for v in zip(*vectors))
    ds.NumberOfFrames = len(frames)
    ds.EnergyWindowVector = window
    ds.DetectorVector = detector
    ds.RotationVector = rotation
    ds.AngularViewVector = view
    ds.PixelData = np.round(np.stack(frames)).astype(np.uint16).tobytes()
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.save_as(os.path.join(folder, name + ".dcm"), write_like_original=False)


def ge(folder):
    ds = base("ge")
    views, step, start, radius = 30, 12.0, 180.0, 160.0
    frames, vectors = [], []
    for w in (1, 2):
        for k in range(views):
            image, _, _ = frame(start + k * step, radius, -1)
            frames.append(image if w == 1 else image * 0.1)
            vectors.append((w, 1, 1, k + 1))
    _, row, column = frame(start, radius, -1)
    ds.DetectorInformationSequence = [detector_item(start, row, column)]
    rotation = rotation_item(start, step, "CC", views)
    rotation.RadialPosition = str(radius)
    ds.RotationInformationSequence = [rotation]
    ds.NumberOfDetectors = 1
    ds.NumberOfRotations = 1
    save(ds, frames, vectors, folder, "ge")


def siemens(folder):
    ds = base("siemens")
    views, step = 16, 11.25
    starts = (0.0, 180.0)
    radii = [[170.0 + 3 * k for k in range(views)], [175.0 - 2 * k for k in range(views)]]
    frames, vectors = [], []
    for k in range(views):
        for d in (0, 1):
            for w in (2, 1):  # interleaved: the vectors, not the order, say where a frame goes
                image, _, _ = frame(starts[d] - k * step, radii[d][k], 1)
                frames.append(image if w == 1 else image * 0.1)
                vectors.append((w, d + 1, 1, k + 1))
    items = []
    for d in (0, 1):
        _, row, column = frame(starts[d], radii[d][0], 1)
        item = detector_item(starts[d], row, column)
        item.RadialPosition = [str(r) for r in radii[d]]
        items.append(item)
    ds.DetectorInformationSequence = items
    ds.RotationInformationSequence = [rotation_item(0, step, "CW", views)]
    ds.NumberOfDetectors = 2
    ds.NumberOfRotations = 1
    save(ds, frames, vectors, folder, "siemens")


def rotations(folder):
    ds = base("rotations")
    views, step, radius = 12, 30.0, 165.0
    frames, vectors = [], []
    items = []
    for r, start in enumerate((90.0, 105.0)):
        for w in (1, 2):
            for k in range(views):
                image, _, _ = frame(start + k * step, radius, 1)
                frames.append(image if w == 1 else image * 0.1)
                vectors.append((w, 1, r + 1, k + 1))
        item = rotation_item(start, step, "CC", views)
        item.RadialPosition = str(radius)
        items.append(item)
    _, row, column = frame(90.0, radius, 1)
    detector = detector_item(90.0, row, column)
    del detector.StartAngle  # the rotations' start angles apply
    ds.DetectorInformationSequence = [detector]
    ds.RotationInformationSequence = items
    ds.NumberOfDetectors = 1
    ds.NumberOfRotations = 2
    save(ds, frames, vectors, folder, "rotations")


if __name__ == "__main__":
    target = sys.argv[1]
    ge(target)
    siemens(target)
    rotations(target)
    print("sphere", *SPHERE)
