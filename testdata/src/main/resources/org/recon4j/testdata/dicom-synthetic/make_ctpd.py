#!/usr/bin/python3
"""Writes simulated raw CT scans in the DICOM-CT-PD layout (the Mayo/AAPM low-dose CT data), with
pydicom (Debian's python3-pydicom), so that Recon4J's reader and reconstructions are tested on
files another library wrote from the format's definition rather than from Recon4J's reading.

The geometry is the format's (Moen et al. 2021, Table IV; DICOM-CT-PD User Manual):
- the focal centre of view k sits at (-rho sin phi, rho cos phi, z0) in the format's frame;
- the source is the focal centre moved by the flying focal spot: phi + dphi (7033,100B),
  z0 + dz (7033,100C), rho + drho (7033,100D);
- a CYLINDRICAL detector is an arc of radius d0 (7031,1031) about the focal centre; column c
  (1-based) sits at fan angle gamma = (c - c0) du / d0 and the ray's angle is phi + gamma, i.e.
  the element is at focal centre + d0 (sin(phi + gamma), -cos(phi + gamma)); a FLAT detector puts
  column c at focal centre + d0 (sin phi, -cos phi) + (c - c0) du (cos phi, sin phi);
- row r (1-based) sits at z = z0 - (r - r0) dv: row 1 is the farthest along +z;
- the frame is left-handed; patient LPS = (x, -y, z) head-first supine, (-x, -y, -z) feet-first
  supine.
Values are exact line integrals (1/mm x mm) of the ellipsoids below (given in LPS), optionally
with Poisson noise, stored as uint16 with a rescale slope; the image is stored transposed as the
Mayo files are (DICOM Rows = detector columns). Private elements are written as UN.

  make_ctpd.py OUT [--views-per-turn N] [--turns T] [--pitch P] [--ffs MODE] [--position HFS|FFS|none]
               [--shape CYLINDRICAL|FLAT] [--channels C] [--rows R] [--photons N] [--seed S]
               [--phi-step-sign +1|-1] [--axial] [--phantom axial-discs|body]

--pitch is the table feed per turn over the collimated width at the isocentre, signed: the
format's z0 rises for a positive pitch. --record FILE.json also writes the phantom and the scan
there, for the tests.
"""
import argparse
import json
import math
import os
import struct

import numpy as np
import pydicom
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian

WATER = 0.0193
BODY = [  # value (1/mm), semi-axes a b c (mm), centre x y z (mm, LPS); axes along x, y, z
    (WATER, 36.0, 30.0, 500.0, 0.0, 0.0, 0.0),
    (0.1 * WATER, 8.0, 8.0, 500.0, 14.0, 8.0, 0.0),
    (-0.1 * WATER, 7.0, 7.0, 500.0, -15.0, -6.0, 0.0),
    (0.5 * WATER, 4.0, 4.0, 3.0, 0.0, -16.0, 1.5),
]
AXIAL_DISCS = [  # the first release's axial test: two off-centre discs, z-invariant
    (0.02, 60.0, 60.0, 500.0, 20.0, -10.0, 0.0),
    (0.01, 12.0, 12.0, 500.0, -20.0, 10.0, 0.0),
]


def line_integrals(phantom, source, elements):
    """Exact integrals from each source point (3,) or (n, 3) to each element (n, 3), full lines."""
    direction = elements - source
    total = np.zeros(len(elements))
    for value, a, b, c, cx, cy, cz in phantom:
        scale = np.array([a, b, c])
        p = (source - np.array([cx, cy, cz])) / scale
        d = direction / scale
        qa = np.sum(d * d, axis=-1)
        qb = np.sum(p * d, axis=-1)
        qc = np.sum(p * p, axis=-1) - 1
        disc = qb * qb - qa * qc
        chord = np.where(disc > 0, 2 * np.sqrt(np.maximum(disc, 0)) / qa, 0.0)
        total += value * chord * np.linalg.norm(direction, axis=-1)
    return total


def to_lps(points, position):
    sign = {"HFS": (1, -1, 1), "none": (1, -1, 1), "FFS": (-1, -1, -1)}[position]
    return points * np.array(sign, dtype=float)


def private(ds, group, element, fmt, values):
    ds.add_new((group, element), "UN", b"".join(struct.pack("<" + fmt, v) for v in values))


def text(ds, group, element, value):
    raw = value.encode("ascii")
    ds.add_new((group, element), "UN", raw + (b" " if len(raw) % 2 else b""))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--views-per-turn", type=int, default=360)
    parser.add_argument("--turns", type=float, default=3.0)
    parser.add_argument("--pitch", type=float, default=1.0)
    parser.add_argument("--ffs", default="FFSNONE")
    parser.add_argument("--position", default="HFS")
    parser.add_argument("--shape", default="CYLINDRICAL")
    parser.add_argument("--channels", type=int, default=144)
    parser.add_argument("--rows", type=int, default=16)
    parser.add_argument("--channel-pitch", type=float, default=1.2858)
    parser.add_argument("--row-pitch", type=float, default=1.0947)
    parser.add_argument("--rho", type=float, default=595.0)
    parser.add_argument("--d0", type=float, default=1085.6)
    parser.add_argument("--central", default="72.125,8.5")
    parser.add_argument("--photons", type=float, default=0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--phi-step-sign", type=int, default=1)
    parser.add_argument("--phi0", type=float, default=0.1)
    parser.add_argument("--z-centre", type=float, default=0.0)
    parser.add_argument("--axial", action="store_true")
    parser.add_argument("--phantom", default="body")
    parser.add_argument("--slope", type=float, default=1e-4)
    parser.add_argument("--prefix", default="proj")
    parser.add_argument("--record")
    parser.add_argument("--ffs-label", help="the mode written into (7033,100E), if not --ffs (bad-input tests)")
    args = parser.parse_args()

    phantom = BODY if args.phantom == "body" else AXIAL_DISCS
    positions = {"FFSNONE": 1, "FFSZ": 2, "FFSXY": 2, "FFSXYZ": 4}[args.ffs]
    c0, r0 = (float(v) for v in args.central.split(","))
    rho, d0, du, dv = args.rho, args.d0, args.channel_pitch, args.row_pitch
    # Shifts that interleave: two axial positions half a row apart and two in-plane positions half
    # a channel apart, at the isocentre.
    dz = 0.5 * dv / (d0 / rho - 1) / 2
    dphi = 0.5 * du / (d0 - rho) / 2
    shifts = {
        "FFSNONE": [(0.0, 0.0)],
        "FFSZ": [(0.0, -dz), (0.0, dz)],
        "FFSXY": [(-dphi, 0.0), (dphi, 0.0)],
        "FFSXYZ": [(-dphi, -dz), (dphi, -dz), (-dphi, dz), (dphi, dz)],
    }[args.ffs]
    views = int(round(args.turns * args.views_per_turn))
    width = args.rows * dv * rho / d0
    feed = 0.0 if args.axial else args.pitch * width
    columns = np.arange(1, args.channels + 1)
    rows = np.arange(1, args.rows + 1)
    rng = np.random.default_rng(args.seed)
    os.makedirs(args.out, exist_ok=True)
    record = {"water": WATER, "phantom": [list(e) for e in phantom], "views": views, "pitch": args.pitch,
              "ffs": args.ffs, "position": args.position, "feedPerTurn": feed, "collimatedWidth": width}
    if args.record:
        with open(args.record, "w") as handle:
            json.dump(record, handle)
    for k in range(views):
        phi = args.phi0 + args.phi_step_sign * 2 * math.pi * k / args.views_per_turn
        z0 = args.z_centre + feed * (k - (views - 1) / 2) / args.views_per_turn
        shift_phi, shift_z = shifts[k % positions]
        centre = np.array([-rho * math.sin(phi), rho * math.cos(phi), z0])
        source = np.array([-rho * math.sin(phi + shift_phi), rho * math.cos(phi + shift_phi), z0 + shift_z])
        if args.shape == "CYLINDRICAL":
            gamma = (columns - c0) * du / d0
            ex = centre[0] + d0 * np.sin(phi + gamma)
            ey = centre[1] - d0 * np.cos(phi + gamma)
        else:
            u = (columns - c0) * du
            ex = centre[0] + d0 * math.sin(phi) + u * math.cos(phi)
            ey = centre[1] - d0 * math.cos(phi) + u * math.sin(phi)
        ez = z0 - (rows - r0) * dv
        elements = np.stack([np.repeat(ex[:, None], len(rows), axis=1), np.repeat(ey[:, None], len(rows), axis=1),
                             np.repeat(ez[None, :], len(columns), axis=0)], axis=-1).reshape(-1, 3)
        values = line_integrals(phantom, to_lps(source, args.position), to_lps(elements, args.position))
        if args.photons > 0:
            counts = rng.poisson(args.photons * np.exp(-values))
            values = -np.log(np.maximum(counts, 1) / args.photons)
        image = np.round(values.reshape(len(columns), len(rows)) / args.slope).clip(0, 65535).astype(np.uint16)
        write_view(args, k, views, image, phi, z0, shift_phi, shift_z, positions)


def write_view(args, k, views, image, phi, z0, shift_phi, shift_z, positions):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    meta.MediaStorageSOPInstanceUID = "2.25.%d%06d" % (args.seed + 777, k)
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset("p", {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = "2.25.70"
    ds.SeriesInstanceUID = "2.25.71%d" % args.seed
    ds.Modality = "CT"
    ds.PatientName = "Synthetic^CTPD"
    ds.PatientID = "CTPD0001"
    if args.position != "none":
        ds.PatientPosition = args.position
    ds.InstanceNumber = k + 1
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = args.channels
    ds.Columns = args.rows
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 0
    ds.RescaleSlope = repr(args.slope)
    ds.RescaleIntercept = "0"
    c0, r0 = (float(v) for v in args.central.split(","))
    ds.add_new((0x7029, 0x0010), "LO", "DICOM-CT-PD")
    private(ds, 0x7029, 0x1010, "H", [args.rows])
    private(ds, 0x7029, 0x1011, "H", [args.channels])
    private(ds, 0x7029, 0x1002, "f", [args.channel_pitch])
    private(ds, 0x7029, 0x1006, "f", [args.row_pitch])
    text(ds, 0x7029, 0x100B, args.shape)
    ds.add_new((0x7031, 0x0010), "LO", "DICOM-CT-PD")
    private(ds, 0x7031, 0x1001, "f", [math.remainder(phi, 2 * math.pi)])
    private(ds, 0x7031, 0x1002, "f", [z0])
    private(ds, 0x7031, 0x1003, "f", [args.rho])
    private(ds, 0x7031, 0x1031, "f", [args.d0])
    private(ds, 0x7031, 0x1033, "f", [c0, r0])
    ds.add_new((0x7033, 0x0010), "LO", "DICOM-CT-PD")
    private(ds, 0x7033, 0x100B, "f", [shift_phi])
    private(ds, 0x7033, 0x100C, "f", [shift_z])
    private(ds, 0x7033, 0x100D, "f", [0.0])
    text(ds, 0x7033, 0x100E, args.ffs_label or args.ffs)
    private(ds, 0x7033, 0x1013, "H", [args.views_per_turn])
    ds.add_new((0x7037, 0x0010), "LO", "DICOM-CT-PD")
    text(ds, 0x7037, 0x1009, "AXIAL" if args.axial else "HELICAL")
    text(ds, 0x7037, 0x100A, "FANBEAM")
    ds.add_new((0x7041, 0x0010), "LO", "DICOM-CT-PD")
    text(ds, 0x7041, 0x1001, repr(WATER) if args.phantom == "body" else "0.0193")
    ds.PixelData = image.tobytes()
    ds.save_as(os.path.join(args.out, "%s_%05d.dcm" % (args.prefix, k + 1)), write_like_original=False)


if __name__ == "__main__":
    main()
